// Subtle behaviours S-1 ... S-12 of kernel-irq.md §5: each test shows the kernel's behaviour in a way a
// naive emulator (root composes, always rewrites, one mask bit, eager disable, no reservation...) would fail.

import { describe, expect, it } from 'vitest';
import { IRQD, IRQS, VECTOR_SHUTDOWN, X86, t1NoIr, t2IntelIr, t3Ims, t4GicIts, t5Aia, type SystemSpec } from '../../../src/emulator/index.js';
import { VEC_MANAGED_RESERVED } from '../../../src/emulator/constants.js';
import { act, boot, desc, events, expectStep, hops, indexOf, inst, ofKind, run } from './support.js';

function t1Requested(policy?: 'code' | 'comment'): ReturnType<typeof boot> {
    const spec = t1NoIr();
    if (policy) spec.options = { ...spec.options, msiMovePolicy: policy };
    const m = boot(spec);
    run(m, act('allocate', 'nic0.misc'), act('allocate', 'nic0.q'), act('request', 'nic0.misc'), act('request', 'nic0.q', 0), act('request', 'nic0.q', 2));
    return m;
}

function t2Requested(): ReturnType<typeof boot> {
    const m = boot(t2IntelIr());
    run(m, act('allocate', 'nic0.misc'), act('allocate', 'nic0.q'), act('request', 'nic0.misc'), act('request', 'nic0.q', 0), act('request', 'nic0.q', 2));
    return m;
}

function t4Requested(): ReturnType<typeof boot> {
    const m = boot(t4GicIts());
    run(m, act('allocate', 'nic0.q'), act('request', 'nic0.q', 3));
    return m;
}

describe('S-1 one Linux irq, one hwirq per level, a reverse map at every level', () => {
    it('S-1 every level maps its own hwirq to the same irq; GIC demultiplexes at the root', () => {
        const m = t4Requested();
        const d = desc(m, 'nic0.q', 3);
        d.levels.forEach((l) => expect(m.state.domains[l.domain].revmap.get(l.hwirq)).toBe(30));
        // The root lookup is what delivers: remove the leaf and ITS reverse maps and it still works...
        m.state.domains[2].revmap.clear();
        m.state.domains[1].revmap.clear();
        let evs = events(m, act('raise', 'nic0.q', 3));
        expect(ofKind(evs, 'handle')).toHaveLength(1);
        expect(ofKind(evs, 'deliver').find((e) => e.hop === 'revmap')!.domain).toBe(':intc@8000000');
        // ...while without the root entry the INTID is spurious.
        m.state.domains[0].revmap.delete(8195);
        evs = events(m, act('raise', 'nic0.q', 3));
        expect(ofKind(evs, 'handle')).toHaveLength(0);
        expect(ofKind(evs, 'stray')).toHaveLength(1);
    });

    it('S-1 x86 delivers through the per-CPU vector_irq table, not through any domain lookup', () => {
        const m = t1Requested();
        for (const ds of m.state.domains) ds.revmap.clear();
        const evs = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(evs, 'handle')).toHaveLength(1);
        expect(ofKind(evs, 'deliver').map((e) => e.hop)).toContain('vector_irq');
    });
});

