// The key under which domains share their default chip, asked for every domain of a file: each distinct key string
// is built (and hashed, when looked up) once, then found again through nested maps of its parts.
import { memoEntry, newMap } from './nested-memo.js';

/** Per kind, deciding parent kind, directness and parent kind: the key string. */
const chipKeys = new Map<string, Map<string | undefined, Map<boolean, Map<string | undefined, string>>>>();

/**
 * `chip|KIND|DECIDER|PARENT`: DECIDER is `DECIDERKIND|DIRECT`, or `-` without a deciding parent (`deciderKind`
 * undefined); PARENT is the parent's kind, or `-`.
 */
export function chipShareKey(kind: string, deciderKind: string | undefined, direct: boolean, parentKind: string | undefined): string {
    const byDecider = memoEntry(chipKeys, kind, newMap);
    const byDirect = memoEntry(byDecider, deciderKind, newMap);
    const byParent = memoEntry(byDirect, direct, newMap);
    let key = byParent.get(parentKind);
    if (key === undefined) {
        key = `chip|${kind}|${deciderKind !== undefined ? `${deciderKind}|${direct}` : '-'}|${parentKind ?? '-'}`;
        byParent.set(parentKind, key);
    }
    return key;
}
