import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { schedulesOf, weeklySizes } from "./nodeGroupSchedules";
import { StackContext } from "./stackContext";
import { AWS } from "./resourceTypes";
import { toPolicyResources } from "../testing/validateStack";

const SCHEDULE = "aws:autoscaling/schedule:Schedule";

/** A state-like stack: groups with their Auto Scaling group names in outputs, schedules naming them, no dependencies. */
function stack(asgName: string) {
    const resources = toPolicyResources([
        { type: AWS.nodeGroup, name: "general", props: { resources: [{ autoscalingGroups: [{ name: asgName }] }] } },
        { type: AWS.nodeGroup, name: "batch", props: { resources: [{ autoscalingGroups: [{ name: "eks-batch-1" }] }] } },
        { type: SCHEDULE, name: "up", props: { autoscalingGroupName: "eks-general-1", recurrence: "0 7 * * *", desiredCapacity: 2 } },
        { type: SCHEDULE, name: "batch-up", props: { autoscalingGroupName: "eks-batch-1", recurrence: "0 8 * * *", desiredCapacity: 1 } },
    ]);
    const context = new StackContext({ resources } as never);
    return { context, group: (name: string) => resources.find((r) => r.name === name)! };
}

const schedule = (props: Record<string, unknown>): PolicyResource => ({ name: String(props.name ?? "s"), props, type: SCHEDULE }) as unknown as PolicyResource;

describe("node group schedules", () => {
    it("finds a group's schedules by its Auto Scaling group's name, not another group's", () => {
        const { context, group } = stack("eks-general-1");
        assert.deepStrictEqual(schedulesOf(context, group("general")).map((s) => s.name), ["up"]);
        assert.deepStrictEqual(schedulesOf(context, group("batch")).map((s) => s.name), ["batch-up"]);
    });

    it("matches nothing by an empty Auto Scaling group name", () => {
        const { context, group } = stack("");
        const emptyNamed = toPolicyResources([{ type: SCHEDULE, name: "stray", props: { autoscalingGroupName: "", recurrence: "0 7 * * *", desiredCapacity: 2 } }]);
        const withStray = new StackContext({ resources: [...context.graph.ofType(AWS.nodeGroup), ...emptyNamed] } as never);
        assert.deepStrictEqual(schedulesOf(withStray, group("general")), []);
    });

    it("reads sizes, skipping actions that leave the desired capacity alone, and says when none sets one (an unknown one: costEstimate.test.ts)", () => {
        const sizes = weeklySizes([schedule({ recurrence: "0 7 * * MON-FRI", desiredCapacity: 2 }), schedule({ recurrence: "0 19 * * MON-FRI", desiredCapacity: 0 }), schedule({ recurrence: "0 12 * * *", desiredCapacity: -1 })]);
        assert.ok(!("unreadable" in sizes));
        assert.deepStrictEqual([...sizes.hours.entries()].sort(), [[0, 108], [2, 60]]);
        assert.deepStrictEqual(weeklySizes([schedule({ recurrence: "0 12 * * *", desiredCapacity: -1 })]), { unreadable: "its schedules, which set no desired capacity" });
    });
});
