// A policy pack's process, started the way the Pulumi CLI's analyzer plugin starts it
// (`@pulumi/pulumi/cmd/run-policy-pack <engine address> <pack dir>`, which prints the port of its
// analyzer gRPC server on stdout). Light on purpose (no gRPC): `npm run check` starts the pack
// first thing, so that its start-up overlaps the loading of everything else.
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

export interface PackProcess {
    child: ChildProcess;
    /** The port the pack serves on, once it does; rejected when it exits or times out first. */
    port: Promise<number>;
}

export function spawnPack(packDir: string, timeoutMs = 120_000): PackProcess {
    const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // The first argument is the engine address, used only for log messages; none runs here.
    const child = spawn(process.execPath, [entry, "127.0.0.1:0", path.resolve(packDir)], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    // A pack is a server: it would outlive a process that exits without closing it (bad input found
    // after the early start, an error).
    const killOnExit = () => child.kill();
    process.on("exit", killOnExit);
    child.on("exit", () => process.off("exit", killOnExit));
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = new Promise<number>((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => reject(new Error(`policy pack did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const match = /^(\d+)\s*$/m.exec(stdout);
            if (match) {
                clearTimeout(timer);
                resolve(Number(match[1]));
            }
        });
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`policy pack exited with code ${code} before serving\n${stderr}`));
        });
    });
    // Awaited by whoever connects; a run that never connects must not fail on it.
    port.catch(() => undefined);
    return { child, port };
}
