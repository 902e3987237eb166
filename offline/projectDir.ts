// The project's directory (where Pulumi.yaml is), found from this file's place: one up from
// offline/ under ts-node, two up from the compiled checker in build/offline/. Light on purpose:
// `npm run check` reads it before loading anything heavy, to start the pack first.
import * as fs from "fs";
import * as path from "path";

function projectDirAbove(start: string): string {
    for (let dir = path.resolve(start, ".."); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml")) || dir === path.dirname(dir)) {
            return dir;
        }
    }
}

export const PROJECT_DIR = projectDirAbove(__dirname);