describe('S-2 core state is per irq, hardware masks are per level', () => {
    it('S-2 ITS leaf mask sets the one core bit plus the device bit and the parent (LPI) bit, not the GIC', () => {
        const m = t4Requested();
        const evs = events(m, act('mask', 'nic0.q', 3),
            expectStep({ kind: 'state', target: { irq: 'nic0.q', element: 3 }, state: 'masked' }),
            expectStep({ kind: 'state', target: { irq: 'nic0.q', element: 3 }, state: 'masked', level: 'nic0-msix' }),
            expectStep({ kind: 'state', target: { irq: 'nic0.q', element: 3 }, state: 'masked', level: 'ITS' }),
            expectStep({ kind: 'state', target: { irq: 'nic0.q', element: 3 }, state: 'masked', level: 'GICv3', negated: true }));
        expect(ofKind(evs, 'expect').every((e) => e.pass)).toBe(true);
        expect(hops(evs, ['mask'])).toEqual(['mask:0:pci_irq_mask_msix', 'mask:0:irq_chip_mask_parent', 'mask:1:its_mask_irq']);
        // The core bit short-circuits a second mask: no chip call at all.
        expect(hops(events(m, act('mask', 'nic0.q', 3)), ['mask'])).toEqual([]);
    });

    it('S-2 on x86 only the device masks: the vector level has no mask and no separate core flag per level', () => {
        const m = t1Requested();
        const evs = events(m, act('mask', 'nic0.q', 2));
        expect(hops(evs, ['mask'])).toEqual(['mask:0:pci_irq_mask_msix']);
        const d = desc(m, 'nic0.q', 2);
        expect(d.state & IRQD.IRQ_MASKED).toBeTruthy();
        expect(d.levels.map((l) => l.hwMasked)).toEqual([true, false]);
    });
});

describe('S-3 the nearest composer from the leaf composes', () => {
    it('S-3 with IR the IR chip composes a handle; without IR the vector chip composes vector and CPU', () => {
        const ir = boot(t2IntelIr());
        const e1 = ofKind(events(ir, act('allocate', 'nic0.misc')), 'compose');
        expect(e1.map((e) => `${e.level}:${e.fn}`)).toEqual(['1:intel_ir_compose_msi_msg']);
        expect(e1[0].msg.data).toBe(0);
        expect(e1[0].msg.addressLo & 0x10).toBe(0x10);
        const noIr = boot(t1NoIr());
        const e2 = ofKind(events(noIr, act('allocate', 'nic0.misc')), 'compose');
        expect(e2.map((e) => `${e.level}:${e.fn}`)).toEqual(['1:x86_vector_msi_compose_msg']);
        expect(e2[0].msg.data).toBe(X86.MANAGED_IRQ_SHUTDOWN_VECTOR);
    });

    it('S-3 on ARM the ITS (not the GIC root) composes: doorbell + EventID', () => {
        const m = boot(t4GicIts());
        const c = ofKind(events(m, act('allocate', 'nic0.q', 0)), 'compose');
        expect(c.map((e) => e.domain)).toEqual([':intc@8000000:its@8080000-5']);
        expect(c[0].msg).toEqual({ addressLo: 0x08090040, addressHi: 0, data: 0 });
    });
});

describe('S-4 IRQ_SET_MASK_OK_DONE suppresses the device rewrite', () => {
    it('S-4 IR affinity change rewrites only the IRTE: zero device writes', () => {
        const m = t2Requested();
        const i = inst(m, 'nic0.q', 2);
        const before = m.state.instances[i].writes;
        const msgBefore = m.message(i);
        const evs = events(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [5] });
        expect(m.state.instances[i].writes).toBe(before);
        expect(m.message(i)).toEqual(msgBefore);
        expect(ofKind(evs, 'write').map((e) => e.storage)).toEqual(['irte']);
        expect(ofKind(evs, 'move').map((e) => e.result)).toContain('IRQ_SET_MASK_OK_DONE');
        expect(m.route(i)!.cpu).toBe(5);
        const after = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(after, 'handle')[0].cpu).toBe(5);
    });

    it('S-4 without IR the vector returns IRQ_SET_MASK_OK and the device message is rewritten', () => {
        const m = t1Requested('comment');
        const i = inst(m, 'nic0.q', 2);
        const before = m.state.instances[i].writes;
        run(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [5] }, act('raise', 'nic0.q', 2));
        expect(m.state.instances[i].writes).toBe(before + 1);
        expect(m.message(i)!.addressLo).toBe(0xfee05000);
    });

    it('S-4 ITS MOVI: new collection, message unchanged', () => {
        const m = t4Requested();
        const i = inst(m, 'nic0.q', 3);
        const msg = m.message(i);
        const w = m.state.instances[i].writes;
        run(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 3 }, cpus: [5] });
        expect(m.message(i)).toEqual(msg);
        expect(m.state.instances[i].writes).toBe(w);
        expect(m.route(i)!.cpu).toBe(5);
        expect(ofKind(events(m, act('raise', 'nic0.q', 3)), 'handle')[0].cpu).toBe(5);
    });
});

