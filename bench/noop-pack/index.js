// The benchmark's reference: what any pack pays to start and answer (the @pulumi/policy runtime and
// its gRPC server), with one policy that does nothing.
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("noop", {
    policies: [{ name: "noop", description: "Checks nothing.", enforcementLevel: "advisory", validateResource: () => undefined }],
});
