// The environment diagram of the pull-request comment: parsed by the real Mermaid parser (a syntax
// error would show a broken block on GitHub), and drawing what a reviewer needs to see for each
// endpoint mode: zones in order, the internet gateway, public subnets with their NAT gateways, the
// traffic paths the EKS User Guide describes, Fargate selectors with their labels.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { StackReport } from "../offline/report/model";
import { sharedCheck } from "./support/sharedChecks";

function parseMermaid(diagrams: string[]): { ok: boolean; error?: string }[] {
    const result = spawnSync(process.execPath, [path.join(__dirname, "support", "mermaidParse.mjs")], { input: JSON.stringify(diagrams), encoding: "utf8" });
    assert.strictEqual(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
}

describe("environment diagram", function () {
    this.timeout(180_000);
    const stacks = new Map<string, StackReport>();

    before(async () => {
        for (const stack of (await sharedCheck(["--all"])).stacks) {
            stacks.set(stack.stack, stack);
        }
    });
    const diagram = (stack: string) => stacks.get(stack)!.diagram!;

    it("parses with the real Mermaid parser for every stack, which refuses a broken one", () => {
        const names = ["dev", "staging", "prod", "sandbox", "network-shared", "apps-shared"];
        const results = parseMermaid([...names.map(diagram), diagram("prod").replace('["internet gateway"]', '["internet gateway"')]);
        names.forEach((name, i) => assert.deepStrictEqual(results[i], { ok: true }, `${name}: ${results[i].error}`));
        assert.strictEqual(results[names.length].ok, false, "the parser accepted a broken diagram");
    });

    it("draws the zones in order, the internet gateway, and each NAT gateway in its public subnet", () => {
        const prod = diagram("prod");
        const zones = [...prod.matchAll(/subgraph \w+\["(us-east-1[a-z])"\]/g)].map((m) => m[1]);
        assert.deepStrictEqual(zones, ["us-east-1a", "us-east-1b", "us-east-1c"]);
        assert.match(prod, /(\w+)\[\["internet gateway"\]\][\s\S]*\1 <--> internet/);
        for (const [, subnet, nat] of prod.matchAll(/(\w+) --- (\w+)\n/g)) {
            assert.match(prod, new RegExp(`${subnet}\\["public `), "a NAT gateway sits in a public subnet");
            assert.match(prod, new RegExp(`${nat}\\(\\["NAT gateway"\\]\\)`));
        }
        assert.strictEqual((prod.match(/ --- /g) ?? []).length, 3, "one NAT gateway per zone in prod");
    });

    it("draws the traffic paths of each endpoint mode", () => {
        const paths = (stack: string) => [...diagram(stack).matchAll(/-->\|"([^"]+)"\|/g)].map((m) => m[1]).sort();
        assert.deepStrictEqual(paths("dev"), ["API server to kubelet", "kubectl (public endpoint)", "kubelet to API server (public endpoint, through NAT)"].sort());
        assert.deepStrictEqual(paths("staging"), ["API server to kubelet", "kubectl (public endpoint)", "kubelet to API server (private endpoint)"].sort());
        assert.deepStrictEqual(paths("prod"), ["API server to kubelet", "kubectl from connected networks", "kubectl through SSM port forwarding", "kubelet to API server (private endpoint)"].sort());
        assert.match(diagram("prod"), /EKS-owned network interfaces<br\/>in 3 cluster subnets/);
    });

    it("draws EKS Auto Mode nodes in the cluster's subnets, and none where node groups run", () => {
        const sandbox = diagram("sandbox");
        const [, node] = /(\w+)\[\/"EKS Auto Mode nodes<br\/>node pools: general-purpose, system"\/\]/.exec(sandbox) ?? [];
        assert.ok(node, sandbox);
        assert.strictEqual(sandbox.split("\n").filter((line) => line.startsWith(`  ${node} --> `)).length, 2, "one edge per cluster subnet (two zones)");
        assert.doesNotMatch(diagram("dev"), /Auto Mode/);
    });

    it("shows Fargate selectors with their labels", () => {
        assert.match(diagram("prod"), /Fargate system-and-payments<br\/>kube-system \(k8s-app=kube-dns\)<br\/>payments/);
    });
});