describe('S-5 ack delegation may stop before the root', () => {
    it('S-5 IR ack does not reach apic_ack_edge; IR cleans the old vector right after the IRTE update', () => {
        const m = t2Requested();
        const acks = hops(events(m, act('raise', 'nic0.q', 2)), ['ack']);
        expect(acks).toEqual(['ack:0:irq_chip_ack_parent', 'ack:1:apic_ack_irq']);
        const mv = events(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [5] });
        expect(ofKind(mv, 'cleanup').map((e) => `${e.cpu}/${e.vector}`)).toEqual(['2/34']);
        const c = desc(m, 'nic0.q', 2).levels[2].c;
        expect(c.t === 'vector' && c.moveInProgress).toBe(false);
    });

    it('S-5 without IR the leaf ack reaches the vector chip (apic_ack_edge)', () => {
        const m = t1Requested();
        expect(hops(events(m, act('raise', 'nic0.q', 2)), ['ack'])).toEqual(['ack:0:irq_chip_ack_parent', 'ack:1:apic_ack_edge']);
    });
});

describe('S-6 EOI timing depends on the flow handler', () => {
    it('S-6 handle_edge_irq acks (APIC EOI) before the handler; a re-raise during the handler sets IRQS_PENDING and loops', () => {
        const m = t1Requested();
        const evs = events(m, act('raise', 'nic0.q', 2, { duringHandler: 1 }));
        const h = hops(evs);
        expect(indexOf(h, /^ack:1:apic_ack_edge/)).toBeLessThan(indexOf(h, /^handle:/));
        expect(ofKind(evs, 'handle')).toHaveLength(2);
        expect(ofKind(evs, 'pending').filter((e) => e.where === 'IRQS_PENDING' && e.set)).toHaveLength(1);
        // The nested arrival was mask_ack'ed and the loop unmasked again.
        expect(hops(evs, ['mask', 'unmask'])).toEqual(['mask:0:pci_irq_mask_msix', 'unmask:0:pci_irq_unmask_msix']);
        expect(desc(m, 'nic0.q', 2).istate & IRQS.PENDING).toBe(0);
    });

    it('S-6 handle_fasteoi_irq EOIs after the handler; ONESHOT masks before and unmasks after the thread', () => {
        const spec = t5Aia();
        spec.interrupts[0] = { ...spec.interrupts[0], threaded: true, oneshot: true };
        const m = boot(spec);
        run(m, act('allocate', 'uart0.rx'), act('request', 'uart0.rx'));
        const h = hops(events(m, act('raise', 'uart0.rx')), ['mask', 'handle', 'eoi', 'unmask']);
        expect(h).toEqual([
            'mask:0:aplic_msi_irq_mask', 'mask:0:irq_chip_mask_parent', 'mask:1:imsic_irq_mask',
            'handle:0:handle_irq_event',
            'eoi:0:aplic_msi_irq_eoi',
            'unmask:0:aplic_msi_irq_unmask', 'unmask:0:irq_chip_unmask_parent', 'unmask:1:imsic_irq_unmask'
        ]);
        const g = t4Requested();
        const gh = hops(events(g, act('raise', 'nic0.q', 3)));
        expect(indexOf(gh, /^handle:/)).toBeLessThan(indexOf(gh, /^eoi:2:gic_eoi_irq/));
    });

    it('S-6 RISC-V IMSIC edge interrupts have no EOI at all (TOPEI claim)', () => {
        const m = boot(t5Aia());
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const evs = events(m, act('raise', 'nic0.q', 0));
        expect(ofKind(evs, 'handle')).toHaveLength(1);
        expect(ofKind(evs, 'eoi')).toHaveLength(0);
        expect(hops(evs, ['ack'])).toEqual(['ack:0:irq_chip_ack_parent', 'ack:1:imsic_irq_ack']);
        expect(ofKind(evs, 'deliver').map((e) => e.hop)).toContain('topei');
    });
});

