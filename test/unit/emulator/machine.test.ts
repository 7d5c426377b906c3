// The controller-facing API: snapshot/restore round trips, determinism with tracing on and off, the event
// limit (a storm stops with a fault), runSteps() hop-by-hop with exact state, History seeking, source
// locations on events, the plain-data spec, kind defaults and kernel domain naming.

import { describe, expect, it } from 'vitest';
import {
    History, IRQD, Machine, kernelDomainName, kindDefaults, resolveTopology, runScenario, t1NoIr, t2IntelIr, t4GicIts, t5Aia,
    type MachineEvent, type SourceLoc, type Step
} from '../../../src/emulator/index.js';
import { cloneState } from '../../../src/emulator/state.js';
import { act, boot, expectStep, ofKind, run } from './support.js';

const loc = (line: number): SourceLoc => ({ uri: 'file:///t.irq', line, column: 1, endLine: line, endColumn: 10 });

function t2Steps(): Step[] {
    return [
        act('allocate', 'nic0.misc'), act('allocate', 'nic0.q'), act('allocate', 'ahci.port'),
        act('request', 'nic0.q', 2), act('request', 'ahci.port'), act('raise', 'nic0.q', 2),
        { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [5] }, act('raise', 'nic0.q', 2),
        act('disable', 'ahci.port', 1), act('raise', 'ahci.port', 1), act('enable', 'ahci.port', 1),
        act('free', 'nic0.q', 2), act('raise', 'ahci.port', 3)
    ];
}

describe('snapshot / restore', () => {
    it('restore brings back exactly the snapshotted state, and replay after restore is event-for-event identical', () => {
        const m = boot(t2IntelIr());
        const steps = t2Steps();
        run(m, ...steps.slice(0, 5));
        const snap = m.snapshot();
        const full = cloneState(m.state);
        const frozen = JSON.stringify([...snap.state.descs.map((d) => d?.state ?? null)]);
        const first = run(m, ...steps.slice(5)).flatMap((r) => r.events);
        expect(m.state).not.toEqual(full);
        expect(JSON.stringify(snap.state.descs.map((d) => d?.state ?? null))).toBe(frozen);
        m.restore(snap);
        expect(m.state).toEqual(full);
        expect(m.state).not.toBe(snap.state);
        expect(m.state.domains[1].revmap.size).toBeGreaterThan(0);
        const second = run(m, ...steps.slice(5)).flatMap((r) => r.events);
        expect(second).toEqual(first);
    });

    it('snapshots are deep: typed arrays and maps are copied', () => {
        const m = boot(t2IntelIr());
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const snap = m.snapshot();
        m.state.cpus[0].vectorIrq[0x99] = 1234;
        (m.state.domains[1].res as { irte: Map<number, unknown> }).irte.clear();
        expect(snap.state.cpus[0].vectorIrq[0x99]).toBe(-1);
        expect((snap.state.domains[1].res as { irte: Map<number, unknown> }).irte.size).toBe(1);
    });
});

describe('determinism and tracing', () => {
    it('tracing off reaches the same state and the same sequence numbers as tracing on', () => {
        const a = boot(t2IntelIr());
        const b = Machine.instantiate(t2IntelIr(), { trace: false });
        const ra = run(a, ...t2Steps());
        const rb = run(b, ...t2Steps());
        expect(b.state).toEqual(a.state);
        expect(rb.map((r) => [r.result, r.firstSeq, r.lastSeq])).toEqual(ra.map((r) => [r.result, r.firstSeq, r.lastSeq]));
        expect(rb.every((r) => r.events.length === 0)).toBe(true);
        expect(ra.reduce((n, r) => n + r.events.length, 0)).toBe(a.state.seq);
    });

    it('a user sink receives every event in sequence order', () => {
        const seen: MachineEvent[] = [];
        const m = Machine.instantiate(t1NoIr(), { sink: (e) => seen.push(e) });
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0), act('raise', 'nic0.q', 0));
        expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    });
});

