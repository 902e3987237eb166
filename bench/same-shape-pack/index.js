// The benchmark's second reference: eks-guard's policies (names, levels, the types their resource
// validations are marked for, stack or resource) with bodies that do nothing. Against the one-policy
// no-op pack it measures what the @pulumi/policy framework itself costs per Analyze call for a pack
// of eks-guard's shape; eks-guard against it measures what the rules themselves cost.
const path = require("path");
const { PolicyPack } = require("@pulumi/policy");
const { allPolicies } = require(path.join(__dirname, "..", "..", "policies", "bin", "rules"));
const { forType, markedType } = require(path.join(__dirname, "..", "..", "policies", "bin", "lib", "typedValidation"));

const nothing = () => undefined;
const policies = allPolicies.map((policy) => {
    const shape = { name: policy.name, description: policy.description, enforcementLevel: policy.enforcementLevel };
    if (!policy.validateResource) {
        return { ...shape, validateStack: nothing };
    }
    const type = markedType(policy.validateResource);
    return { ...shape, validateResource: type ? forType(type, () => undefined) : () => undefined };
});

new PolicyPack("same-shape", { policies });
