// The key under which domains share their default chip, asked for every domain of a file: each distinct key string
// is built (and hashed, when looked up) once, then found again through nested maps of its parts.

/** Per kind, deciding parent kind, directness and parent kind: the key string. */
const chipKeys = new Map<string, Map<string | undefined, Map<boolean, Map<string | undefined, string>>>>();

/**
 * `chip|KIND|DECIDER|PARENT`: DECIDER is `DECIDERKIND|DIRECT`, or `-` without a deciding parent (`deciderKind`
 * undefined); PARENT is the parent's kind, or `-`.
 */
export function chipShareKey(kind: string, deciderKind: string | undefined, direct: boolean, parentKind: string | undefined): string {
    let byDecider = chipKeys.get(kind);
    if (!byDecider) chipKeys.set(kind, byDecider = new Map());
    let byDirect = byDecider.get(deciderKind);
    if (!byDirect) byDecider.set(deciderKind, byDirect = new Map());
    let byParent = byDirect.get(direct);
    if (!byParent) byDirect.set(direct, byParent = new Map());
    let key = byParent.get(parentKind);
    if (key === undefined) {
        const deciderKey = deciderKind !== undefined ? `${deciderKind}|${direct}` : '-';
        key = `chip|${kind}|${deciderKey}|${parentKind ?? '-'}`;
        byParent.set(parentKind, key);
    }
    return key;
}
