// "Did you mean" hints for names a user can misspell: config keys, instance types, add-ons.

export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

/** The closest known name within `maxDistance` edits, if any. */
export function closest(name: string, known: Iterable<string>, maxDistance = 3): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return bestDistance <= maxDistance ? best : undefined;
}

/** `did you mean X? ` or nothing, to put in front of what is allowed. */
export function didYouMean(name: string, known: Iterable<string>, maxDistance = 3): string {
    const suggestion = closest(name, known, maxDistance);
    return suggestion ? `did you mean ${suggestion}? ` : "";
}
