// Reads EC2 instance type names, checked against the types EKS nodes know, with a "did you mean".
import data from "./data/ec2-instance-types.json";
import { ConfigProblems } from "./problems";
import { didYouMean } from "./suggest";
import { RawValue, readString } from "./values";

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
export const KNOWN_INSTANCE_TYPES: ReadonlySet<string> = new Set(data.instanceTypes);

export type Architecture = "arm64" | "x86_64";

/** Graviton families carry a `g` after the generation digit (m7g, t4g, c7gn, im4gn); a1 is Graviton too. */
export function instanceArchitecture(instanceType: string): Architecture {
    const family = instanceType.split(".")[0];
    return /^a1$|^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

export function readInstanceType(problems: ConfigProblems, path: string, value: RawValue): string | undefined {
    const name = readString(problems, path, value);
    if (name === undefined) {
        return undefined;
    }
    if (!INSTANCE_TYPE.test(name)) {
        problems.add(path, name, "expected an EC2 instance type such as m6i.large");
        return undefined;
    }
    if (!KNOWN_INSTANCE_TYPES.has(name)) {
        // Suggestions keep the architecture the name implies: m6i.medium must not become m6g.medium,
        // which would move an x86 group to Graviton (and its AMI type with it).
        const sameArchitecture = [...KNOWN_INSTANCE_TYPES].filter((t) => instanceArchitecture(t) === instanceArchitecture(name));
        problems.add(path, name, `${didYouMean(name, sameArchitecture, 2)}not an EC2 instance type EKS nodes know (config/data/ec2-instance-types.json, from the EKS node agent's instance data)`);
        return undefined;
    }
    return name;
}
