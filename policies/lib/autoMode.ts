// Whether a cluster runs EKS Auto Mode, read from its computeConfig as the engine presents it
// (checked inputs in Analyze, outputs in AnalyzeStack and state exports).
//
// An Auto Mode cluster launches its nodes itself, in the cluster's subnets unless a NodeClass of
// the user's says otherwise ("Amazon EKS Auto Mode deploys nodes to VPC subnets. When creating an
// EKS cluster, you must specify the VPC subnets where the nodes will be deployed", EKS User Guide,
// automode/automode-get-started-cli.adoc), with the node role of computeConfig.nodeRoleArn, from an
// AMI and launch settings AWS owns: there is no node group or launch template to judge.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown, PropertyBag } from "./props";

/** true: Auto Mode's compute capability is on; false: off or never set; undefined: not known yet. */
export function runsAutoMode(cluster: PolicyResource | { props: PropertyBag }): boolean | undefined {
    return ifKnown(() => {
        const compute = cluster.props.computeConfig as PropertyBag | undefined;
        return compute?.enabled === true;
    });
}

/** The path of the Auto Mode node role in a cluster's properties. */
export const AUTO_MODE_NODE_ROLE_PATH = ["computeConfig", "nodeRoleArn"];
