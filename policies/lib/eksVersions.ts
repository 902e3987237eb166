// The EKS Kubernetes version calendar (data/eks-versions.json), shared by the policy pack and the
// stack's config validation.
import calendar from "../data/eks-versions.json";

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

/** Whole days from `date` to the end of the given support window (negative once past it). */
export function daysUntil(isoDay: string, date: Date): number {
    const end = Date.parse(`${isoDay}T00:00:00Z`);
    const day = Date.parse(`${date.toISOString().slice(0, 10)}T00:00:00Z`);
    return Math.round((end - day) / 86_400_000);
}
