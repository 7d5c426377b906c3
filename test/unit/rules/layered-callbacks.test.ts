// The chip callbacks the layering rules read (written callbacks laid over a shared default chip) behave as the map
// that copying the defaults and setting each written callback gives: same values, order and size.
import { describe, expect, it } from 'vitest';
import { LayeredCallbacks } from '../../../src/language/validation/layered-callbacks.js';
import type { ResolvedCallback } from '../../../src/language/validation/resolved-topology.js';

const kind = (op: string, mode: ResolvedCallback['mode']): ResolvedCallback => ({ op, mode, origin: 'kind' });
const file = (op: string, mode: ResolvedCallback['mode']): ResolvedCallback => ({ op, mode, origin: 'file' });

/** The map the layered view stands for: a copy of the defaults with each written callback set in turn. */
function copied(defaults: ReadonlyMap<string, ResolvedCallback>, written: readonly ResolvedCallback[]): Map<string, ResolvedCallback> {
    const map = new Map(defaults);
    for (const callback of written) map.set(callback.op, callback);
    return map;
}

function expectSameMap(actual: ReadonlyMap<string, ResolvedCallback>, expected: ReadonlyMap<string, ResolvedCallback>): void {
    expect([...actual]).toEqual([...expected]);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    expect([...actual.values()]).toEqual([...expected.values()]);
    expect([...actual.entries()]).toEqual([...expected.entries()]);
    const visited: [string, ResolvedCallback][] = [];
    actual.forEach((callback, op, map) => {
        expect(map).toBe(actual);
        visited.push([op, callback]);
    });
    expect(visited).toEqual([...expected]);
    expect(actual.size).toBe(expected.size);
    for (const op of ['mask', 'unmask', 'ack', 'eoi', 'set_affinity', 'write_msi_msg', 'compose_msi_msg', 'retrigger']) {
        expect(actual.get(op)).toBe(expected.get(op));
        expect(actual.has(op)).toBe(expected.has(op));
    }
}

describe('layered chip callbacks', () => {
    const defaults = new Map([
        ['mask', kind('mask', 'self')],
        ['ack', kind('ack', 'parent')],
        ['set_affinity', kind('set_affinity', 'parent')]
    ]);

    it('read as the defaults when nothing is written', () => {
        expectSameMap(new LayeredCallbacks(defaults, []), defaults);
    });

    it('put written callbacks in the place of the defaults they replace, and new ops after the defaults', () => {
        const written = [file('write_msi_msg', 'self'), file('ack', 'none'), file('unmask', 'self')];
        const layered = new LayeredCallbacks(defaults, written);
        expectSameMap(layered, copied(defaults, written));
        expect([...layered.keys()]).toEqual(['mask', 'ack', 'set_affinity', 'write_msi_msg', 'unmask']);
        expect(layered.get('ack')?.mode).toBe('none');
    });

    it('keep the last of an op written twice, in the place of the first', () => {
        const written = [file('eoi', 'self'), file('unmask', 'self'), file('eoi', 'parent'), file('mask', 'none'), file('mask', 'platform')];
        const layered = new LayeredCallbacks(defaults, written);
        expectSameMap(layered, copied(defaults, written));
        expect(layered.get('eoi')?.mode).toBe('parent');
        expect(layered.get('mask')?.mode).toBe('platform');
        expect([...layered.keys()]).toEqual(['mask', 'ack', 'set_affinity', 'eoi', 'unmask']);
    });

    it('leave the shared defaults unchanged', () => {
        const before = [...defaults];
        new LayeredCallbacks(defaults, [file('mask', 'none'), file('retrigger', 'self')]);
        expect([...defaults]).toEqual(before);
    });
});
