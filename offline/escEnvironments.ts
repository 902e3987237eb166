// Pulumi ESC environments a stack file imports (`environment:`), read from the values files the user
// or CI writes with `pulumi env open <org>/<project>/<env> --format json` (or `esc env open`), and
// merged as the Pulumi CLI merges them (pulumi/pulumi @ 1b594989):
// - `environment: [a, b]` is opened as an anonymous environment importing a then b
//   (pkg/cmd/pulumi/config/io.go openStackEnv); ESC layers each import over the ones before, so later
//   environments win (sdk/go/common/esc eval), and the definition's own `values:` win over them all;
// - the opened environment's `pulumiConfig` becomes stack config, a key without a namespace taking the
//   project's; the stack file's own `config:` wins over it, maps merged key by key
//   (pkg/workspace/config.go mergeConfig: "Prefers stack values over env values");
// - strings stay strings, numbers and booleans become their text, maps and lists JSON text.
// `pulumi env open` prints secrets in plain text; a value written as the string "[secret]" (as the
// CLI shows secrets it does not reveal) is one the check cannot see, planned like a `secure:` key.
import * as fs from "fs";
import * as path from "path";
import { isJsonMap, JsonMap, mergeMaps } from "../config/mergeMaps";
import { StackFileError } from "./stackFileError";

/** The environments a stack file's `environment:` imports, in order, and its inline pulumiConfig values. */
export function importedEnvironments(environment: unknown, file: string): { names: string[]; inline: JsonMap } {
    if (Array.isArray(environment) && environment.every((e) => typeof e === "string" && e !== "")) {
        return { names: environment as string[], inline: {} };
    }
    if (isJsonMap(environment)) {
        const imports = environment.imports ?? [];
        const values = (environment.values ?? {}) as JsonMap;
        if (Array.isArray(imports) && imports.every((e) => typeof e === "string" && e !== "") && isJsonMap(values)) {
            return { names: imports as string[], inline: isJsonMap(values.pulumiConfig) ? values.pulumiConfig : {} };
        }
    }
    throw new StackFileError(`Stack file ${file}: environment: must list ESC environment names (environment: [project/env]) or be a definition with imports: [...] and values:, not ${JSON.stringify(environment)}`);
}

/**
 * Where the check looks for an environment's values when no file is given: esc/<project>/<env>.json
 * beside the stack files, then in the project; a pinned version's own file first
 * (esc/<project>/<env>@<version>.json), then the environment's.
 */
export function defaultValuesFiles(dirs: readonly string[], name: string): string[] {
    const names = name.includes("@") ? [name, name.split("@")[0]] : [name];
    return [...new Set(dirs)].flatMap((dir) => names.map((n) => path.join(dir, "esc", `${n}.json`)));
}

/** The pulumiConfig of each imported environment, from its values file; all missing ones in one error. */
export function readEnvironmentConfigs(names: readonly string[], stackFile: string, given: Readonly<Record<string, string>>, projectDir: string): JsonMap[] {
    const missing: string[] = [];
    const configs = names.map((name) => {
        const candidates = given[name] ? [given[name]] : defaultValuesFiles([path.dirname(stackFile), projectDir], name);
        const file = candidates.find((f) => fs.existsSync(f));
        if (!file) {
            missing.push(`${name} (looked for ${candidates.map((f) => path.relative(process.cwd(), f) || f).join(", ")})`);
            return {};
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(fs.readFileSync(file, "utf8"));
        } catch (error) {
            throw new StackFileError(`ESC values file ${file} (environment ${name}) is not JSON: ${(error as Error).message}; write it with \`pulumi env open <org>/${name} --format json > ${file}\``);
        }
        if (!isJsonMap(parsed)) {
            throw new StackFileError(`ESC values file ${file} (environment ${name}) must be the JSON object \`pulumi env open\` prints, not ${JSON.stringify(parsed)}`);
        }
        const config = parsed.pulumiConfig ?? {};
        if (!isJsonMap(config)) {
            throw new StackFileError(`ESC values file ${file} (environment ${name}): pulumiConfig must be a map of config keys to values, not ${JSON.stringify(config)}`);
        }
        return config;
    });
    if (missing.length > 0) {
        throw new StackFileError(
            `Stack file ${stackFile} imports Pulumi ESC environments whose values the check does not have: ${missing.join("; ")}. Write each with \`pulumi env open <org>/<environment> --format json > <file>\` (or esc env open) and give it with --environment-values <environment>=<file>, or put it at esc/<environment>.json beside the stack files`,
        );
    }
    return configs;
}

/** The environments' pulumiConfig merged in import order (later wins), then the definition's own values. */
export function environmentConfig(configs: readonly JsonMap[], inline: JsonMap): JsonMap {
    return [...configs, inline].reduce<JsonMap>((merged, config) => mergeMaps(merged, config), {});
}
