// Subtle behaviours S-13 ... S-25 of kernel-irq.md §5: multi-MSI, MSI-X mask around writes, ITS EventIDs,
// IMSIC moves, leaf flow handler, trimming, chained cascades, posting, zero-message deactivation, strays,
// hwirq encodings, slow-bus IMS and activation rollback.

import { describe, expect, it } from 'vitest';
import { IRQD, VECTOR_SHUTDOWN, kindDefaults, t1NoIr, t2IntelIr, t3Ims, t4GicIts, t5Aia, t6Posted, type SystemSpec } from '../../../src/emulator/index.js';
import { act, boot, desc, events, expectStep, hops, indexOf, inst, ofKind, run } from './support.js';

describe('S-13 PCI multi-MSI is one descriptor, one message, consecutive irqs', () => {
    it('S-13 with IR: one aligned block of IRTEs with sub-handles, a single capability write, the device ORs the vector number into data', () => {
        const m = boot(t2IntelIr());
        const evs = events(m, act('allocate', 'ahci.port'));
        const irqs = [0, 1, 2, 3].map((k) => desc(m, 'ahci.port', k).irq);
        expect(irqs).toEqual([irqs[0], irqs[0] + 1, irqs[0] + 2, irqs[0] + 3]);
        const irs = [0, 1, 2, 3].map((k) => desc(m, 'ahci.port', k).levels[1].c);
        const base = irs[0].t === 'ir' ? irs[0].index : -1;
        expect(base % 4).toBe(0);
        expect(irs.map((c) => (c.t === 'ir' ? `${c.index}/${c.sub}` : ''))).toEqual([0, 1, 2, 3].map((s) => `${base}/${s}`));
        const w = ofKind(evs, 'write').filter((e) => e.storage === 'msi');
        expect(w.filter((e) => !e.note)).toHaveLength(1);
        expect(w.filter((e) => e.note?.includes('skipped'))).toHaveLength(3);
        run(m, act('request', 'ahci.port'));
        const r = events(m, act('raise', 'ahci.port', 2));
        expect(ofKind(r, 'handle').map((e) => e.irq)).toEqual([irqs[2]]);
        expect(ofKind(r, 'deliver').find((e) => e.hop === 'irte')!.note).toContain(`IRTE 0x${(base + 2).toString(16)}`);
    });

    it('S-13 without IR the vector domain has no MULTI_PCI_MSI: a 4-vector request fails with -EINVAL', () => {
        const spec: SystemSpec = {
            name: 'mm', arch: 'x86_64', cpuCount: 2,
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'msi', kind: 'pci-msi', parent: 'VECTOR', device: 'a' }],
            devices: [{ name: 'a', pci: '0000:00:17.0', msi: { vectors: 4 } }],
            interrupts: [{ name: 'a.p', device: 'a', domain: 'msi', index: 0, count: 4 }], scenarios: []
        };
        const m = boot(spec);
        const r = m.execute(act('allocate', 'a.p'));
        expect(r.errno).toBe('-EINVAL');
        expect(ofKind(r.events, 'alloc')[0].note).toMatch(/MULTI_PCI_MSI/);
        expect(m.execute(act('allocate', 'a.p', 0)).ok).toBe(true);
    });

    it('S-13 MSI without per-vector mask bits: mask_irq sets the core bit but masks nothing in hardware', () => {
        const m = boot(t2IntelIr());
        run(m, act('allocate', 'ahci.port'), act('request', 'ahci.port', 1), act('mask', 'ahci.port', 1));
        expect(desc(m, 'ahci.port', 1).state & IRQD.IRQ_MASKED).toBeTruthy();
        const r = events(m, expectStep({ kind: 'state', target: { irq: 'ahci.port', element: 1 }, state: 'masked', level: 'ahci-msi' }));
        expect(ofKind(r, 'expect')[0].pass).toBe(false);
        // Nothing masks in hardware, so the device still sends and the message is delivered.
        expect(ofKind(events(m, act('raise', 'ahci.port', 1)), 'deliver').length).toBeGreaterThan(0);
    });
});