describe('event limit', () => {
    it('an interrupt storm stops at the limit with a fault and an ELIMIT result; the machine stays usable', () => {
        const spec = t1NoIr();
        spec.options = { ...spec.options, eventLimit: 500 };
        const m = boot(spec);
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const r = m.execute(act('raise', 'nic0.q', 0, { duringHandler: 1e9 }));
        expect(r.limited).toBe(true);
        expect(r.errno).toBe('ELIMIT');
        const f = ofKind(r.events, 'fault');
        expect(f[f.length - 1].reason).toMatch(/event limit of 500/);
        expect(r.lastSeq - r.firstSeq).toBeLessThanOrEqual(501);
        const res = m.execute(expectStep({ kind: 'result', errno: 'ELIMIT' }));
        expect(ofKind(res.events, 'expect')[0].pass).toBe(true);
        const d = m.descOf(m.resolveRef({ irq: 'nic0.q', element: 0 })[0])!;
        expect(d.reraise).toBe(0);
        expect(d.state & IRQD.IRQ_INPROGRESS).toBe(0);
        expect(ofKind(m.execute(act('raise', 'nic0.q', 1)).events, 'fault')).toHaveLength(1); // not allocated
        expect(m.execute(act('allocate', 'nic0.q', 1)).ok).toBe(true);
        const again = m.execute(act('raise', 'nic0.q', 0));
        expect(again.limited).toBe(false);
        expect(ofKind(again.events, 'handle')).toHaveLength(1);
    });

    it('the limit also bounds a run with tracing off', () => {
        const spec = t1NoIr();
        spec.options = { ...spec.options, eventLimit: 1000 };
        const m = Machine.instantiate(spec, { trace: false });
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        expect(m.execute(act('raise', 'nic0.q', 0, { duringHandler: 1e9 })).limited).toBe(true);
    });

    it('the raise() fast path is bounded too and reports the stop', () => {
        const spec = t1NoIr();
        spec.options = { ...spec.options, eventLimit: 200 };
        const m = Machine.instantiate(spec, { trace: false });
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const i = m.resolveRef({ irq: 'nic0.q', element: 0 })[0];
        expect(m.raise(i)).toBe(true);
        m.descOf(i)!.reraise = 1e9;
        expect(m.raise(i)).toBe(false);
        expect(m.state.hwQueue).toHaveLength(0);
    });

    it('a retrigger storm (resends refused by IRQS_REPLAY, over and over) stops at the limit', () => {
        const spec = t1NoIr();
        spec.options = { ...spec.options, eventLimit: 1000 };
        const m = boot(spec);
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const r = m.execute(act('retrigger', 'nic0.q', 0, { times: 10_000_000 }));
        expect(r.limited).toBe(true);
        expect(ofKind(r.events, 'fault').filter((f) => /IRQS_REPLAY/.test(f.reason)).length).toBeGreaterThan(100);
    });

    it('a scenario with a storm reports failure instead of hanging', () => {
        const spec = t1NoIr();
        spec.options = { ...spec.options, eventLimit: 300 };
        const m = boot(spec);
        const res = runScenario(m, { name: 'storm', steps: [act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0), act('raise', 'nic0.q', 0, { duringHandler: 1e9 })] });
        expect(res.limited).toBe(true);
        expect(res.passed).toBe(false);
    });
});

describe('runSteps (hop by hop)', () => {
    it('yields every event with the machine positioned exactly at it, and ends in the normal final state', () => {
        const steps: Step[] = [act('allocate', 'nic0.q', 3), act('request', 'nic0.q', 3), act('raise', 'nic0.q', 3)];
        const ref = boot(t4GicIts());
        const refEvents = run(ref, ...steps).flatMap((r) => r.events);
        const m = boot(t4GicIts());
        const got: MachineEvent[] = [];
        let handledAtHandle = -1;
        let handledAtRaise = -1;
        for (const e of m.runSteps(steps)) {
            got.push(e);
            expect(m.state.seq).toBeGreaterThanOrEqual(e.seq);
            const d = m.descOf(m.resolveRef({ irq: 'nic0.q', element: 3 })[0]);
            if (e.kind === 'raise') handledAtRaise = d!.handled;
            if (e.kind === 'handle') handledAtHandle = d!.handled;
        }
        expect(got).toEqual(refEvents);
        expect(handledAtRaise).toBe(0);
        expect(handledAtHandle).toBe(1);
        expect(m.state).toEqual(ref.state);
    });
});

