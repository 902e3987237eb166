// Waivers end to end: a policy config with exemptions, through the real pack over gRPC (which
// honours them itself), into the report: waived findings listed apart, an expired waiver back as a
// violation, and stale exemptions, also of policies that never ran on the stack.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, render, runCheck } from "../offline/check";
import { StackReport } from "../offline/report/model";
import { PROJECT_DIR } from "./support/mockProgram";
import { sharedPack } from "./support/sharedPack";
import { tempDir } from "./support/tempDirs";

describe("waivers in the offline check", function () {
    this.timeout(120_000);
    let dev: StackReport;

    before(async () => {
        const config = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "config", "dev.json"), "utf8"));
        config["eks-nat-per-az"] = { exemptions: [{ resource: "eks-platform-dev-private-*", reason: "one NAT gateway in dev to save cost", expires: "2027-03-31", approvedBy: "platform-team" }] };
        config["eks-placeholder-values"] = { enforcementLevel: "advisory", exemptions: [{ resource: "eks-platform-dev-cluster", reason: "documentation range until the office CIDR is known", expires: "2026-11-01" }] };
        config["eks-fargate-profile-shape"] = { exemptions: [{ resource: "no-such-profile", reason: "left over from a removed profile", expires: "2027-01-31" }] };
        const file = path.join(tempDir("waivers-"), "dev.json");
        fs.writeFileSync(file, JSON.stringify(config));
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        dev = (await runCheck(parseArgs(["--stack", "dev", "--policy-config", file]), await sharedPack())).stacks[0];
    });

    it("an active waiver takes the finding out of the violations and lists it with reason, expiry and approver", () => {
        assert.deepStrictEqual(dev.findings.filter((f) => f.policy === "eks-nat-per-az"), []);
        const waived = dev.waivers?.waived ?? [];
        assert.strictEqual(waived.length, 1);
        assert.strictEqual(waived[0].resource?.name, "eks-platform-dev-private-us-east-1b");
        assert.match(waived[0].message, /^Waived until 2027-03-31 by exemption "eks-platform-dev-private-\*" \(one NAT gateway in dev to save cost; approved by platform-team\): \[eks-nat-per-az\] Subnet "eks-platform-dev-private-us-east-1b"/);
        assert.strictEqual(dev.summary.advisory, dev.findings.filter((f) => !f.notRunnable && f.enforcementLevel === "advisory").length, "waived findings are not counted");
    });

    it("an expired waiver is a violation again that names it", () => {
        const cluster = dev.findings.filter((f) => f.policy === "eks-placeholder-values" && f.resource?.name === "eks-platform-dev-cluster");
        assert.strictEqual(cluster.length, 1);
        assert.match(cluster[0].message, /\(the waiver expired on 2026-11-01: exemption "eks-platform-dev-cluster" \(documentation range until the office CIDR is known\); fix this or renew the waiver\)$/);
    });

    it("lists an exemption that matched nothing as stale, also for a policy the pack never ran here", () => {
        assert.deepStrictEqual(dev.waivers?.stale, ['eks-fargate-profile-shape: exemption "no-such-profile" (left over from a removed profile; expires 2027-01-31) matches no finding of this stack; remove it']);
    });

    it("shows waived and stale in the terminal and markdown reports", async () => {
        const report = { schemaVersion: 1 as const, tool: { name: "eks-platform-check" as const, policyPack: { name: "eks-guard", version: "0" } }, evaluationDate: "2026-11-22", stacks: [dev], policies: [], exitCode: 0 as const };
        const terminal = render(report, "terminal", false);
        assert.match(terminal, /Waived by exemptions \(1\)/);
        assert.match(terminal, /Stale exemptions \(1\)\n {2}● eks-fargate-profile-shape: exemption "no-such-profile"/);
        const markdown = render(report, "markdown", false);
        assert.match(markdown, /<summary>Waived by exemptions: 1<\/summary>/);
        assert.match(markdown, /- \*\*stale exemption\*\*: eks-fargate-profile-shape/);
    });
});
