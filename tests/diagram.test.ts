// The environment diagrams of the pull-request comment: parsed by the real Mermaid parser (a syntax
// error would show a broken block on GitHub), and drawing what a reviewer needs to see: zones in
// order with their subnets and NAT gateways and where each private subnet's default route goes, the
// traffic paths the EKS User Guide describes for each endpoint mode, what runs where, Fargate
// selectors with their labels. tests/diagramRendering.test.ts checks how they look in a browser.
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

describe("environment diagrams", function () {
    this.timeout(180_000);
    const stacks = new Map<string, StackReport>();

    before(async () => {
        for (const stack of (await sharedCheck(["--all"])).stacks) {
            stacks.set(stack.stack, stack);
        }
    });
    const network = (stack: string) => stacks.get(stack)!.diagrams![0].mermaid;
    const cluster = (stack: string) => stacks.get(stack)!.diagrams![1].mermaid;

    it("parse with the real Mermaid parser for every stack, which refuses a broken one", () => {
        const all = [...stacks.values()].flatMap((s) => (s.diagrams ?? []).map((d) => ({ name: `${s.stack}: ${d.title}`, text: d.mermaid })));
        assert.strictEqual(all.length, 2 * stacks.size - 1, "a network and a cluster diagram per stack, a network one for the network stack");
        const results = parseMermaid([...all.map((d) => d.text), network("prod").replace('["us-east-1a"]', '["us-east-1a"')]);
        all.forEach((d, i) => assert.deepStrictEqual(results[i], { ok: true }, `${d.name}: ${results[i].error}`));
        assert.strictEqual(results[all.length].ok, false, "the parser accepted a broken diagram");
        assert.strictEqual(stacks.get("prod")!.diagram, network("prod"), "`diagram` keeps the first one");
    });

    it("draws the zones in name order, chained top to bottom, each NAT gateway in its public subnet and each private subnet's default route", () => {
        const prod = network("prod");
        assert.deepStrictEqual([...prod.matchAll(/subgraph (\w+)\["(us-east-1[a-z])"\]/g)].map((m) => m[2]), ["us-east-1a", "us-east-1b", "us-east-1c"]);
        assert.match(prod, /\n {4}n0z0 ~~~ n0z1 ~~~ n0z2\n/);
        assert.match(prod, /subgraph n0\["VPC 10\.30\.0\.0\/16 · internet gateway"\]/);
        const publicWithNat = [...prod.matchAll(/(\w+)\["public [\d./]+<br\/>NAT gateway"\]/g)].map((m) => m[1]);
        assert.strictEqual(publicWithNat.length, 3, "one NAT gateway per zone in prod");
        for (const [, from, to] of prod.matchAll(/(\w+) -->\|"0\.0\.0\.0\/0 via NAT"\| (\w+)/g)) {
            assert.match(prod, new RegExp(`${from}\\["private `));
            assert.ok(publicWithNat.includes(to), "a private subnet's route goes to its own zone's NAT gateway");
        }
        assert.match(prod, /\["transit gateway attachment<br\/>routes 10\.100\.0\.0\/16"\]/);
        // dev has one NAT gateway: the second zone's private subnet says where its route goes.
        assert.match(network("dev"), /\["private 10\.10\.32\.0\/19<br\/>0\.0\.0\.0\/0 via the NAT gateway in us-east-1a"\]/);
        assert.match(network("dev"), /\["public 10\.10\.200\.0\/21"\]/);
    });

    it("draws the traffic paths of each endpoint mode", () => {
        const paths = (stack: string) => [...cluster(stack).matchAll(/(?:-->|<-->)\|"([^"]+)"\|/g)].map((m) => m[1]).sort();
        assert.deepStrictEqual(paths("dev"), ["API server to kubelet", "kubectl (public endpoint)", "kubelet to API server (public endpoint, through NAT)"].sort());
        assert.deepStrictEqual(paths("staging"), ["API server to kubelet, and kubelet to API server (private endpoint)", "kubectl (public endpoint)"].sort());
        assert.deepStrictEqual(paths("prod"), ["API server to kubelet, and kubelet to API server (private endpoint)", "kubectl from connected networks", "kubectl through SSM port forwarding"].sort());
        assert.match(cluster("prod"), /\{\{"EKS cluster<br\/>eks-platform-prod<br\/>Kubernetes 1\.35<br\/>endpoint: private"\}\}/);
        // Below where kubectl comes from: invisible links keep the control plane under the transit gateway and the host.
        assert.match(cluster("prod"), /\n {2}n0 ~~~ n2\n {2}n1 ~~~ n2\n/);
        assert.match(cluster("prod"), /(\w+)\[\["EKS-owned network<br\/>interfaces"\]\]\n[\s\S]*\n {2}(\w+)\["private subnets in us-east-1a, 1b, 1c"\]\n {2}\1 -\.- \2\n/);
    });

    it("draws what runs where: node groups, Auto Mode nodes and Fargate profiles under their subnets", () => {
        const prod = cluster("prod");
        const [, subnets] = /(\w+)\["private subnets in us-east-1a, 1b, 1c"\]/.exec(prod) ?? [];
        for (const label of ["node group general<br/>m6i.xlarge, m7i.xlarge<br/>On-Demand, 3 to 12 nodes", "node group system<br/>m6i.large<br/>On-Demand, 3 to 6 nodes"]) {
            const [, id] = new RegExp(`(\\w+)\\["${label.replace(/[.()]/g, "\\$&")}"\\]`).exec(prod) ?? [];
            assert.ok(id, `${label}:\n${prod}`);
            assert.match(prod, new RegExp(`${subnets} --- ${id}\\n`));
        }
        assert.match(cluster("dev"), /\["node group general<br\/>t3\.large, t3a\.large<br\/>Spot, 0 to 3 nodes"\]/);
        const sandbox = cluster("sandbox");
        assert.match(sandbox, /(\w+)\["private subnets in us-east-1a, 1b"\]\n[\s\S]*(\w+)\["EKS Auto Mode nodes<br\/>node pools: general-purpose, system"\]\n {2}\1 --- \2/);
        assert.doesNotMatch(cluster("dev"), /Auto Mode/);
        assert.match(prod, /\(\["Fargate coredns<br\/>kube-system \(k8s-app=kube-dns\)"\]\)/);
        assert.match(prod, /\(\["Fargate payments<br\/>payments"\]\)/);
    });
});
