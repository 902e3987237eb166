// Reads a stack's configuration the way the Pulumi CLI hands it to a program: the stack file's
// `config:` merged over the project's declared defaults, every value a string (structured values as
// JSON), keys fully qualified (`eks-platform:network.zoneCount`, `aws:region`).
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { closest } from "../config/suggest";
import { mergeMaps } from "../config/mergeMaps";
import { environmentConfig, importedEnvironments, readEnvironmentConfigs } from "./escEnvironments";

export interface StackConfig {
    project: string;
    stack: string;
    /** Fully qualified key -> value as the program sees it. */
    config: Record<string, string>;
    /** Keys whose value is `secure:` in the stack file; their values are placeholders, not decrypted. */
    secretKeys: string[];
    /**
     * The project's keys set `secure:` in the stack file: the check cannot decrypt them, so it plans
     * with their declared default instead and says so (a secure key without a default is an error).
     */
    unseen: { key: string; plannedWith: string }[];
}

import { StackFileError } from "./stackFileError";
export { StackFileError };

/** The namespaces whose keys this program (or the AWS provider, or Pulumi itself) reads. */
const READ_NAMESPACES = (project: string) => [project, "aws", "pulumi"];

function readYaml(file: string, what: string): Record<string, unknown> {
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new StackFileError(`${what} ${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? (error as Error).message})`}`);
    }
    let text: string;
    try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        throw new StackFileError(`${what} ${file}: not UTF-8 text (YAML files must be UTF-8); re-save it as UTF-8`);
    }
    // Merge keys (`<<: *defaults`) as the Pulumi CLI's YAML reader resolves them (YAML 1.1 merge).
    const document = YAML.parseDocument(text, { prettyErrors: true, merge: true });
    if (document.errors.length > 0) {
        const problems = document.errors.map((e) => {
            const at = e.linePos?.[0];
            return `  - ${at ? `line ${at.line}, column ${at.col}: ` : ""}${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`;
        });
        throw new StackFileError(`${what} ${file} is not valid YAML:\n${problems.join("\n")}`);
    }
    let parsed: unknown;
    try {
        parsed = document.toJS();
    } catch (error) {
        // An alias (*name) to an anchor (&name) the file does not define.
        // The yaml package says "Unresolved alias (the anchor must be set before the alias): <name>".
        const message = (error as Error).message;
        const name = /:\s*([^\s:]+)$/.exec(message)?.[1];
        const line = name ? text.split("\n").findIndex((l) => new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(l)) + 1 : 0;
        throw new StackFileError(`${what} ${file} is not valid YAML:\n  - ${line > 0 ? `line ${line}: ` : ""}${name ? `the alias *${name} names no anchor &${name} defined before it` : message}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new StackFileError(`${what} ${file} must be a YAML map (such as \`config:\` with its keys), not ${Array.isArray(parsed) ? "a list" : parsed === null ? "empty" : JSON.stringify(parsed)}`);
    }
    return parsed as Record<string, unknown>;
}

/**
 * The stack file's `config:` map over the pulumiConfig of the ESC environments it imports (their
 * values files: escEnvironments.ts), refusing what Pulumi would misread or this program would never see.
 */
