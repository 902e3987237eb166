// The Auto Scaling scheduled actions on a managed node group's Auto Scaling group, and the weekly
// sizes they give it: what the cost estimate counts instead of the group's one desired size.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown, PropertyBag } from "./props";
import { StackContext } from "./stackContext";
import { averageSize, hoursAtSizes, parseWeeklyCron, WeeklyCron } from "./weeklySchedule";

export const AUTOSCALING_SCHEDULE = "aws:autoscaling/schedule:Schedule";

/**
 * The schedules of a node group: those whose autoscalingGroupName comes from it (a preview's
 * dependencies) or names its Auto Scaling group (outputs and state).
 */
export function schedulesOf(context: StackContext, group: PolicyResource): PolicyResource[] {
    const asgName = ifKnown(() => (((group.props.resources as PropertyBag[] | undefined)?.[0]?.autoscalingGroups as PropertyBag[] | undefined)?.[0]?.name as string | undefined));
    return context.graph.ofType(AUTOSCALING_SCHEDULE).filter((schedule) => {
        const fromGroup = (schedule.propertyDependencies.autoscalingGroupName ?? []).some((d) => d.urn === group.urn);
        return fromGroup || (asgName !== undefined && asgName !== "" && ifKnown(() => schedule.props.autoscalingGroupName) === asgName);
    });
}

export interface WeeklySizes {
    /** Hours a week at each desired size. */
    hours: Map<number, number>;
    average: number;
}

/** The sizes a group's schedules give it each week; a reason when a schedule cannot be read that way. */
export function weeklySizes(schedules: readonly PolicyResource[]): WeeklySizes | { unreadable: string } {
    const actions: { cron: WeeklyCron; size: number }[] = [];
    for (const schedule of schedules) {
        const recurrence = ifKnown(() => schedule.props.recurrence) as string | undefined;
        const size = ifKnown(() => schedule.props.desiredCapacity) as number | undefined;
        if (recurrence === undefined || size === undefined) {
            return { unreadable: `the recurrence or desired capacity of ${schedule.name}, not known yet` };
        }
        if (size === -1) {
            continue;
        }
        const cron = parseWeeklyCron(recurrence);
        if ("error" in cron) {
            return { unreadable: `${schedule.name}'s recurrence "${recurrence}", not a weekly schedule (${cron.error})` };
        }
        actions.push({ cron, size });
    }
    const hours = hoursAtSizes(actions);
    return hours ? { hours, average: averageSize(hours) } : { unreadable: "its schedules, which set no desired capacity" };
}