describe('S-7 x86 non-remapped affinity change is deferred and may take two writes', () => {
    it('S-7 the move waits for the next interrupt on the old CPU; two writes (code policy); old vector freed after the first interrupt on the new one', () => {
        const m = t1Requested('code');
        const i = inst(m, 'nic0.q', 2);
        const w0 = m.state.instances[i].writes;
        const set = events(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [5] },
            expectStep({ kind: 'state', target: { irq: 'nic0.q', element: 2 }, state: 'move-pending' }),
            expectStep({ kind: 'route', target: { irq: 'nic0.q', element: 2 }, cpu: 2, vector: 0x22 }));
        expect(ofKind(set, 'move').map((e) => e.result)).toEqual(['deferred']);
        expect(ofKind(set, 'expect').every((e) => e.pass)).toBe(true);
        expect(m.state.instances[i].writes).toBe(w0);
        const first = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(first, 'handle')[0].cpu).toBe(2);
        const writes = ofKind(first, 'write');
        expect(writes.map((w) => `${(w.msg!.addressLo >>> 0).toString(16)}/${w.msg!.data.toString(16)}`)).toEqual(['fee02000/20', 'fee05000/20']);
        const h = hops(first, ['mask', 'move', 'write', 'unmask']);
        expect(h[0]).toBe('mask:0:pci_irq_mask_msix');
        expect(h[h.length - 1]).toBe('unmask:0:pci_irq_unmask_msix');
        expect(m.route(i)).toEqual({ cpu: 5, vector: 0x20 });
        const vc = desc(m, 'nic0.q', 2).levels[1].c;
        expect(vc.t === 'vector' && vc.moveInProgress).toBe(true);
        expect(m.state.cpus[2].vectorIrq[0x22]).toBe(43);
        const second = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(second, 'handle')[0].cpu).toBe(5);
        expect(ofKind(second, 'cleanup').map((e) => `${e.cpu}/${e.vector}`)).toEqual(['2/34']);
        expect(m.state.cpus[2].vectorIrq[0x22]).toBe(-1);
    });

    it('S-7 comment policy (b56ebe7c896d reading): a maskable MSI-X is updated with one direct write', () => {
        const m = t1Requested('comment');
        run(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [5] });
        const w = ofKind(events(m, act('raise', 'nic0.q', 2)), 'write');
        expect(w).toHaveLength(1);
        expect(w[0].msg!.addressLo).toBe(0xfee05000);
    });

    it('S-7 a second move before the first interrupt on the new vector gets -EBUSY and stays queued', () => {
        const m = t1Requested('comment');
        const i = inst(m, 'nic0.q', 2);
        run(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [5] }, act('raise', 'nic0.q', 2));
        run(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 2 }, cpus: [6] });
        // A stale interrupt still arriving on the old vector: its ack tries the queued move.
        const stale = events(m, { kind: 'inject', addressLo: 0xfee02000, data: 0x22, device: 'nic0' });
        expect(ofKind(stale, 'handle')[0].cpu).toBe(2);
        expect(ofKind(stale, 'move').map((e) => e.result)).toContain('-EBUSY');
        expect(desc(m, 'nic0.q', 2).state & IRQD.SETAFFINITY_PENDING).toBeTruthy();
        expect(m.route(i)!.cpu).toBe(5);
        // The first interrupt on the new vector completes the old move; the queued one then runs.
        const next = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(next, 'cleanup')).toHaveLength(1);
        expect(m.route(i)!.cpu).toBe(6);
    });
});

