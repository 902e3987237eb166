// docs/policies.md is generated from the pack; it must say what the pack does now.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policyAnchor, policyDocsUrl, policyReferencePage, REFERENCE_PAGE } from "../offline/policyReference";
import { allPolicies } from "../policies/rules";
import { PROJECT_DIR } from "./support/mockProgram";

describe("policy reference page", () => {
    it("docs/policies.md is what npm run docs generates from the pack now", () => {
        const page = fs.readFileSync(path.join(PROJECT_DIR, REFERENCE_PAGE), "utf8");
        assert.ok(page === policyReferencePage(), "docs/policies.md is out of date: run npm run docs");
    });

    it("has a section per policy, with its why, fix, source and settings with defaults and per-environment values", () => {
        const page = policyReferencePage();
        for (const policy of allPolicies) {
            assert.ok(page.includes(`\n## ${policy.name}\n`), policy.name);
            assert.ok(page.includes(`](#${policyAnchor(policy.name)})`), `${policy.name} is linked from the table`);
        }
        const imds = page.slice(page.indexOf("## eks-nodes-imdsv2"), page.indexOf("## eks-nodegroup-instance-types"));
        assert.match(imds, /\*\*How to fix\.\*\* Set metadataOptions\.httpTokens to required/);
        assert.match(imds, /\| `maxHopLimit` \| integer \| `1` \| `1` \| `1` \| `1` \|/);
        const budget = page.slice(page.indexOf("## eks-monthly-cost-budget"), page.indexOf("## eks-exemptions"));
        assert.match(budget, /\| `monthlyBudgetUsd` \| number \| none \| `300` \| `600` \| `1200` \|/);
        assert.match(budget, /Level per environment\*\*: dev advisory, staging mandatory, prod mandatory/);
    });

    it("links to the page at the commit checked on GitHub, and by path elsewhere", () => {
        const github = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/eks-platform", GITHUB_SHA: "0123abc" };
        assert.deepStrictEqual(policyDocsUrl("eks-nodes-imdsv2", github), {
            absolute: "https://github.com/acme/eks-platform/blob/0123abc/docs/policies.md#eks-nodes-imdsv2",
            relative: "docs/policies.md#eks-nodes-imdsv2",
        });
        assert.deepStrictEqual(policyDocsUrl("eks-nodes-imdsv2", {}), { relative: "docs/policies.md#eks-nodes-imdsv2" });
    });
});
