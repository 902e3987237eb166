// The EKS Kubernetes version calendar, from the reference data the policy pack also uses.
import calendar from "../policies/data/eks-versions.json";

export interface EksVersion {
    version: string;
    eksRelease: string;
    endOfStandardSupport: string;
    endOfExtendedSupport: string;
}

export type SupportStatus = "standard" | "extended" | "ended" | "notReleased" | "unknown";

export const EKS_VERSIONS: readonly EksVersion[] = calendar.versions;

export function findEksVersion(version: string): EksVersion | undefined {
    return EKS_VERSIONS.find((v) => v.version === version);
}

/** Support status on `date` (UTC day); a support window includes its last day. */
export function supportStatus(version: string, date: Date): SupportStatus {
    const entry = findEksVersion(version);
    if (!entry) {
        return "unknown";
    }
    const day = date.toISOString().slice(0, 10);
    if (day < entry.eksRelease) {
        return "notReleased";
    }
    if (day <= entry.endOfStandardSupport) {
        return "standard";
    }
    return day <= entry.endOfExtendedSupport ? "extended" : "ended";
}

export function versionsInStatus(status: SupportStatus, date: Date): string[] {
    return EKS_VERSIONS.filter((v) => supportStatus(v.version, date) === status).map((v) => v.version);
}