describe('S-8 lazy disable', () => {
    it('S-8 disable_irq only sets IRQD_IRQ_DISABLED; the next interrupt masks in hardware and records IRQS_PENDING', () => {
        const m = t1Requested();
        const dis = events(m, act('disable', 'nic0.q', 2));
        expect(ofKind(dis, 'mask')).toHaveLength(0);
        const d = desc(m, 'nic0.q', 2);
        expect(d.state & IRQD.IRQ_DISABLED).toBeTruthy();
        expect(d.levels[0].hwMasked).toBe(false);
        const r = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(r, 'handle')).toHaveLength(0);
        expect(hops(r, ['mask'])).toEqual(['mask:0:pci_irq_mask_msix']);
        expect(d.istate & IRQS.PENDING).toBeTruthy();
        const en = events(m, act('enable', 'nic0.q', 2));
        expect(hops(en, ['unmask', 'retrigger'])).toEqual(['unmask:0:pci_irq_unmask_msix', 'retrigger:0:irq_chip_retrigger_hierarchy', 'retrigger:1:apic_retrigger_irq']);
        expect(ofKind(en, 'handle')).toHaveLength(1);
    });

    it('S-8 with IRQ_DISABLE_UNLAZY the mask is immediate', () => {
        const spec = t1NoIr();
        spec.options = { ...spec.options, disable: 'unlazy' };
        const m = boot(spec);
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2));
        expect(hops(events(m, act('disable', 'nic0.q', 2)), ['mask'])).toEqual(['mask:0:pci_irq_mask_msix']);
    });
});

describe('S-9 retrigger is a hardware re-raise at the first capable ancestor', () => {
    it('S-9 with IR the hierarchy walk skips INTEL-IR and uses the vector chip IPI; the device does not write again', () => {
        const m = t2Requested();
        const i = inst(m, 'nic0.q', 2);
        const w = m.state.instances[i].writes;
        const evs = events(m, act('retrigger', 'nic0.q', 2));
        expect(hops(evs, ['retrigger'])).toEqual(['retrigger:0:irq_chip_retrigger_hierarchy', 'retrigger:2:apic_retrigger_irq']);
        expect(ofKind(evs, 'raise')).toHaveLength(0);
        expect(ofKind(evs, 'handle')).toHaveLength(1);
        expect(m.state.instances[i].writes).toBe(w);
    });

    it('S-9 IRQS_REPLAY blocks a second resend until the flow handler ran', () => {
        const m = t1Requested();
        const evs = events(m, act('retrigger', 'nic0.q', 2, { times: 2 }));
        expect(ofKind(evs, 'retrigger').filter((e) => e.fn === 'apic_retrigger_irq')).toHaveLength(1);
        expect(ofKind(evs, 'fault').map((f) => f.reason).join()).toMatch(/IRQS_REPLAY/);
        expect(ofKind(evs, 'handle')).toHaveLength(1);
        expect(desc(m, 'nic0.q', 2).istate & IRQS.REPLAY).toBe(0);
    });

    it('S-9 software resend is refused for IRQD_HANDLE_ENFORCE_IRQCTX irqs, allowed otherwise', () => {
        const spec: SystemSpec = t1NoIr();
        spec.domains[0] = { ...spec.domains[0], chip: { callbacks: { retrigger: { mode: 'none' } } } };
        const m = boot(spec);
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2));
        const refused = events(m, act('retrigger', 'nic0.q', 2));
        expect(ofKind(refused, 'fault').map((f) => f.reason).join()).toMatch(/ENFORCE_IRQCTX/);
        expect(ofKind(refused, 'handle')).toHaveLength(0);
        desc(m, 'nic0.q', 2).state &= ~IRQD.HANDLE_ENFORCE_IRQCTX;
        const sw = events(m, act('retrigger', 'nic0.q', 2));
        expect(ofKind(sw, 'retrigger').map((e) => e.fn)).toContain('irq_sw_resend');
        expect(ofKind(sw, 'handle')).toHaveLength(1);
    });

    it('S-9 level interrupts are never resent: the hardware re-asserts', () => {
        const m = boot(t5Aia());
        run(m, act('allocate', 'uart0.rx'), act('request', 'uart0.rx'), act('disable', 'uart0.rx'), act('raise', 'uart0.rx'));
        expect(desc(m, 'uart0.rx').istate & IRQS.PENDING).toBeTruthy();
        const en = events(m, act('enable', 'uart0.rx'));
        expect(ofKind(en, 'retrigger')).toHaveLength(0);
        expect(ofKind(en, 'handle')).toHaveLength(1);
        expect(ofKind(en, 'deliver').map((e) => e.hop)).toContain('aplic');
    });
});

