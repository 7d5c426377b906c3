// Differential tests of raise()'s compiled delivery plans (src/emulator/fast-path.ts): the same operations on
// a machine with the fast path and on one without must give identical state, results, seq numbers and events.

import { describe, expect, it } from 'vitest';
import { IRQD, IRQS, Machine, REFERENCE_TOPOLOGIES, t1NoIr, t2IntelIr, type MachineEvent, type Step, type SystemSpec } from '../../../src/emulator/index.js';
import { PLAN_AFTER } from '../../../src/emulator/fast-path.js';
import { act } from './support.js';

/** A machine with the fast path and its twin without, fed the same operations. */
interface Twins {
    fast: Machine;
    slow: Machine;
    /** raise() calls, and those the fast machine served from a plan (its version did not move). */
    raises: number;
    planned: number;
}

function twins(spec: SystemSpec): Twins {
    return {
        fast: Machine.instantiate(spec, { trace: false }),
        slow: Machine.instantiate(spec, { trace: false, fastPath: false }),
        raises: 0,
        planned: 0
    };
}

/** Deterministic pseudo-random numbers (a 32-bit LCG), so a failure reproduces. */
function lcg(seed: number): (n: number) => number {
    let s = seed >>> 0;
    return (n) => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return Math.floor((s / 0x100000000) * n);
    };
}

/** A scenario step on both machines, traced: results and events (with their seq numbers) must be equal. */
function step(t: Twins, s: Step): void {
    t.fast.setTracing(true);
    t.slow.setTracing(true);
    const a = t.fast.execute(s);
    const b = t.slow.execute(s);
    t.fast.setTracing(false);
    t.slow.setTracing(false);
    if (JSON.stringify(a) !== JSON.stringify(b)) expect(a).toEqual(b);
}

/** raise() on both machines, tracing off; every `traceEvery`th one is traced on the slow machine. */
function raise(t: Twins, inst: number, times: number, traceEvery = 0): void {
    const mismatches: string[] = [];
    for (let k = 0; k < times; k++) {
        const version = t.fast.version;
        const seq = t.fast.state.seq;
        const traced: MachineEvent[] = [];
        const trace = traceEvery > 0 && t.raises % traceEvery === 0;
        if (trace) t.slow.setTracing(true, (e) => traced.push(e));
        const a = t.fast.raise(inst);
        const b = t.slow.raise(inst);
        if (trace) t.slow.setTracing(false);
        if (a !== b || t.fast.state.seq !== t.slow.state.seq) mismatches.push(`raise ${k}: ${a}/${b}, seq ${t.fast.state.seq}/${t.slow.state.seq}`);
        // The untraced run counted exactly the events the traced one emitted, with the same numbers.
        if (trace && traced.map((e) => e.seq).join() !== Array.from({ length: t.fast.state.seq - seq }, (_, i) => seq + 1 + i).join()) {
            mismatches.push(`raise ${k}: traced seqs ${traced.map((e) => e.seq).join()} vs ${seq}..${t.fast.state.seq}`);
        }
        t.raises++;
        if (t.fast.version === version) t.planned++;
    }
    expect(mismatches).toEqual([]);
}

/** The state as comparable text (typed arrays and Maps as arrays). */
function stateText(m: Machine): string {
    return JSON.stringify(m.snapshot().state, (_k, v: unknown) =>
        ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v instanceof Map ? [...v.entries()] : v);
}

