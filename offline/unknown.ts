// Values a preview does not know yet: the engine's sentinel, anywhere inside a value.
import { UNKNOWN } from "./mockRun";

export function containsUnknown(value: unknown): boolean {
    return value === UNKNOWN || (Array.isArray(value) ? value.some(containsUnknown) : !!value && typeof value === "object" && Object.values(value).some(containsUnknown));
}
