// A plan seen as stack policies see it (outputs, links by URN), with the graph and network view the
// rules build on: made once per plan and shared by the cost estimate and the diagram.
import { linkPolicyResources } from "../../policies/lib/policyResources";
import { StackContext } from "../../policies/lib/stackContext";
import { Plan } from "../plan";

export function planContext(plan: Plan): StackContext {
    const resources = linkPolicyResources(
        plan.resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.outputs,
            protect: r.protect,
            dependencies: r.dependsOnUrns,
            propertyDependencies: r.propertyDependencies,
        })),
    );
    return new StackContext({ resources, stackTags: new Map(), getConfig: () => ({}) as any, notApplicable: () => undefined as never });
}
