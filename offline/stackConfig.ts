// Reads a stack's configuration the way the Pulumi CLI hands it to a program: the stack file's
// `config:` merged over the project's declared defaults, every value a string (structured values as
// JSON), keys fully qualified (`eks-platform:network.zoneCount`, `aws:region`).
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";

export interface StackConfig {
    project: string;
    stack: string;
    /** Fully qualified key -> value as the program sees it. */
    config: Record<string, string>;
    /** Keys whose value is `secure:` in the stack file; their values are placeholders, not decrypted. */
    secretKeys: string[];
}

function readYaml(file: string): Record<string, unknown> {
    const parsed = YAML.parse(fs.readFileSync(file, "utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Pulumi passes scalars as their text and structured values as JSON. */
export function configValueText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function isSecure(value: unknown): boolean {
    return !!value && typeof value === "object" && !Array.isArray(value) && "secure" in (value as object) && Object.keys(value as object).length === 1;
}

/** `stackDir` holds Pulumi.<stack>.yaml (Pulumi.yaml's stackConfigDir); the project directory by default. */
export function readStackConfig(projectDir: string, stack: string, stackDir: string = projectDir): StackConfig {
    const project = readYaml(path.join(projectDir, "Pulumi.yaml"));
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
    const stackValues = (readYaml(stackFile).config ?? {}) as Record<string, unknown>;
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(stackValues)) {
        const qualified = qualify(projectName, key);
        if (isSecure(value)) {
            secretKeys.push(qualified);
            config[qualified] = "[secret]";
        } else {
            config[qualified] = configValueText(value);
        }
    }
    return { project: projectName, stack, config, secretKeys };
}
