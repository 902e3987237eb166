// Which Fargate selectors take the pods of Karpenter's controller: pure, so the program's config
// and the pack judge a profile alike (data/karpenter.json holds the chart's pod labels).
import karpenterData from "../data/karpenter.json";

const CONTROLLER_POD_LABELS: Readonly<Record<string, string>> = karpenterData.controllerPodLabels;

/** The selector names the controller's namespace, and no label other than the chart's own. */
export function selectsControllerPods(selector: { namespace?: unknown; labels?: unknown }, namespace: string): boolean {
    return selector.namespace === namespace && Object.entries((selector.labels ?? {}) as Record<string, unknown>).every(([key, value]) => CONTROLLER_POD_LABELS[key] === value);
}
