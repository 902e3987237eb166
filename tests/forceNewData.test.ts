// The force-new data --compare reads: every type the program declares has its entry with a source,
// and every property named is an input of that type in the installed @pulumi/aws (a misspelt or
// renamed one would never match, and hide a replacement as an update).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import data from "../offline/data/force-new-properties.json";
import { PROJECT_DIR, runProgram } from "./support/mockProgram";
import { qualifiedConfig } from "./support/configFixtures";

/** The `<Resource>Args` interface text of a type token such as aws:ec2/vpc:Vpc. */
function argsOf(type: string): string {
    const [, module, resource] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type)!;
    const file = path.join(PROJECT_DIR, "node_modules/@pulumi/aws", module, `${resource}.d.ts`);
    const text = fs.readFileSync(file, "utf8");
    const className = type.split(":").pop()!;
    const start = text.indexOf(`export interface ${className}Args {`);
    assert.ok(start >= 0, `${className}Args in ${file}`);
    return text.slice(start, text.indexOf("\n}", start));
}

describe("force-new data", () => {
    const forceNew: Record<string, string[]> = data.forceNew;
    const sources: Record<string, string> = data.sources;

    it("names a source file and commit (or index id) for every type", () => {
        for (const type of Object.keys(forceNew)) {
            assert.match(sources[type] ?? "", /\.go\b.*(@ ?[0-9a-f]{8,}|index id \d+)/, type);
        }
    });

    it("lists only inputs the installed provider has, by their Pulumi names", () => {
        for (const [type, properties] of Object.entries(forceNew)) {
            const args = argsOf(type);
            for (const property of properties) {
                const top = property.split(".")[0];
                assert.match(args, new RegExp(`\\n\\s+${top}\\??: `), `${type}: ${property}`);
            }
        }
    });

    it("covers every cloud resource type the program declares", async () => {
        const run = await runProgram(
            qualifiedConfig({
                fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }],
                addonRoles: { ebsCsi: true },
                "cluster.addons": ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent", "aws-ebs-csi-driver"],
                "cluster.oidcProvider": "true",
                "cluster.endpoint.accessHost": "true",
                "cluster.compute": "karpenter",
                "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/18"] },
                "cluster.capabilities": [{ type: "KRO" }],
                nodeGroups: [
                    {
                        name: "general",
                        instanceTypes: ["m6i.large"],
                        minSize: 0,
                        maxSize: 3,
                        schedule: { timeZone: "UTC", actions: [{ name: "up", cron: "0 7 * * *", desiredSize: 2 }, { name: "down", cron: "0 19 * * *", desiredSize: 0 }] },
                    },
                ],
            }),
        );
        // IPv6 (its egress-only gateway) does not go with hybrid nodes: a second run.
        const ipv6 = await runProgram(qualifiedConfig({ "network.ipFamily": "ipv6" }));
        const declared = [...new Set([...run.resources, ...ipv6.resources].filter((r) => r.custom).map((r) => r.type))].sort();
        assert.deepStrictEqual(declared.filter((type) => !(type in forceNew)), []);
    });
});