/** The whole state must be identical: snapshot, seq, per-desc and per-CPU counts, device tables. */
function same(t: Twins): void {
    const f = t.fast.state;
    const s = t.slow.state;
    expect(f.seq).toBe(s.seq);
    expect(f.descs.map((d) => d && [d.irq, d.count, d.handled, d.state, d.istate, d.lastCpu, d.lastVector, d.lastStep]))
        .toEqual(s.descs.map((d) => d && [d.irq, d.count, d.handled, d.state, d.istate, d.lastCpu, d.lastVector, d.lastStep]));
    expect(f.cpus.map((c) => [c.online, c.handled])).toEqual(s.cpus.map((c) => [c.online, c.handled]));
    // The rest, device tables (MSI-X / MSI / IMS entries) included: the whole snapshot, as text for speed.
    if (stateText(t.fast) !== stateText(t.slow)) expect(t.fast.snapshot()).toEqual(t.slow.snapshot());
}

/**
 * A direct state change behind the machines' backs (no version change) once `inst` is served by its plan:
 * the plan re-reads live state on every raise, must decline, and the generic path must match the twin.
 */
function poke(t: Twins, inst: number, change: (m: Machine) => void, undo: (m: Machine) => void): void {
    const start = t.planned;
    raise(t, inst, PLAN_AFTER + 5);
    const before = t.planned;
    expect(before).toBeGreaterThan(start + 5);
    change(t.fast);
    change(t.slow);
    raise(t, inst, 10, 1);
    expect(t.planned).toBe(before);
    same(t);
    undo(t.fast);
    undo(t.slow);
}

/** Every interrupt instance of the topology with its reference. */
function instances(m: Machine): { inst: number; irq: string; element?: number }[] {
    return m.topo.instances.map((d) => ({ inst: d.index, irq: d.irqName, element: d.element >= 0 ? d.element : undefined }));
}

/**
 * A random run: mostly raises through raise(), interleaved with mask/unmask, disable/enable, set-affinity,
 * CPU offline/online, free and re-allocate/request, retrigger, re-raises during the handler (storms),
 * vCPU posting and snapshot restores. State is compared after every operation.
 */
function randomRun(t: Twins, seed: number, ops: number): void {
    const rnd = lcg(seed);
    const list = instances(t.fast);
    const cpus = t.fast.topo.cpuCount;
    const saved: ReturnType<Machine['snapshot']>[] = [];
    for (let o = 0; o < ops; o++) {
        const target = list[rnd(list.length)];
        const ref = { irq: target.irq, element: target.element };
        const r = rnd(100);
        if (r < 44) raise(t, target.inst, 1 + rnd(40), 7);
        else if (r < 50) raise(t, target.inst, PLAN_AFTER + rnd(40), 7);
        else if (r < 54) step(t, act('mask', ref.irq, ref.element));
        else if (r < 58) step(t, act('unmask', ref.irq, ref.element));
        else if (r < 61) step(t, act('disable', ref.irq, ref.element));
        else if (r < 64) step(t, act('enable', ref.irq, ref.element));
        else if (r < 70) step(t, { kind: 'set-affinity', target: ref, cpus: [rnd(cpus), rnd(cpus)] });
        else if (r < 74) step(t, { kind: 'cpu', cpu: rnd(cpus), state: rnd(2) === 0 ? 'offline' : 'online' });
        else if (r < 77) step(t, act('free', ref.irq, ref.element));
        else if (r < 80) step(t, act('allocate', ref.irq, ref.element));
        else if (r < 85) step(t, act('request', ref.irq, ref.element));
        else if (r < 87) step(t, act('retrigger', ref.irq, ref.element));
        else if (r < 89) step(t, act('raise', ref.irq, ref.element, { duringHandler: rnd(3) === 0 ? 1e9 : 1 + rnd(3) }));
        else if (r < 91) step(t, { kind: 'post', target: ref, vcpu: rnd(4), vector: 0x40 + rnd(16) });
        else if (r < 93) step(t, { kind: 'unpost', target: ref });
        else if (r < 96) saved.push(t.fast.snapshot());
        else if (saved.length) {
            const s = saved[rnd(saved.length)];
            t.fast.restore(s);
            t.slow.restore(s);
        }
        same(t);
    }
}

