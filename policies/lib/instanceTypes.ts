// EC2 instance specs (vCPU, memory, ENI limits) from data/instance-types.json.
import data from "../data/instance-types.json";

export interface InstanceType {
    name: string;
    vcpu: number;
    memoryMiB: number;
    arch: string;
    maxEnis: number;
    ipv4PerEni: number;
    /** Pods per node with the VPC CNI without prefix delegation: ENIs * (IPv4 per ENI - 1) + 2. */
    maxPods: number;
}

const BY_NAME: ReadonlyMap<string, InstanceType> = new Map(data.instanceTypes.map((t) => [t.name, t]));

export function findInstanceType(name: string): InstanceType | undefined {
    return BY_NAME.get(name);
}

export const INSTANCE_DATA_SOURCE: string = data._source;
