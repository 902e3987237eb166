// Temporary directories of the tests, removed when the run ends, so `npm test` leaves nothing in
// the system temp directory.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const made: string[] = [];

export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/**
 * A root hook plugin (.mocharc.json requires this file): afterAll runs once at the end of a serial
 * run, and after each spec file of a worker in a parallel one, so no file's directories are left.
 */
export const mochaHooks = {
    afterAll(): void {
        for (const dir of made.splice(0)) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    },
};
