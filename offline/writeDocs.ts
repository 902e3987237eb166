// `npm run docs`: writes docs/policies.md from the pack and every generated block of README.md and
// docs/*.md (offline/generatedDocs.ts). Tests fail while either is out of step.
import * as fs from "fs";
import * as path from "path";
import { writeGeneratedDocs } from "./generatedDocs";
import { policyReferencePage, REFERENCE_PAGE } from "./policyReference";
import { PROJECT_DIR } from "./projectDir";

async function main(): Promise<void> {
    fs.writeFileSync(path.join(PROJECT_DIR, REFERENCE_PAGE), policyReferencePage());
    process.stderr.write(`wrote ${REFERENCE_PAGE}\n`);
    for (const file of await writeGeneratedDocs()) {
        process.stderr.write(`wrote ${file}\n`);
    }
}

main().then(
    () => process.exit(0),
    (error) => {
        process.stderr.write(`npm run docs: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    },
);