describe('History', () => {
    it('seekStep and seekEvent reproduce the states of a straight run', () => {
        const steps = t2Steps();
        const m = boot(t2IntelIr());
        const h = new History(m, { snapshotEvery: 4 });
        const states = [cloneState(m.state)];
        const firstSeq: number[] = [];
        for (const s of steps) { firstSeq.push(m.state.seq + 1); h.execute(s); states.push(cloneState(m.state)); }
        expect(h.snapshotCount).toBe(4);
        for (const i of [0, 3, 7, 13]) {
            h.seekStep(i);
            expect(m.state).toEqual(states[i]);
        }
        // An event inside step 5 (the raise): state has that step's earlier hops only.
        h.seekEvent(firstSeq[5] + 2);
        expect(m.state.seq).toBe(firstSeq[5] + 2);
        const d = m.descOf(m.resolveRef({ irq: 'nic0.q', element: 2 })[0])!;
        expect(d.handled).toBe(0);
        h.seekStep(steps.length);
        expect(m.state).toEqual(states[steps.length]);
    });
});

describe('source locations', () => {
    it('events carry the chip-callback, domain, interrupt and step locations', () => {
        const spec = t1NoIr();
        spec.domains[0] = { ...spec.domains[0], loc: loc(2), chip: { callbacks: { ack: { mode: 'self', loc: loc(3) } } } };
        spec.domains[1] = { ...spec.domains[1], loc: loc(5) };
        spec.interrupts[1] = { ...spec.interrupts[1], loc: loc(9) };
        const m = boot(spec);
        const step: Step = { ...act('raise', 'nic0.q', 0), loc: loc(20) };
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const evs = m.execute(step).events;
        expect(evs[0].kind).toBe('step');
        expect(evs[0].loc!.line).toBe(20);
        expect(ofKind(evs, 'ack').map((e) => e.loc!.line)).toEqual([5, 3]);
        expect(ofKind(evs, 'raise')[0].loc!.line).toBe(9);
        expect(ofKind(evs, 'ack')[1].fn).toBe('apic_ack_edge');
    });
});

describe('inspect', () => {
    it('gives a debugger view with decoded IRQD/IRQS names, the message and per-level chip data', () => {
        const m = boot(t2IntelIr());
        const i = m.resolveRef({ irq: 'nic0.q', element: 2 })[0];
        expect(m.inspect(i)).toBeNull();
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2), act('disable', 'nic0.q', 2), act('raise', 'nic0.q', 2));
        const v = m.inspect(i)!;
        expect(v.state).toEqual(expect.arrayContaining(['IRQD_ACTIVATED', 'IRQD_IRQ_STARTED', 'IRQD_IRQ_DISABLED', 'IRQD_IRQ_MASKED', 'IRQD_CAN_RESERVE', 'IRQD_HANDLE_ENFORCE_IRQCTX']));
        expect(v.istate).toEqual(['IRQS_PENDING']);
        expect(v.levels.map((l) => l.domain)).toEqual(['IR-PCI-MSIX-0000:03:00.0-12', 'INTEL-IR-0-13', 'VECTOR']);
        expect(v.levels[2].data).toMatchObject({ cfgCpu: v.effectiveCpu });
        expect(v.levels[1].data).toMatchObject({ sub: 0, postedVcpu: false });
        expect(v.levels[0].hwMasked).toBe(true);
        expect(v.message!.addressLo & 0x18).toBe(0x18);
    });
});