describe('S-14 the kernel masks an MSI-X entry around every message write', () => {
    it('S-14 a write to an unmasked entry is bracketed by mask/unmask of the vector-control bit', () => {
        const m = boot(t1NoIr());
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2));
        const evs = events(m, act('deactivate', 'nic0.q', 2));
        const h = evs.filter((e) => e.kind === 'state' || e.kind === 'write').map((e) => e.kind === 'state' ? `${e.what}:${e.set}` : `write:${e.kind === 'write' ? e.msg?.addressLo : ''}`);
        expect(h).toEqual(['MSI-X vector control mask (around write):true', 'write:0', 'MSI-X vector control mask (around write):false']);
    });

    it('S-14 an event on a masked entry sets the Pending Bit and is delivered on unmask', () => {
        const m = boot(t1NoIr());
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2), act('mask', 'nic0.q', 2));
        const r = events(m, act('raise', 'nic0.q', 2), expectStep({ kind: 'state', target: { irq: 'nic0.q', element: 2 }, state: 'pending', level: 'nic0-msix' }));
        expect(ofKind(r, 'handle')).toHaveLength(0);
        expect(ofKind(r, 'expect')[0].pass).toBe(true);
        const u = events(m, act('unmask', 'nic0.q', 2));
        expect(ofKind(u, 'pending').map((p) => `${p.where}:${p.set}`)).toEqual(['MSI-X Pending Bit:false']);
        expect(ofKind(u, 'handle')).toHaveLength(1);
    });
});

describe('S-15 ITS EventIDs are allocated, ITT sized once from hwsize', () => {
    it('S-15 the first allocated entry gets EventID 0 whatever its MSI-X index; ITT/LPI block from the table size', () => {
        const m = boot(t4GicIts());
        run(m, act('allocate', 'nic0.q', 5));
        const c = desc(m, 'nic0.q', 5).levels[1].c;
        expect(c.t === 'its' && c.eventId).toBe(0);
        expect(desc(m, 'nic0.q', 5).levels[1].hwirq).toBe(8192);
        expect(m.message(inst(m, 'nic0.q', 5))!.data).toBe(0);
        const its = m.state.domains[1].res;
        expect(its.t === 'its' && its.devices.get(0x100)!.nvecs).toBe(16);
    });

    it('S-15 DeviceID 0 / platform devices get at least 32 ITT entries; aliasing domains share one its_device', () => {
        const spec: SystemSpec = {
            name: 'alias', arch: 'arm64', cpuCount: 2,
            domains: [
                { name: 'GIC', kind: 'gic-v3' }, { name: 'ITS', kind: 'gic-its', parent: 'GIC' },
                { name: 'p-msi', kind: 'device-msi', parent: 'ITS', device: 'plat', resources: { size: 4 } },
                { name: 'a-msix', kind: 'pci-msix', parent: 'ITS', device: 'a' },
                { name: 'b-msix', kind: 'pci-msix', parent: 'ITS', device: 'b' }
            ],
            devices: [
                { name: 'plat', platform: 'smmu', deviceId: 0x20 },
                { name: 'a', pci: '0000:02:00.0', msix: { tableSize: 4 }, deviceId: 0x200 },
                { name: 'b', pci: '0000:02:00.1', msix: { tableSize: 4 }, deviceId: 0x200 }
            ],
            interrupts: [
                { name: 'plat.evt', device: 'plat', domain: 'p-msi', index: 0 },
                { name: 'a.q', device: 'a', domain: 'a-msix', index: 0 },
                { name: 'b.q', device: 'b', domain: 'b-msix', index: 0 }
            ],
            scenarios: []
        };
        const m = boot(spec);
        run(m, act('allocate', 'plat.evt'), act('allocate', 'a.q'), act('allocate', 'b.q'));
        const its = m.state.domains[1].res;
        if (its.t !== 'its') throw new Error('its');
        expect(its.devices.get(0x20)!.nvecs).toBe(32);
        expect(its.devices.get(0x200)!.shared).toBe(1);
        const ea = desc(m, 'a.q').levels[1].c;
        const eb = desc(m, 'b.q').levels[1].c;
        expect([ea.t === 'its' && ea.eventId, eb.t === 'its' && eb.eventId]).toEqual([0, 1]);
    });

    it('S-15 ITS mask clears the LPI enable bit: the LPI stays pending in the redistributor until unmask', () => {
        const m = boot(t4GicIts());
        run(m, act('allocate', 'nic0.q', 3), act('request', 'nic0.q', 3), act('mask', 'nic0.q', 3));
        const d = desc(m, 'nic0.q', 3);
        // Only the ITS-level bit: clear the device bit so the message reaches the ITS.
        m.state.devices[0].msix[3].masked = false;
        const r = events(m, act('raise', 'nic0.q', 3), expectStep({ kind: 'state', target: { irq: 'nic0.q', element: 3 }, state: 'pending', level: 'ITS' }));
        expect(ofKind(r, 'handle')).toHaveLength(0);
        expect(ofKind(r, 'expect')[0].pass).toBe(true);
        const u = events(m, act('unmask', 'nic0.q', 3));
        expect(ofKind(u, 'handle')).toHaveLength(1);
        expect(d.handled).toBe(1);
    });
});