function stackConfigValues(file: string, project: string, environmentValues: Readonly<Record<string, string>>, projectDir: string): Record<string, unknown> {
    const stackFile = readYaml(file, "Stack file");
    let fromEnvironments: Record<string, unknown> = {};
    if (stackFile.environment !== undefined) {
        const { names, inline } = importedEnvironments(stackFile.environment, file);
        const merged = environmentConfig(readEnvironmentConfigs(names, file, environmentValues, projectDir), inline);
        fromEnvironments = Object.fromEntries(Object.entries(merged).map(([key, value]) => [qualify(project, key), value]));
    }
    const values = stackFile.config ?? (stackFile.environment !== undefined ? {} : undefined);
    if (values === undefined) {
        const keys = Object.keys(stackFile);
        throw new StackFileError(`Stack file ${file} has no \`config:\` map${keys.length ? ` (its top-level keys: ${keys.join(", ")}; are the settings missing their \`config:\` parent?)` : ""}`);
    }
    if (!values || typeof values !== "object" || Array.isArray(values)) {
        throw new StackFileError(`Stack file ${file}: \`config:\` must be a map of ${project}:<key> to value, not ${Array.isArray(values) ? "a list" : JSON.stringify(values)}`);
    }
    const known = READ_NAMESPACES(project);
    const problems = Object.keys(values)
        .filter((key) => key.includes(":") && !known.includes(key.split(":")[0]))
        .map((key) => {
            const namespace = key.split(":")[0];
            const near = closest(namespace, known);
            return `  - ${key}: namespace "${namespace}" is read by nothing in this project${near ? ` (did you mean "${near}:${key.slice(namespace.length + 1)}"?)` : ""}; the namespaces read are ${known.join(", ")}`;
        });
    if (problems.length > 0) {
        throw new StackFileError(`Stack file ${file} has ${problems.length} key${problems.length === 1 ? "" : "s"} nothing reads:\n${problems.join("\n")}`);
    }
    // The stack file's own values win; maps are merged key by key (pkg/workspace/config.go mergeConfig).
    const own = Object.fromEntries(Object.entries(values as Record<string, unknown>).map(([key, value]) => [qualify(project, key), value]));
    return mergeMaps(fromEnvironments, own);
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Pulumi passes scalars as their text and structured values as JSON. */
export function configValueText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** How the Pulumi CLI shows a secret it does not reveal; in an ESC values file, a value the check cannot see. */
const BLINDED = "[secret]";

function isSecure(value: unknown): boolean {
    return !!value && typeof value === "object" && !Array.isArray(value) && "secure" in (value as object) && Object.keys(value as object).length === 1;
}

/** `stackDir` holds Pulumi.<stack>.yaml (Pulumi.yaml's stackConfigDir); the project directory by default. */
/** `environmentValues`: values files of the ESC environments stack files import, by environment name. */
export function readStackConfig(projectDir: string, stack: string, stackDir: string = projectDir, environmentValues: Readonly<Record<string, string>> = {}): StackConfig {
    const project = readYaml(path.join(projectDir, "Pulumi.yaml"), "Project file");
    const projectName = String(project.name);
    const config: Record<string, string> = {};
    const declarations = (project.config ?? {}) as Record<string, unknown>;
    for (const [key, declaration] of Object.entries(declarations)) {
        const hasDefault = declaration && typeof declaration === "object" && "default" in (declaration as object);
        if (hasDefault) {
            config[qualify(projectName, key)] = configValueText((declaration as { default: unknown }).default);
        } else if (!declaration || typeof declaration !== "object") {
            config[qualify(projectName, key)] = configValueText(declaration);
        }
    }
    const stackFile = path.join(stackDir, `Pulumi.${stack}.yaml`);
    const stackValues = stackConfigValues(stackFile, projectName, environmentValues, projectDir);
    const secretKeys: string[] = [];
    const unseen: StackConfig["unseen"] = [];
    const blind: string[] = [];
    for (const [key, value] of Object.entries(stackValues)) {
        const qualified = qualify(projectName, key);
        if (!isSecure(value) && value !== BLINDED) {
            config[qualified] = configValueText(value);
            continue;
        }
        secretKeys.push(qualified);
        if (!qualified.startsWith(`${projectName}:`)) {
            // A provider's secret (aws:secretKey): the program does not read it.
            config[qualified] = "[secret]";
        } else if (config[qualified] !== undefined) {
            // Validating the placeholder text would judge a value nobody wrote: plan with the default.
            unseen.push({ key: qualified, plannedWith: config[qualified] });
        } else {
            blind.push(qualified);
        }
    }
    if (blind.length > 0) {
        throw new StackFileError(
            `Stack file ${stackFile}: ${blind.join(", ")} ${blind.length === 1 ? "is" : "are"} secure: (encrypted), which the offline check cannot decrypt, and Pulumi.yaml declares no default to plan with; check this stack with \`pulumi preview --policy-pack policies\`, where the values are decrypted`,
        );
    }
    return { project: projectName, stack, config, secretKeys, unseen };
}
