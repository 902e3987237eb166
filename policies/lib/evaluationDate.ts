// The day version support is judged on: the policy's `evaluationDate` setting, else the
// EKS_PLATFORM_EVALUATION_DATE environment variable, else today.
export function evaluationDay(setting: string | undefined, environment: NodeJS.ProcessEnv = process.env): Date {
    const pinned = setting || environment.EKS_PLATFORM_EVALUATION_DATE;
    return pinned ? new Date(`${pinned}T00:00:00Z`) : new Date();
}