describe('S-10 x86 reservation mode: activation happens twice', () => {
    it('S-10 allocation parks the entry on MANAGED_IRQ_SHUTDOWN_VECTOR and clears IRQD_ACTIVATED; request assigns the real vector', () => {
        const m = boot(t1NoIr());
        run(m, act('allocate', 'nic0.q', 2));
        const i = inst(m, 'nic0.q', 2);
        const d = desc(m, 'nic0.q', 2);
        expect(m.message(i)!.data).toBe(0xef);
        expect(d.state & IRQD.ACTIVATED).toBe(0);
        expect(d.state & IRQD.CAN_RESERVE).toBeTruthy();
        expect(m.state.cpus.reduce((n, c) => n + c.allocated, 0)).toBe(0);
        expect(m.state.instances[i].writes).toBe(1);
        const raised = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(raised, 'pending').map((p) => p.where)).toEqual(['MSI-X Pending Bit']);
        const req = events(m, act('request', 'nic0.q', 2));
        expect(ofKind(req, 'activate').length).toBeGreaterThanOrEqual(2);
        expect(d.state & IRQD.ACTIVATED).toBeTruthy();
        expect(m.message(i)!.data).toBe(0x20);
        expect(m.state.cpus.reduce((n, c) => n + c.allocated, 0)).toBe(1);
        expect(ofKind(req, 'handle')).toHaveLength(1);
    });

    it('S-10 a non-maskable MSI gets no reservation mode: real vector at allocation, stays activated', () => {
        const spec: SystemSpec = {
            name: 'nomask', arch: 'x86_64', cpuCount: 2,
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'msi', kind: 'pci-msi', parent: 'VECTOR', device: 'd' }],
            devices: [{ name: 'd', pci: '0000:05:00.0', msi: { vectors: 1, maskable: false } }],
            interrupts: [{ name: 'd.irq', device: 'd', domain: 'msi', index: 0 }], scenarios: []
        };
        const m = boot(spec);
        run(m, act('allocate', 'd.irq'));
        const d = desc(m, 'd.irq');
        expect(d.state & IRQD.ACTIVATED).toBeTruthy();
        expect(d.state & IRQD.CAN_RESERVE).toBe(0);
        expect(m.message(inst(m, 'd.irq'))!.data).toBe(0x20);
    });
});

describe('S-11 early activation is PCI-specific', () => {
    it('S-11 IMS on x86 gets no reservation mode: IRQD_CAN_RESERVE cleared at allocation, real vector at request', () => {
        const m = boot(t3Ims(true));
        run(m, act('allocate', 'dsa0.wq'));
        const d = desc(m, 'dsa0.wq');
        expect(d.state & IRQD.CAN_RESERVE).toBe(0);
        expect(d.state & IRQD.ACTIVATED).toBe(0);
        expect(m.state.instances[inst(m, 'dsa0.wq')].writes).toBe(0);
        run(m, act('request', 'dsa0.wq'));
        expect(m.route(inst(m, 'dsa0.wq'))!.vector).toBe(0x20);
    });

    it('S-11 PCI MSI-X writes its message at allocation; IMS / device MSI wait for request_irq()', () => {
        const m = boot(t4GicIts());
        run(m, act('allocate', 'nic0.q', 0));
        expect(desc(m, 'nic0.q', 0).state & IRQD.ACTIVATED).toBeTruthy();
        expect(m.state.instances[inst(m, 'nic0.q', 0)].writes).toBe(1);
        const a = boot(t5Aia());
        run(a, act('allocate', 'uart0.rx'));
        expect(desc(a, 'uart0.rx').state & IRQD.ACTIVATED).toBe(0);
        expect(a.state.instances[inst(a, 'uart0.rx')].writes).toBe(0);
        run(a, act('request', 'uart0.rx'));
        expect(a.state.instances[inst(a, 'uart0.rx')].writes).toBe(1);
    });
});