describe('S-16 IMSIC affinity changes the message', () => {
    it('S-16 PCI MSI-X on IMSIC: deferred move allocates a new (hart, ID) and rewrites via a temporary (old hart, new ID)', () => {
        const spec = t5Aia();
        const m = boot(spec);
        run(m, act('allocate', 'uart0.rx'), act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const i = inst(m, 'nic0.q', 0);
        const before = m.route(i)!;
        // The UART took the first free ID on hart 2, so the new ID there differs from the old one.
        const target = 2;
        expect(before.cpu).not.toBe(target);
        run(m, { kind: 'set-affinity', target: { irq: 'nic0.q', element: 0 }, cpus: [target] });
        expect(m.route(i)).toEqual(before);
        const evs = events(m, act('raise', 'nic0.q', 0));
        const after = m.route(i)!;
        expect(after.cpu).toBe(target);
        const writes = ofKind(evs, 'write').map((w) => `${(w.msg!.addressLo >>> 0).toString(16)}/${w.msg!.data}`);
        const oldPage = (0x28000000 + before.cpu * 0x1000).toString(16);
        const newPage = (0x28000000 + target * 0x1000).toString(16);
        expect(writes).toEqual([`${oldPage}/${after.vector}`, `${newPage}/${after.vector}`]);
        expect(m.message(i)).toEqual({ addressLo: 0x28000000 + target * 0x1000, addressHi: 0, data: after.vector });
    });

    it('S-16 APLIC-MSI moves at once: TARGET rewritten with the new hart and EIID; pending state follows the ID', () => {
        const m = boot(t5Aia());
        run(m, act('allocate', 'uart0.rx'), act('request', 'uart0.rx'));
        const i = inst(m, 'uart0.rx');
        const old = m.route(i)!;
        // Leave a pending, disabled ID on the old hart.
        const r = m.state.domains[1].res;
        if (r.t !== 'imsic') throw new Error('imsic');
        r.harts[old.cpu].eie[old.vector] = 0;
        r.harts[old.cpu].eip[old.vector] = 1;
        const evs = events(m, { kind: 'set-affinity', target: { irq: 'uart0.rx' }, cpus: [3] });
        const now = m.route(i)!;
        expect(now.cpu).toBe(3);
        expect(ofKind(evs, 'write').map((w) => w.storage)).toEqual(['aplic-target']);
        const src = m.state.domains[2].res;
        expect(src.t === 'aplic' && `${src.src[10].hart}/${src.src[10].eiid}`).toBe(`3/${now.vector}`);
        expect(r.harts[3].eip[now.vector]).toBe(1);
        expect(r.harts[old.cpu].eip[old.vector]).toBe(0);
    });
});

describe('S-17 only one flow handler per irq, and the leaf wins', () => {
    it('S-17 IMSIC installs handle_edge_irq but the APLIC-MSI leaf runs handle_fasteoi_irq; PCI on IMSIC stays edge', () => {
        const m = boot(t5Aia());
        const evs = events(m, act('allocate', 'uart0.rx'), act('allocate', 'nic0.q', 0));
        expect(kindDefaults('imsic', { arch: 'riscv64' }).flow).toBe('handle_edge_irq');
        expect(desc(m, 'uart0.rx').flow).toBe('handle_fasteoi_irq');
        expect(desc(m, 'nic0.q', 0).flow).toBe('handle_edge_irq');
        expect(ofKind(evs, 'alloc').some((e) => e.note?.includes('S-17'))).toBe(true);
    });
});

describe('S-18 hierarchies can be shorter than the domain chain', () => {
    it('S-18 a level that disconnects itself during alloc is trimmed with everything towards the root', () => {
        const spec: SystemSpec = {
            name: 'trim', arch: 'arm64', cpuCount: 2,
            domains: [
                { name: 'GIC', kind: 'gic-v3' },
                { name: 'wakeup', kind: 'wired', parent: 'GIC', ops: { disconnect: { mode: 'self' } } },
                { name: 'gpio', kind: 'wired', parent: 'wakeup' }
            ],
            devices: [], interrupts: [{ name: 'key.irq', domain: 'gpio', index: 3, indexKind: 'pin' }], scenarios: []
        };
        const m = boot(spec);
        const evs = events(m, act('allocate', 'key.irq'), expectStep({ kind: 'hwirq', target: { irq: 'key.irq' }, level: 'GIC', value: 35 }));
        expect(desc(m, 'key.irq').levels).toHaveLength(1);
        expect(ofKind(evs, 'free').some((e) => e.fn === 'irq_domain_trim_hierarchy')).toBe(true);
        expect(ofKind(evs, 'expect')[0].pass).toBe(false);
        const full = boot({ ...spec, domains: [spec.domains[0], { name: 'wakeup', kind: 'wired', parent: 'GIC' }, spec.domains[2]] });
        run(full, act('allocate', 'key.irq'));
        expect(desc(full, 'key.irq').levels).toHaveLength(3);
    });
});

describe('S-19 chained cascades are not hierarchy', () => {
    it('S-19 IMSIC is chained to INTC cause 9: two irq_descs per delivery, the cascade one has no parent link and no instance', () => {
        const m = boot(t5Aia());
        expect(m.topo.domains[1].parent).toBe(-1);
        expect(m.topo.domains[1].chainedTo).toBe(0);
        run(m, act('allocate', 'uart0.rx'), act('request', 'uart0.rx'));
        const cascade = m.state.descs[11]!;
        expect(cascade.cascade).toBe(true);
        expect(cascade.flow).toBe('handle_percpu_devid_irq');
        const evs = events(m, act('raise', 'uart0.rx'));
        expect(new Set(evs.filter((e) => e.irq !== undefined).map((e) => e.irq))).toEqual(new Set([11, 12]));
        expect(cascade.count).toBe(1);
        expect(desc(m, 'uart0.rx').count).toBe(1);
    });
});

describe('S-20 posted delivery bypasses the host irq_desc', () => {
    it('S-20 lazy disable and host affinity do not apply while posted; unpost returns to remapped delivery', () => {
        const spec = t6Posted();
        const m = boot(spec);
        run(m, act('allocate', 'dsa0.vdev'), act('request', 'dsa0.vdev'), { kind: 'post', target: { irq: 'dsa0.vdev' }, vcpu: 1, vector: 0x41 });
        const d = desc(m, 'dsa0.vdev');
        run(m, act('disable', 'dsa0.vdev'));
        expect(ofKind(events(m, act('raise', 'dsa0.vdev')), 'post')).toHaveLength(1);
        expect(d.count).toBe(0);
        run(m, act('enable', 'dsa0.vdev'));
        const mv = events(m, { kind: 'set-affinity', target: { irq: 'dsa0.vdev' }, cpus: [6] });
        expect(ofKind(mv, 'write').filter((w) => w.storage === 'irte')).toHaveLength(0);
        expect(ofKind(events(m, act('raise', 'dsa0.vdev')), 'post')[0].vector).toBe(0x41);
        const un = events(m, { kind: 'unpost', target: { irq: 'dsa0.vdev' } });
        expect(ofKind(un, 'write').filter((w) => w.storage === 'irte')).toHaveLength(1);
        const back = events(m, act('raise', 'dsa0.vdev'));
        expect(ofKind(back, 'handle')[0].cpu).toBe(6);
    });
});

describe('S-21 deactivation writes a zero message, after masking', () => {
    it('S-21 free: irq_shutdown masks the entry before msi_domain_deactivate writes the zero message; later raises stay pending', () => {
        const m = boot(t1NoIr());
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2));
        const h = hops(events(m, act('free', 'nic0.q', 2)), ['shutdown', 'mask', 'deactivate', 'write', 'free']);
        expect(indexOf(h, /^mask:0/)).toBeLessThan(indexOf(h, /^write:0/));
        expect(indexOf(h, /^deactivate:0/)).toBeLessThan(indexOf(h, /^deactivate:1/));
        expect(indexOf(h, /^free:0:msi_domain_free/)).toBeLessThan(indexOf(h, /^free:1:x86_vector_free_irqs/));
        expect(indexOf(h, /^write:0/)).toBeLessThan(indexOf(h, /^free:0/));
        expect(m.state.devices[0].msix[3]).toMatchObject({ addressLo: 0, data: 0, masked: true });
    });

    it('S-21 deactivating an unmasked source lets the device write to address 0', () => {
        const m = boot(t1NoIr());
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2), act('deactivate', 'nic0.q', 2));
        const r = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(r, 'fault').map((f) => f.reason).join()).toMatch(/address 0x0/);
        expect(ofKind(r, 'handle')).toHaveLength(0);
    });
});