describe('spec, defaults and naming', () => {
    it('the spec is plain JSON data and instantiates identically after a JSON round trip', () => {
        for (const build of [t1NoIr, t2IntelIr, t4GicIts, t5Aia]) {
            const spec = build();
            const copy = JSON.parse(JSON.stringify(spec));
            expect(copy).toEqual(spec);
            const a = runScenario(boot(spec), spec.scenarios[0]);
            const b = runScenario(boot(copy), copy.scenarios[0]);
            expect(b.results.map((r) => r.events)).toEqual(a.results.map((r) => r.events));
        }
    });

    it('kind defaults carry the kernel callbacks: APIC has no mask/eoi, INTEL-IR composes, PCI-MSIX leaves delegate ack', () => {
        const v = kindDefaults('vector', { arch: 'x86_64' });
        expect(v.callbacks.mask).toBeUndefined();
        expect(v.callbacks.eoi).toBeUndefined();
        expect(v.callbacks.ack).toEqual({ mode: 'self', function: 'apic_ack_edge' });
        const ir = kindDefaults('intel-ir', { arch: 'x86_64' });
        expect([ir.callbacks.compose?.function, ir.callbacks.set_vcpu_affinity?.function, ir.callbacks.ack?.function]).toEqual(['intel_ir_compose_msi_msg', 'intel_ir_set_vcpu_affinity', 'apic_ack_irq']);
        const leaf = kindDefaults('pci-msix', { arch: 'x86_64', parentKind: 'vector' });
        expect(leaf.callbacks.ack).toEqual({ mode: 'parent', function: 'irq_chip_ack_parent' });
        expect(leaf.callbacks.write?.function).toBe('pci_msi_domain_write_msg');
        expect(leaf.chipFlags).toContain('MOVE_DEFERRED');
        expect(kindDefaults('pci-msix', { arch: 'x86_64', parentKind: 'intel-ir' }).chipFlags).not.toContain('MOVE_DEFERRED');
        const its = kindDefaults('pci-msix', { arch: 'arm64', parentKind: 'gic-its' });
        expect(its.callbacks.eoi?.mode).toBe('parent');
        expect(its.msiFlags).toContain('PCI_MSI_MASK_PARENT');
        expect(kindDefaults('gic-its', { arch: 'arm64' }).allocOrder).toBe('self-first');
    });

    it('user chip overrides replace defaults and keep the kernel function names where the mode matches', () => {
        const spec = t1NoIr();
        spec.domains[1] = { ...spec.domains[1], chip: { name: 'MYNIC', callbacks: { mask: { mode: 'self' }, ack: { mode: 'none' } } } };
        const t = resolveTopology(spec);
        expect(t.domains[1].chip.mask.fn).toBe('pci_irq_mask_msix');
        expect(t.domains[1].chip.ack.mode).toBe('none');
        expect(t.domains[1].kernelName).toBe('MYNIC-0000:03:00.0-12');
        const m = Machine.instantiate(spec);
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const r = m.execute(act('raise', 'nic0.q', 0));
        expect(ofKind(r.events, 'fault').map((f) => f.reason).join()).toMatch(/R-FLOW-ACK/);
    });

    it('kernel domain names follow <prefix><CHIP>-<dev>-<token>', () => {
        const def = kindDefaults('pci-msix', { arch: 'x86_64', parentKind: 'intel-ir' });
        expect(kernelDomainName({ name: 'x', kind: 'pci-msix' }, def, 'PCI-MSIX', 'IR-', { name: 'n', pci: '0000:03:00.0' }, 6017)).toBe('IR-PCI-MSIX-0000:03:00.0-12');
        const ir = kindDefaults('intel-ir', { arch: 'x86_64' });
        expect(kernelDomainName({ name: 'INTEL-IR-0', kind: 'intel-ir' }, ir, 'INTEL-IR', '', undefined, 6017)).toBe('INTEL-IR-0-13');
        const v = kindDefaults('vector', { arch: 'x86_64' });
        expect(kernelDomainName({ name: 'vec', kind: 'vector' }, v, 'APIC', '', undefined, 6017)).toBe('VECTOR');
        const ims = kindDefaults('ims', { arch: 'x86_64', parentKind: 'intel-ir' });
        expect(kernelDomainName({ name: 'i', kind: 'ims' }, ims, 'PCI-IDXD', 'IR-', { name: 'd', pci: '0000:6a:01.0' }, 6008)).toBe('IR-PCI-IDXD-0000:6a:01.0-15');
    });

    it('FIRST_SYSTEM_VECTOR depends on the kernel version and bounds the vector window', () => {
        expect(resolveTopology({ ...t1NoIr(), kernel: '6.17' }).options.firstSystemVector).toBe(0xeb);
        expect(resolveTopology({ ...t1NoIr(), kernel: '6.6' }).options.firstSystemVector).toBe(0xec);
        const m = boot({ ...t1NoIr(), kernel: '6.17' });
        expect(m.state.cpus[0].matrix[0xea]).toBe(0);
        expect(m.state.cpus[0].matrix[0xeb]).toBe(1);
        expect(m.state.cpus[0].matrix[0x80]).toBe(1);
    });
});

describe('request on an unallocated interrupt', () => {
    it('allocates first (as a driver does before request_irq), then activates and starts it', () => {
        const m = boot(t2IntelIr());
        const r = m.execute(act('request', 'nic0.q', 2));
        expect(r.ok).toBe(true);
        const kinds = r.events.map((e) => e.kind);
        expect(kinds.indexOf('alloc')).toBeGreaterThanOrEqual(0);
        expect(kinds.indexOf('alloc')).toBeLessThan(kinds.indexOf('startup'));
        const d = m.descOf(m.resolveRef({ irq: 'nic0.q', element: 2 })[0])!;
        expect(d.state & IRQD.IRQ_STARTED).not.toBe(0);
        expect(m.descOf(m.resolveRef({ irq: 'nic0.q', element: 1 })[0])).toBeNull();
    });
});