describe('S-12 managed interrupts', () => {
    function managed(): ReturnType<typeof boot> {
        const spec = t1NoIr();
        spec.interrupts[1] = { ...spec.interrupts[1], managed: true, affinity: [4, 5] };
        return boot(spec);
    }

    it('S-12 vectors are reserved on every CPU of the mask at allocation; user space cannot retarget (-EIO)', () => {
        const m = managed();
        run(m, act('allocate', 'nic0.q', 0));
        const count = (c: number): number => Array.from(m.state.cpus[c].matrix).filter((v) => v === VEC_MANAGED_RESERVED).length;
        expect([count(4), count(5), count(0)]).toEqual([1, 1, 0]);
        run(m, act('request', 'nic0.q', 0));
        const r = m.execute({ kind: 'set-affinity', target: { irq: 'nic0.q', element: 0 }, cpus: [1] });
        expect(r.errno).toBe('-EIO');
        expect(m.route(inst(m, 'nic0.q', 0))!.cpu).toBeGreaterThanOrEqual(4);
    });

    it('S-12 no online CPU in the mask: request succeeds but the irq stays in managed shutdown until a CPU comes online', () => {
        const spec = t1NoIr();
        spec.cpus = [{ index: 4, offline: true }, { index: 5, offline: true }];
        spec.interrupts[1] = { ...spec.interrupts[1], managed: true, affinity: [4, 5] };
        const m = boot(spec);
        const res = run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        expect(res[1].ok).toBe(true);
        const d = desc(m, 'nic0.q', 0);
        expect(d.state & IRQD.MANAGED_SHUTDOWN).toBeTruthy();
        expect(d.state & IRQD.IRQ_STARTED).toBe(0);
        const on = events(m, { kind: 'cpu', cpu: 5, state: 'online' });
        expect(ofKind(on, 'startup')).toHaveLength(1);
        expect(d.state & IRQD.IRQ_STARTED).toBeTruthy();
        expect(m.route(inst(m, 'nic0.q', 0))!.cpu).toBe(5);
    });

    it('S-12 when the last CPU of the mask goes offline the managed irq is shut down, a normal one migrates', () => {
        const m = managed();
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0), act('allocate', 'nic0.misc'), act('request', 'nic0.misc'));
        const d = desc(m, 'nic0.q', 0);
        const cpu = d.effCpu;
        const other = cpu === 4 ? 5 : 4;
        run(m, { kind: 'cpu', cpu, state: 'offline' });
        expect(d.effCpu).toBe(other);
        const off = events(m, { kind: 'cpu', cpu: other, state: 'offline' });
        expect(ofKind(off, 'shutdown').some((e) => e.managed)).toBe(true);
        expect(d.state & IRQD.MANAGED_SHUTDOWN).toBeTruthy();
        const misc = desc(m, 'nic0.misc');
        run(m, { kind: 'cpu', cpu: 2, state: 'offline' });
        expect(misc.effCpu).not.toBe(2);
        expect(misc.state & IRQD.IRQ_STARTED).toBeTruthy();
        expect(m.state.cpus[2].vectorIrq[0x20]).not.toBe(VECTOR_SHUTDOWN);
    });
});