describe('S-22 stray interrupts on freed vectors', () => {
    it('S-22 a stale message on a shut-down vector is eaten silently once, then logged as "No irq handler"', () => {
        const m = boot(t1NoIr());
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2));
        const { cpu, vector } = m.route(inst(m, 'nic0.q', 2))!;
        run(m, act('free', 'nic0.q', 2));
        expect(m.state.cpus[cpu].vectorIrq[vector]).toBe(VECTOR_SHUTDOWN);
        const stale = { kind: 'inject' as const, addressLo: 0xfee00000 | (cpu << 12), data: vector };
        const first = ofKind(events(m, stale), 'stray');
        expect(first).toHaveLength(1);
        expect(first[0].note).toMatch(/silently/);
        const second = ofKind(events(m, stale), 'stray');
        expect(second[0].note).toMatch(/No irq handler for vector/);
        expect(m.state.strays).toBe(2);
    });
});

describe('S-23 hwirq encodings differ per level', () => {
    it('S-23 IR = index<<16|sub, vector = Linux irq, ITS/GIC = LPI, IMSIC = Linux irq, leaves = index / slot / source', () => {
        const x = boot(t2IntelIr());
        run(x, act('allocate', 'nic0.q', 4));
        const d = desc(x, 'nic0.q', 4);
        const ir = d.levels[1].c;
        expect(d.levels.map((l) => l.hwirq)).toEqual([5, ir.t === 'ir' ? ir.index << 16 : -1, d.irq]);
        const a = boot(t4GicIts());
        run(a, act('allocate', 'nic0.q', 0));
        expect(desc(a, 'nic0.q', 0).levels.map((l) => l.hwirq)).toEqual([0, 8192, 8192]);
        const r = boot(t5Aia());
        run(r, act('allocate', 'uart0.rx'));
        const u = desc(r, 'uart0.rx');
        expect(u.levels.map((l) => l.hwirq)).toEqual([10, u.irq]);
        const i = boot(t3Ims(true));
        run(i, act('allocate', 'dsa0.wq'), act('allocate', 'dsa0.err'));
        expect(desc(i, 'dsa0.wq').levels[0].hwirq).toBe(0);
    });
});

