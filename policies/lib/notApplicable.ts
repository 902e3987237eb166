// "This policy does not apply here", said as the framework wants it, without paying for a stack trace.
//
// @pulumi/policy says "not applicable" by throwing an Error (server.js throwNotApplicable, caught in
// the same function, which reads only its `reason`). Rules that apply to a few types say it for
// every other resource, and capturing those stack traces cost eks-guard about 0.06 ms of its
// 0.47 ms per Analyze call (`npm run bench`). The trace is never read, so none is captured.
export function notApplicable(args: { notApplicable(reason?: string): never }, reason: string): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable(reason);
    } finally {
        Error.stackTraceLimit = limit;
    }
}
