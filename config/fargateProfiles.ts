// Reads the `fargateProfiles` list: one Fargate profile per entry.
import { MAX_FARGATE_SELECTOR_LABELS, MAX_FARGATE_SELECTORS } from "../policies/lib/eksLimits";
import { FargateProfileConfig, FargateSelector } from "./environment";
import { checkLabels, checkNamespace } from "./kubernetesNames";
import { ConfigProblems } from "./problems";
import { RawValue, readArray, readObject, readString, readStringMap, reportDuplicates } from "./values";

/** 1-100 characters, starting with a letter or digit; EKS reserves the `eks-` prefix. */
const PROFILE_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export const FARGATE_PROFILE_FIELDS = ["name", "selectors"];

function readSelector(problems: ConfigProblems, path: string, value: RawValue): FargateSelector | undefined {
    const selector = readObject(problems, path, value, ["namespace", "labels"]);
    if (!selector) {
        return undefined;
    }
    const namespace = readString(problems, `${path}.namespace`, selector.namespace);
    if (namespace !== undefined && !checkNamespace(problems, `${path}.namespace`, namespace)) {
        return undefined;
    }
    const labels = readStringMap(problems, `${path}.labels`, selector.labels ?? {}, {
        maxEntries: MAX_FARGATE_SELECTOR_LABELS,
        why: "EKS allows 5 labels per Fargate selector",
    });
    if (labels) {
        checkLabels(problems, `${path}.labels`, labels);
    }
    return namespace && labels ? { namespace, labels } : undefined;
}

function readProfile(problems: ConfigProblems, path: string, value: RawValue): FargateProfileConfig | undefined {
    const profile = readObject(problems, path, value, FARGATE_PROFILE_FIELDS);
    if (!profile) {
        return undefined;
    }
    const before = problems.count;
    const name = readString(problems, `${path}.name`, profile.name);
    if (name !== undefined && !PROFILE_NAME.test(name)) {
        problems.add(`${path}.name`, name, "must be 1-100 letters, digits, hyphens or underscores, starting with a letter or digit");
    } else if (name?.startsWith("eks-")) {
        problems.add(`${path}.name`, name, 'must not start with "eks-" (EKS reserves that prefix)');
    }
    if (profile.selectors === undefined) {
        problems.add(`${path}.selectors`, undefined, `is required: 1 to ${MAX_FARGATE_SELECTORS} selectors, each with a namespace (and optional labels), say which pods run on the profile`);
    }
    const items = readArray(problems, `${path}.selectors`, profile.selectors);
    const selectors = items?.map((item, i) => readSelector(problems, `${path}.selectors[${i}]`, item));
    if (items && (items.length < 1 || items.length > MAX_FARGATE_SELECTORS)) {
        problems.add(`${path}.selectors`, items, `must have 1 to ${MAX_FARGATE_SELECTORS} selectors (EKS limit)`);
    }
    if (problems.count > before) {
        return undefined;
    }
    return { name: name!, selectors: selectors as FargateSelector[] };
}

export function readFargateProfiles(problems: ConfigProblems, value: RawValue): FargateProfileConfig[] | undefined {
    const items = readArray(problems, "fargateProfiles", value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const profiles = items.map((item, i) => readProfile(problems, `fargateProfiles[${i}]`, item));
    reportDuplicates(problems, "fargateProfiles", profiles.map((p) => p?.name));
    return problems.count > before ? undefined : (profiles as FargateProfileConfig[]);
}