describe('S-24 slow-bus chips', () => {
    it('S-24 IMS in queue memory: mask/unmask are recorded and reach the device only at irq_bus_sync_unlock', () => {
        const spec = t3Ims(true);
        spec.devices[0].ims = { slots: 64, storage: 'queue' };
        const m = boot(spec);
        run(m, act('allocate', 'dsa0.wq'), act('request', 'dsa0.wq'));
        const evs = events(m, act('mask', 'dsa0.wq'));
        const order = ofKind(evs, 'state').map((e) => e.what);
        expect(order).toEqual(['irq_bus_lock', 'irq_bus_sync_unlock', 'device mask bit']);
        const mmio = boot(t3Ims(true));
        run(mmio, act('allocate', 'dsa0.wq'), act('request', 'dsa0.wq'));
        expect(ofKind(events(mmio, act('mask', 'dsa0.wq')), 'state').map((e) => e.what)).toEqual(['device mask bit']);
    });
});

describe('S-25 activation failure rolls back the parents', () => {
    it('S-25 a failing child activate deactivates the activated parents and the whole device allocation is freed', () => {
        const spec = t1NoIr();
        spec.domains[0] = { ...spec.domains[0], chip: { callbacks: { compose: { mode: 'none' } } } };
        const m = boot(spec);
        const r = m.execute(act('allocate', 'nic0.q'));
        expect(r.ok).toBe(false);
        expect(ofKind(r.events, 'deactivate').some((e) => e.rollback && e.level === 1)).toBe(true);
        expect(ofKind(r.events, 'fault').map((f) => f.reason).join()).toMatch(/R-COMPOSER-EXISTS/);
        expect(m.state.descs.filter(Boolean)).toHaveLength(0);
        const vr = m.state.domains[0].res;
        expect(vr.t === 'vector' && vr.globalReserved).toBe(0);
    });

    it('S-25 vector exhaustion during early activation (no reservation mode) frees every vector of the device', () => {
        const spec = t1NoIr();
        spec.cpuCount = 1;
        spec.options = { firstIrq: 40, reservationMode: false };
        spec.domains[0] = { ...spec.domains[0], resources: { vectorWindow: { from: 0x20, to: 0x22 }, reservedVectors: [] } };
        spec.interrupts[1] = { ...spec.interrupts[1], affinity: undefined };
        const m = boot(spec);
        const r = m.execute(act('allocate', 'nic0.q'));
        expect(r.errno).toBe('-ENOSPC');
        expect(m.state.descs.filter(Boolean)).toHaveLength(0);
        expect(m.state.cpus[0].allocated).toBe(0);
        expect(m.execute(act('allocate', 'nic0.q', 0)).ok).toBe(true);
    });
});
