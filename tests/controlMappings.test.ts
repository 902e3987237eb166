// Every policy says which compliance controls it corresponds to (or that none does), from a mapping
// with a source per entry, in docs/policies.md and in SARIF, where code scanning can filter by it.
import * as assert from "assert";
import mappings from "../policies/data/control-mappings.json";
import { allPolicies } from "../policies/rules";
import { controlsLine, controlsOf, controlTags } from "../offline/controlMappings";
import { policyReferencePage } from "../offline/policyReference";
import { render } from "../offline/check";
import { sharedCheck } from "./support/sharedChecks";

type Entry = { securityHub: { id: string; title: string; match: string; source: string }[]; cis: { id: string; source: string }[]; nist: { id: string; source: string }[] };
const entries = (mappings as unknown as { policies: Record<string, Entry> }).policies;

describe("compliance control mappings", function () {
    this.timeout(180_000);

    it("covers every policy of the pack and nothing else, each control with its title, match and source", () => {
        assert.deepStrictEqual(Object.keys(entries).sort(), allPolicies.map((p) => p.name).sort());
        for (const [policy, entry] of Object.entries(entries)) {
            for (const control of entry.securityHub) {
                assert.match(control.id, /^[A-Za-z0-9]+\.\d+$/, `${policy}: ${control.id}`);
                assert.ok(["same", "partial", "retired"].includes(control.match), `${policy}: ${control.id} match ${control.match}`);
                assert.ok(control.title.length > 10 && /^https:\/\/docs\.aws\.amazon\.com\/securityhub\//.test(control.source), `${policy}: ${control.id} title and source`);
            }
            for (const requirement of [...entry.cis, ...entry.nist]) {
                assert.ok(requirement.source.length > 10, `${policy}: ${requirement.id} source`);
            }
        }
    });

    it("reads the controls of a policy, and says when none applies", () => {
        const secrets = controlsOf("eks-secrets-encryption")!;
        assert.deepStrictEqual(secrets.securityHub.map((c) => [c.id, c.match]), [["EKS.3", "same"]]);
        assert.ok(secrets.nist.includes("NIST.800-53.r5 SC-28"));
        assert.deepStrictEqual(controlTags(secrets), ["security-hub/EKS.3"]);
        assert.match(controlsLine(secrets), /^\*\*Mapped controls\.\*\* AWS Security Hub EKS\.3 "EKS clusters should use encrypted Kubernetes secrets" \(same\)\. NIST SP 800-53 r5: .*SC-28/);
        assert.match(controlsLine(controlsOf("eks-nat-per-az")), /^\*\*Mapped controls\.\*\* No AWS Security Hub control checks this/);
        assert.strictEqual(controlsOf("no-such-policy"), undefined);
        assert.deepStrictEqual(controlTags({ securityHub: [{ id: "AutoScaling.4", title: "t", match: "retired" }], cis: [], nist: [] }), [], "a retired control is no filter");
    });

    it("shows them in every policy's section of docs/policies.md", () => {
        const page = policyReferencePage();
        const sections = page.split("\n## ").slice(1);
        assert.strictEqual(sections.length, allPolicies.length);
        assert.ok(sections.every((s) => s.includes("**Mapped controls.**")), "each section has its controls");
    });

    it("puts them in SARIF rule properties and tags", async () => {
        const sarif = JSON.parse(render(await sharedCheck(["--stack", "prod"]), "sarif", false));
        const rules = sarif.runs[0].tool.driver.rules as { id: string; properties: Record<string, unknown> }[];
        const secrets = rules.find((r) => r.id === "eks-secrets-encryption")!;
        assert.deepStrictEqual(secrets.properties["security-hub"], ["EKS.3"]);
        assert.ok((secrets.properties.tags as string[]).includes("security-hub/EKS.3"));
        assert.ok((secrets.properties.nist as string[]).includes("NIST.800-53.r5 SC-28"));
        const nat = rules.find((r) => r.id === "eks-nat-per-az")!;
        assert.strictEqual(nat.properties["security-hub"], undefined);
    });
});
