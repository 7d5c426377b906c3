// Resource exhaustion fails cleanly: an `alloc` event with -ENOSPC (not an exception), the step result, and
// an unwound state - for x86 vectors, IRTEs, ITS LPIs, IMSIC IDs, IMS slots and the MSI-X table.

import { describe, expect, it } from 'vitest';
import { t1NoIr, t2IntelIr, t3Ims, t4GicIts, t5Aia, type SystemSpec } from '../../../src/emulator/index.js';
import { act, boot, expectStep, ofKind, run } from './support.js';

describe('exhaustion -> -ENOSPC events', () => {
    it('x86 vectors: the global reservation runs out; the failing allocation leaves nothing behind', () => {
        const spec = t1NoIr();
        spec.cpuCount = 1;
        spec.domains[0] = { ...spec.domains[0], resources: { vectorWindow: { from: 0x20, to: 0x23 }, reservedVectors: [] } };
        const m = boot(spec);
        expect(m.execute(act('allocate', 'nic0.misc')).ok).toBe(true);
        const r = m.execute(act('allocate', 'nic0.q'));
        expect(r.errno).toBe('-ENOSPC');
        const failed = ofKind(r.events, 'alloc').filter((e) => e.error);
        expect(failed.map((e) => `${e.domain}:${e.error}`)).toEqual(['VECTOR:-ENOSPC']);
        expect(m.state.descs.filter(Boolean)).toHaveLength(1);
        const vr = m.state.domains[0].res;
        expect(vr.t === 'vector' && vr.globalReserved).toBe(1);
        const ok = m.execute(expectStep({ kind: 'result', errno: '-ENOSPC' }));
        expect(ofKind(ok.events, 'expect')[0].pass).toBe(true);
    });

    it('IRTEs: IR alloc fails after the vector level allocated - the vector is unwound (free, unwind)', () => {
        const spec = t2IntelIr();
        spec.domains[1] = { ...spec.domains[1], resources: { entries: 4 } };
        const m = boot(spec);
        const r = m.execute(act('allocate', 'nic0.q'));
        expect(r.errno).toBe('-ENOSPC');
        const ev = r.events.filter((e) => (e.kind === 'alloc' && e.error) || (e.kind === 'free' && e.unwind));
        expect(ev.map((e) => `${e.kind}:${e.domain}`).slice(0, 2)).toEqual(['alloc:INTEL-IR-0-13', 'free:VECTOR']);
        const ir = m.state.domains[1].res;
        expect(ir.t === 'ir' && Array.from(ir.used).filter(Boolean)).toHaveLength(0);
        expect(m.state.descs.filter(Boolean)).toHaveLength(0);
    });

    it('IRTE blocks: a 4-vector multi-MSI needs an aligned block of 4', () => {
        const spec = t2IntelIr();
        spec.domains[1] = { ...spec.domains[1], resources: { entries: 8 } };
        const m = boot(spec);
        run(m, act('allocate', 'nic0.misc'), act('allocate', 'nic0.q', 4));
        const r = m.execute(act('allocate', 'ahci.port'));
        expect(r.ok).toBe(true);
        const base = m.descOf(m.resolveRef({ irq: 'ahci.port', element: 0 })[0])!.levels[1].c;
        expect(base.t === 'ir' && base.index).toBe(4);
        run(m, act('allocate', 'nic0.q', 5));
        const r2 = m.execute(act('allocate', 'dmar0.fault'));
        expect(r2.ok).toBe(true);
        const spec2 = t2IntelIr();
        spec2.domains[1] = { ...spec2.domains[1], resources: { entries: 6 } };
        const m2 = boot(spec2);
        run(m2, act('allocate', 'nic0.misc'));
        expect(m2.execute(act('allocate', 'ahci.port')).errno).toBe('-ENOSPC');
    });

    it('ITS LPIs: the second device does not get its 16-LPI block', () => {
        const spec = t4GicIts();
        spec.domains[1] = { ...spec.domains[1], resources: { address: 0x08080000, lpis: { from: 8192, to: 8207 } } };
        spec.domains.push({ name: 'nic1-msix', kind: 'pci-msix', parent: 'ITS', device: 'nic1' });
        spec.devices.push({ name: 'nic1', pci: '0000:02:00.0', msix: { tableSize: 4 } });
        spec.interrupts.push({ name: 'nic1.q', device: 'nic1', domain: 'nic1-msix', index: 0 });
        const m = boot(spec);
        expect(m.execute(act('allocate', 'nic0.q', 0)).ok).toBe(true);
        const r = m.execute(act('allocate', 'nic1.q'));
        expect(r.errno).toBe('-ENOSPC');
        expect(ofKind(r.events, 'alloc').find((e) => e.error)!.fn).toBe('its_lpi_alloc');
    });

    it('IMSIC IDs: per hart nr_ids - 1 minus the IPI ID', () => {
        const spec = t5Aia();
        spec.cpuCount = 1;
        spec.domains[1] = { ...spec.domains[1], resources: { address: 0x28000000, ids: 3 } };
        spec.interrupts[1] = { ...spec.interrupts[1], count: 4, affinity: undefined };
        spec.devices[1].msix = { tableSize: 8 };
        spec.interrupts[0] = { ...spec.interrupts[0], affinity: undefined };
        const m = boot(spec);
        run(m, act('allocate', 'nic0.q', 0));
        expect(m.execute(act('allocate', 'nic0.q', 1)).ok).toBe(true);
        const r = m.execute(act('allocate', 'nic0.q', 2));
        expect(r.errno).toBe('-ENOSPC');
        expect(ofKind(r.events, 'alloc').find((e) => e.error)!.fn).toBe('imsic_vector_alloc');
    });

    it('IMS slots: an any-slot allocation fails when every slot is taken', () => {
        const spec = t3Ims(true);
        spec.devices[0].ims = { slots: 2, storage: 'mmio' };
        spec.interrupts[0] = { ...spec.interrupts[0], count: 3 };
        const m = boot(spec);
        run(m, act('allocate', 'dsa0.wq', 0), act('allocate', 'dsa0.wq', 1));
        const r = m.execute(act('allocate', 'dsa0.wq', 2));
        expect(r.errno).toBe('-ENOSPC');
        expect(ofKind(r.events, 'alloc')[0].resource).toMatch(/IMS slot/);
    });

    it('MSI-X table: any-index exhaustion is -ENOSPC, an index beyond the table -ERANGE, a taken index -EEXIST', () => {
        const spec: SystemSpec = {
            name: 'tbl', arch: 'x86_64', cpuCount: 2,
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'msix', kind: 'pci-msix', parent: 'VECTOR', device: 'd' }],
            devices: [{ name: 'd', pci: '0000:04:00.0', msix: { tableSize: 2 } }],
            interrupts: [
                { name: 'd.q', device: 'd', domain: 'msix', anyIndex: true, count: 3 },
                { name: 'd.far', device: 'd', domain: 'msix', index: 2 },
                { name: 'd.dup', device: 'd', domain: 'msix', index: 0 }
            ],
            scenarios: []
        };
        const m = boot(spec);
        expect(m.execute(act('allocate', 'd.q')).errno).toBe('-ENOSPC');
        expect(m.state.descs.filter(Boolean)).toHaveLength(0);
        expect(m.execute(act('allocate', 'd.far')).errno).toBe('-ERANGE');
        run(m, act('allocate', 'd.q', 0));
        expect(m.execute(act('allocate', 'd.dup')).errno).toBe('-EEXIST');
    });
});