/** Runs a topology's own scenario on both machines (allocates and requests what it uses). */
function scenario(t: Twins, spec: SystemSpec): void {
    for (const s of spec.scenarios[0]?.steps ?? []) step(t, s);
    same(t);
}

describe('raise() fast path: identical to the generic path', () => {
    it.each(Object.keys(REFERENCE_TOPOLOGIES))('%s: scenario, then a random run of raises and reconfigurations', (id) => {
        const spec = REFERENCE_TOPOLOGIES[id]();
        // A lower event limit keeps the storms (re-raises during the handler) of the random run short.
        spec.options = { ...spec.options, eventLimit: 3000 };
        const t = twins(spec);
        scenario(t, spec);
        for (const { irq, element } of instances(t.fast)) step(t, act('request', irq, element));
        same(t);
        randomRun(t, 0x5eed + id.charCodeAt(1), 250);
        // The MSI-X-under-x86 topologies have instances the plans serve.
        if (['T1', 'T2', 'T3', 'T6', 'T8'].includes(id)) expect(t.planned).toBeGreaterThan(100);
    });

    it('T2: the NIC queue is served by its plan and stays identical over long runs with reconfigurations', () => {
        const spec = t2IntelIr();
        const t = twins(spec);
        step(t, act('allocate', 'nic0.q'));
        step(t, act('request', 'nic0.q'));
        const q2 = t.fast.resolveRef({ irq: 'nic0.q', element: 2 })[0];
        raise(t, q2, 5000, 97);
        same(t);
        // Every raise once the instance is hot (PLAN_AFTER generic raises) takes the plan.
        expect(t.planned).toBe(5000 - PLAN_AFTER + 1);
        randomRun(t, 42, 400);
        const before = t.planned;
        step(t, act('request', 'nic0.q'));
        step(t, act('unmask', 'nic0.q'));
        step(t, { kind: 'cpu', cpu: 0, state: 'online' });
        raise(t, q2, 100);
        same(t);
        expect(t.planned).toBeGreaterThan(before);
    });

    it('T1 (compatibility format, apic_ack_edge) is served by its plan, also across a move', () => {
        const t = twins(t1NoIr());
        step(t, act('allocate', 'nic0.q'));
        step(t, act('request', 'nic0.q', 0));
        const q0 = t.fast.resolveRef({ irq: 'nic0.q', element: 0 })[0];
        raise(t, q0, 1000, 13);
        expect(t.planned).toBe(1000 - PLAN_AFTER + 1);
        // A deferred move (MOVE_DEFERRED without IR) is applied by the next interrupt: the generic path.
        step(t, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 0 }, cpus: [5] });
        raise(t, q0, 1000, 13);
        same(t);
        expect(t.fast.route(q0)?.cpu).toBe(5);
        // A move in progress at the vector level: apic_ack_edge() completes it (generic path).
        const vec = (m: Machine) => m.descOf(q0)!.levels[1].c as { moveInProgress: boolean };
        poke(t, q0, (m) => { vec(m).moveInProgress = true; }, () => undefined);
        expect(vec(t.fast).moveInProgress).toBe(false);
    });

    it.each([['T1', t1NoIr], ['T2', t2IntelIr]] as const)('%s: a plan does not outlive what it was built from (free + re-allocate, restore)', (_id, topology) => {
        const t = twins(topology());
        step(t, act('request', 'nic0.q', 2));
        const q2 = t.fast.resolveRef({ irq: 'nic0.q', element: 2 })[0];
        const hot = PLAN_AFTER + 3;
        raise(t, q2, hot);
        const old = t.fast.descOf(q2)!;
        step(t, act('free', 'nic0.q', 2));
        step(t, act('request', 'nic0.q', 2));
        const planned = t.planned;
        raise(t, q2, hot);
        same(t);
        expect(t.fast.descOf(q2)).not.toBe(old);
        expect(t.fast.descOf(q2)!.handled).toBe(hot);
        expect(old.handled).toBe(hot);
        expect(t.planned).toBe(planned + 4);
        const snap = t.fast.snapshot();
        raise(t, q2, 3);
        expect(t.planned).toBe(planned + 7);
        t.fast.restore(snap);
        t.slow.restore(snap);
        raise(t, q2, hot);
        same(t);
        expect(t.fast.descOf(q2)!.handled).toBe(2 * hot);
        expect(t.planned).toBe(planned + 11);
    });

    it('masked entries, stale messages, offline targets, pending moves, IRQS_PENDING, no action: the generic path, same result', () => {
        const t = twins(t2IntelIr());
        step(t, act('request', 'nic0.q', 1));
        const q1 = t.fast.resolveRef({ irq: 'nic0.q', element: 1 })[0];
        raise(t, q1, PLAN_AFTER + 10);
        expect(t.planned).toBe(11);
        const planned = t.planned;
        step(t, act('mask', 'nic0.q', 1));
        raise(t, q1, 10, 1);
        expect(t.planned).toBe(planned);
        step(t, act('unmask', 'nic0.q', 1));
        // Direct state changes behind the machine's back (no version change): the plan re-reads the MSI-X
        // entry and the CPU state on every raise, declines, and the generic path does the same as the twin.
        const entry = (m: Machine) => m.state.devices[0].msix[m.descOf(q1)!.levels[0].hwirq];
        const cpu = t.fast.route(q1)!.cpu;
        poke(t, q1, (m) => { entry(m).data = 5; }, (m) => { entry(m).data = 0; });
        poke(t, q1, (m) => { m.state.cpus[cpu].online = false; }, (m) => { m.state.cpus[cpu].online = true; });
        // The IRTE rewritten in place to another destination (the plan must not keep delivering to the old CPU).
        const irte = (m: Machine) => {
            const l = m.descOf(q1)!.levels[1];
            const r = m.state.domains[l.domain].res;
            if (l.c.t !== 'ir' || r.t !== 'ir') throw new Error('no IRTE');
            return r.irte.get(l.c.index + l.c.sub)!;
        };
        poke(t, q1, (m) => { irte(m).dest = m.state.cpus[(cpu + 1) % 8].apicId; }, (m) => { irte(m).dest = m.state.cpus[cpu].apicId; });
        // A queued move (IRQD_SETAFFINITY_PENDING): the ack of the next interrupt applies it.
        poke(t, q1, (m) => { m.descOf(q1)!.state |= IRQD.SETAFFINITY_PENDING; m.descOf(q1)!.pendingMask = [4]; }, () => undefined);
        expect(t.fast.route(q1)!.cpu).toBe(4);
        // IRQS_PENDING left set (a replay due), then no action installed any more.
        poke(t, q1, (m) => { m.descOf(q1)!.istate |= IRQS.PENDING; }, () => undefined);
        poke(t, q1, (m) => { m.descOf(q1)!.hasAction = false; }, () => undefined);
        raise(t, q1, PLAN_AFTER + 5);
        same(t);
    });

    it('the event limit stops storms the same way, and a limit below one delivery disables the plans', () => {
        for (const limit of [5, 200]) {
            const spec = t2IntelIr();
            spec.options = { ...spec.options, eventLimit: limit };
            const t = twins(spec);
            step(t, act('request', 'nic0.q', 2));
            const q2 = t.fast.resolveRef({ irq: 'nic0.q', element: 2 })[0];
            raise(t, q2, PLAN_AFTER + 50, 3);
            expect(t.planned).toBe(limit === 5 ? 0 : 51);
            t.fast.descOf(q2)!.reraise = 1e9;
            t.slow.descOf(q2)!.reraise = 1e9;
            raise(t, q2, 1);
            step(t, act('raise', 'nic0.q', 2, { duringHandler: 1e9 }));
            raise(t, q2, 20, 2);
            same(t);
        }
    });
});
