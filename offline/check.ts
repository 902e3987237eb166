// `npm run check -- --stack <name>`: plans a stack without cloud credentials. Runs the program under
// Pulumi's mock runtime with the stack's config, so config errors surface exactly as in
// `pulumi preview`, and prints what would be declared.
//
// Exit codes: 0 the stack plans; 2 bad config or program error.
import * as fs from "fs";
import * as path from "path";
import { ConfigValidationError } from "../config/problems";
import { PROJECT_DIR, runStack } from "./mockRun";
import { renderResourceTree } from "./resourceTree";

interface Options {
    stacks: string[];
}

function usage(message: string): never {
    process.stderr.write(`${message}\nusage: npm run check -- --stack <name> | --all\n`);
    process.exit(2);
}

function parseArgs(argv: string[]): Options {
    const stacks: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--stack") {
            const stack = argv[++i];
            if (!stack) {
                usage("--stack needs a stack name");
            }
            stacks.push(stack);
        } else if (argv[i] === "--all") {
            stacks.push(
                ...fs
                    .readdirSync(PROJECT_DIR)
                    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
                    .filter((s): s is string => !!s),
            );
        } else {
            usage(`unknown argument ${argv[i]}`);
        }
    }
    return { stacks: stacks.length > 0 ? stacks : ["dev"] };
}

async function checkStack(stack: string): Promise<number> {
    if (!fs.existsSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`))) {
        process.stderr.write(`No stack file Pulumi.${stack}.yaml in ${PROJECT_DIR}\n`);
        return 2;
    }
    try {
        const run = await runStack(stack);
        process.stdout.write(`eks-platform · stack ${stack} · offline plan (Pulumi mock runtime, no cloud calls)\n`);
        process.stdout.write(renderResourceTree(run.resources).join("\n") + "\n");
        const protectedCount = run.resources.filter((r) => r.protect).length;
        process.stdout.write(`\n${stack}: configuration valid; ${run.resources.length} resources declared (${protectedCount} protected).\n\n`);
        return 0;
    } catch (error) {
        const message = error instanceof ConfigValidationError ? error.message : `Program error: ${(error as Error).stack ?? error}`;
        process.stderr.write(`${stack}: ${message}\n`);
        return 2;
    }
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    let exitCode = 0;
    for (const stack of options.stacks) {
        exitCode = Math.max(exitCode, await checkStack(stack));
    }
    process.exit(exitCode);
}

main();
