// ARM64 GICv3 root (INTID ranges, LPI configuration/pending, EOI) and the ITS MSI parent (LPI allocator from
// 8192, per-DeviceID ITT, allocated EventIDs, MAPTI/MOVI/INT/DISCARD, doorbell message) - T4, S-15.

import { ERRNO, GIC, IRQ_SET_MASK_OK_DONE, IRQD } from '../constants.js';
import type { Machine } from '../machine.js';
import type { IrqDesc, ItsData, ItsDevice } from '../state.js';
import type { KindImpl } from './kind.js';
import { findFreeRegion, newBitmap, setBits } from '../bitmap.js';

function gicRes(m: Machine, d: IrqDesc, lvl: number) {
    const r = m.state.domains[d.levels[lvl].domain].res;
    if (r.t !== 'gic') throw new Error('not a GIC domain');
    return r;
}

/** The GIC root state for a desc (its last level). */
export function gicOf(m: Machine, d: IrqDesc) {
    return gicRes(m, d, d.levels.length - 1);
}

/** INTID range name (SGI/PPI/SPI/EPPI/ESPI/LPI). */
export function intidRange(intid: number): string {
    if (intid <= GIC.SGI_END) return 'SGI';
    if (intid <= GIC.PPI_END) return 'PPI';
    if (intid <= GIC.SPI_END) return 'SPI';
    if (intid >= GIC.EPPI_START && intid <= GIC.EPPI_END) return 'EPPI';
    if (intid >= GIC.ESPI_START && intid <= GIC.ESPI_END) return 'ESPI';
    if (intid >= GIC.LPI_START) return 'LPI';
    return 'reserved';
}

/** GICv3 root ops. */
export const GIC_KIND: KindImpl = {
    initRes: () => ({ t: 'gic', lpi: new Map(), spi: new Map() }),
    alloc(m, descs, lvl, arg) {
        const r = gicRes(m, descs[0], lvl);
        for (let i = 0; i < descs.length; i++) {
            const d = descs[i];
            const intid = arg.hwirq >= 0 ? arg.hwirq + i : GIC.SPI_START + d.levels[0].hwirq;
            const range = intidRange(intid);
            if (range === 'reserved' || range === 'SGI') {
                if (m.sink !== null) m.emit({ kind: 'alloc', resource: `INTID ${intid}`, error: '-EINVAL', fn: 'gic_irq_domain_alloc', ...m.at(d, lvl) });
                else m.tick();
                return -ERRNO.EINVAL;
            }
            d.levels[lvl].hwirq = intid;
            d.levels[lvl].c = { t: 'index', index: intid };
            d.state |= IRQD.HANDLE_ENFORCE_IRQCTX;
            if (range === 'LPI') r.lpi.set(intid, { enabled: false, pending: false, col: -1 });
            else r.spi.set(intid, { enabled: false, pending: false, col: -1 });
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `${range} INTID ${intid}`, fn: 'gic_irq_domain_alloc', ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    free(m, descs, lvl, unwind) {
        const r = gicRes(m, descs[0], lvl);
        for (const d of descs) {
            const intid = d.levels[lvl].hwirq;
            r.lpi.delete(intid);
            r.spi.delete(intid);
            if (m.sink !== null) m.emit({ kind: 'free', resource: `INTID ${intid}`, unwind, fn: 'gic_irq_domain_free', ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate(m, d, lvl) {
        const s = gicRes(m, d, lvl).spi.get(d.levels[lvl].hwirq);
        if (s && s.col < 0) {
            const online = m.onlineCpus();
            s.col = d.affinity.find((c) => online.includes(c)) ?? online[0] ?? 0;
            d.effCpu = s.col;
        }
        return 0;
    },
    self: {
        mask(m, d, lvl) {
            const r = gicRes(m, d, lvl);
            const e = r.spi.get(d.levels[lvl].hwirq) ?? r.lpi.get(d.levels[lvl].hwirq);
            if (e) e.enabled = false;
            d.levels[lvl].hwMasked = true;
            return 0;
        },
        unmask(m, d, lvl) {
            const r = gicRes(m, d, lvl);
            const intid = d.levels[lvl].hwirq;
            const e = r.spi.get(intid) ?? r.lpi.get(intid);
            d.levels[lvl].hwMasked = false;
            if (e) {
                e.enabled = true;
                if (e.pending) m.state.hwQueue.push({ t: intid >= GIC.LPI_START ? 'lpi' : 'spi', a: lvlDomain(d, lvl), b: intid, c: 0, d: 0 });
            }
            return 0;
        },
        /** gic_eoi_irq(): ICC_EOIR1 write (priority drop + deactivate). */
        eoi: () => 0,
        set_type: () => 0,
        /** gic_set_affinity(): SPI routing (GICD_IROUTER). */
        set_affinity(m, d, lvl, arg) {
            const s = gicRes(m, d, lvl).spi.get(d.levels[lvl].hwirq);
            const cpu = (arg.mask ?? [])[0];
            if (s && cpu !== undefined) { s.col = cpu; d.effCpu = cpu; }
            if (m.sink !== null) m.emit({ kind: 'move', result: 'IRQ_SET_MASK_OK_DONE', fn: 'gic_set_affinity', toCpu: cpu, ...m.at(d, lvl) });
            else m.tick();
            return IRQ_SET_MASK_OK_DONE;
        },
        /** gic_retrigger(): set the pending state in hardware. */
        retrigger(m, d, lvl) {
            const intid = d.levels[lvl].hwirq;
            if (m.sink !== null) m.emit({ kind: 'retrigger', delegate: false, how: `GIC pending bit for INTID ${intid}`, fn: 'gic_retrigger', ...m.at(d, lvl) });
            else m.tick();
            m.state.hwQueue.push({ t: intid >= GIC.LPI_START ? 'lpi' : 'spi', a: lvlDomain(d, lvl), b: intid, c: 1, d: 0 });
            return 1;
        }
    }
};

function lvlDomain(d: IrqDesc, lvl: number): number { return d.levels[lvl].domain; }

function itsRes(m: Machine, domain: number) {
    const r = m.state.domains[domain].res;
    if (r.t !== 'its') throw new Error('not an ITS domain');
    return r;
}

function pow2(n: number): number {
    let p = 1;
    while (p < n) p <<= 1;
    return p;
}

/** `alloc_lpi_range()`: first fit of n LPIs (returns the INTID base or -1). */
function allocLpis(m: Machine, domain: number, n: number): number {
    const r = itsRes(m, domain);
    const res = m.topo.domains[domain].res;
    const size = Math.max(0, res.lpiTo - res.lpiFrom + 1);
    const base = findFreeRegion(r.lpiUsed, size, n, 1);
    if (base < 0) return -1;
    setBits(r.lpiUsed, base, n, true);
    return res.lpiFrom + base;
}

/**
 * `msi_prepare` -> `its_pci_msi_prepare()` / `its_pmsi_prepare()` -> `its_create_device()`: once per
 * device domain, sized from the domain's hwsize (MSI-X table size), pow2, >= 32 for DeviceID 0 / platform.
 */
function ensureDevice(m: Machine, d: IrqDesc, lvl: number): ItsDevice | number {
    const domain = d.levels[lvl].domain;
    const r = itsRes(m, domain);
    const def = m.topo.instances[d.inst];
    const dev = def.device >= 0 ? m.topo.devices[def.device] : null;
    const devId = dev ? dev.deviceId : 0;
    const leaf = m.topo.domains[def.leaf];
    const existing = r.devices.get(devId);
    if (existing) {
        if (!existing.domains.includes(def.leaf)) { existing.domains.push(def.leaf); existing.shared++; }
        return existing;
    }
    let hwsize = leaf.res.size || m.topo.instances.filter((x) => x.leaf === def.leaf).length || 1;
    if (leaf.storage === 'msi' && dev) hwsize = dev.msiVectors;
    let nvec = pow2(hwsize);
    if (!dev || !dev.isPci || devId === 0) nvec = Math.max(32, nvec);
    nvec = Math.max(2, nvec);
    const lpiBase = allocLpis(m, domain, nvec);
    if (lpiBase < 0) {
        if (m.sink !== null) m.emit({ kind: 'alloc', resource: `${nvec} LPIs for DeviceID 0x${devId.toString(16)}`, error: '-ENOSPC', fn: 'its_lpi_alloc', ...m.at(d, lvl) });
        else m.tick();
        return -ERRNO.ENOSPC;
    }
    const itsDev: ItsDevice = { devId, nvecs: nvec, lpiBase, used: new Uint8Array(nvec), map: new Map(), shared: 0, domains: [def.leaf] };
    r.devices.set(devId, itsDev);
    if (m.sink !== null) m.emit({
        kind: 'write', storage: 'itt', entry: devId, fn: 'its_create_device',
        note: `MAPD DevID 0x${devId.toString(16)}: ITT ${nvec} entries, LPIs ${lpiBase}-${lpiBase + nvec - 1} (hwsize ${hwsize})`, ...m.at(d, lvl)
    });
    else m.tick();
    return itsDev;
}

/** LPIs targeted per CPU (its_select_cpu load). */
function cpuLoad(m: Machine, domain: number, cpu: number): number {
    let n = 0;
    for (const dev of itsRes(m, domain).devices.values()) for (const e of dev.map.values()) if (e.col === cpu) n++;
    return n;
}

function selectCpu(m: Machine, domain: number, mask: number[]): number {
    const online = m.onlineCpus();
    let cand = mask.filter((c) => online.includes(c));
    if (!cand.length) cand = online;
    let best = cand[0];
    let load = Infinity;
    for (const c of cand) { const l = cpuLoad(m, domain, c); if (l < load) { load = l; best = c; } }
    return best;
}

function itsDevOf(m: Machine, d: IrqDesc, lvl: number): ItsDevice | undefined {
    const c = d.levels[lvl].c as ItsData;
    return itsRes(m, d.levels[lvl].domain).devices.get(c.devId);
}

function lpiState(m: Machine, d: IrqDesc, lpi: number) {
    return gicOf(m, d).lpi.get(lpi);
}

/** ITS ops. */
export const ITS_KIND: KindImpl = {
    initRes: (_m, dom) => ({ t: 'its', lpiUsed: newBitmap(Math.max(0, dom.res.lpiTo - dom.res.lpiFrom + 1)), devices: new Map() }),
    alloc(m, descs, lvl) {
        const dev = ensureDevice(m, descs[0], lvl);
        if (typeof dev === 'number') return dev;
        // its_alloc_device_irq(): a free (aligned) EventID region - allocated, not equal to the index (S-15).
        const n = pow2(descs.length);
        let base = -1;
        for (let b = 0; b + n <= dev.nvecs; b += n) {
            let ok = true;
            for (let i = 0; i < n; i++) if (dev.used[b + i]) { ok = false; break; }
            if (ok) { base = b; break; }
        }
        if (base < 0) {
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `EventID for DeviceID 0x${dev.devId.toString(16)} (ITT ${dev.nvecs})`, error: '-ENOSPC', fn: 'its_alloc_device_irq', ...m.at(descs[0], lvl) });
            else m.tick();
            return -ERRNO.ENOSPC;
        }
        for (let i = 0; i < descs.length; i++) {
            const d = descs[i];
            dev.used[base + i] = 1;
            const lpi = dev.lpiBase + base + i;
            d.levels[lvl].c = { t: 'its', devId: dev.devId, eventId: base + i, lpi, col: -1 };
            d.levels[lvl].hwirq = lpi;
            d.state |= IRQD.AFFINITY_ON_ACTIVATE;
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `EventID ${base + i} -> LPI ${lpi}`, fn: 'its_irq_domain_alloc', ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    parentArg(_m, d, lvl) { return d.levels[lvl].hwirq; },
    free(m, descs, lvl, unwind) {
        for (const d of descs) {
            const c = d.levels[lvl].c;
            if (c.t !== 'its') continue;
            const dev = itsDevOf(m, d, lvl);
            if (dev) { dev.used[c.eventId] = 0; dev.map.delete(c.eventId); }
            if (m.sink !== null) m.emit({ kind: 'free', resource: `EventID ${c.eventId} / LPI ${c.lpi}`, unwind, fn: 'its_irq_domain_free', ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate(m, d, lvl) {
        const c = d.levels[lvl].c as ItsData;
        const cpu = selectCpu(m, d.levels[lvl].domain, d.affinity);
        c.col = cpu;
        d.effCpu = cpu;
        itsDevOf(m, d, lvl)?.map.set(c.eventId, { lpi: c.lpi, col: cpu });
        const l = lpiState(m, d, c.lpi);
        if (l) l.col = cpu;
        if (m.sink !== null) m.emit({ kind: 'write', storage: 'itt', entry: c.eventId, fn: 'its_send_mapti', note: `MAPTI DevID 0x${c.devId.toString(16)} EventID ${c.eventId} LPI ${c.lpi} ICID ${cpu}`, ...m.at(d, lvl) });
        else m.tick();
        return 0;
    },
    deactivate(m, d, lvl) {
        const c = d.levels[lvl].c as ItsData;
        itsDevOf(m, d, lvl)?.map.delete(c.eventId);
        if (m.sink !== null) m.emit({ kind: 'write', storage: 'itt', entry: c.eventId, fn: 'its_send_discard', note: `DISCARD DevID 0x${c.devId.toString(16)} EventID ${c.eventId}`, ...m.at(d, lvl) });
        else m.tick();
    },
    self: {
        /** its_mask_irq(): clear the LPI enable bit in the configuration table (+ INV). */
        mask(m, d, lvl) {
            const c = d.levels[lvl].c as ItsData;
            const l = lpiState(m, d, c.lpi);
            if (l) l.enabled = false;
            d.levels[lvl].hwMasked = true;
            return 0;
        },
        /** its_unmask_irq(): set the enable bit; a pending LPI is then delivered. */
        unmask(m, d, lvl) {
            const c = d.levels[lvl].c as ItsData;
            const l = lpiState(m, d, c.lpi);
            d.levels[lvl].hwMasked = false;
            if (l) {
                l.enabled = true;
                if (l.pending) m.state.hwQueue.push({ t: 'lpi', a: d.levels[d.levels.length - 1].domain, b: c.lpi, c: 0, d: 0 });
            }
            return 0;
        },
        /** its_set_affinity(): MOVI to the new collection; the message never changes (OK_DONE, S-4/S-15). */
        set_affinity(m, d, lvl, arg) {
            const c = d.levels[lvl].c as ItsData;
            const mask = arg.mask ?? [];
            const from = c.col;
            const cpu = mask.includes(c.col) ? c.col : selectCpu(m, d.levels[lvl].domain, mask);
            c.col = cpu;
            d.effCpu = cpu;
            const e = itsDevOf(m, d, lvl)?.map.get(c.eventId);
            if (e) e.col = cpu;
            const l = lpiState(m, d, c.lpi);
            if (l) l.col = cpu;
            if (m.sink !== null) m.emit({ kind: 'move', result: 'IRQ_SET_MASK_OK_DONE', fn: 'its_set_affinity', fromCpu: from, toCpu: cpu, note: `MOVI EventID ${c.eventId} -> ICID ${cpu}; message unchanged`, ...m.at(d, lvl) });
            else m.tick();
            return IRQ_SET_MASK_OK_DONE;
        },
        /** its_irq_compose_msi_msg(): ITS base + GITS_TRANSLATER, data = EventID. */
        compose(m, d, lvl, arg) {
            const c = d.levels[lvl].c as ItsData;
            const addr = m.domOf(d, lvl).res.address + GIC.GITS_TRANSLATER;
            arg.msg = { addressLo: addr >>> 0, addressHi: Math.floor(addr / 0x100000000) >>> 0, data: c.eventId };
            return 0;
        },
        /** its_irq_retrigger(): INT command - the LPI becomes pending. */
        retrigger(m, d, lvl) {
            const c = d.levels[lvl].c as ItsData;
            if (m.sink !== null) m.emit({ kind: 'retrigger', delegate: false, how: `INT DevID 0x${c.devId.toString(16)} EventID ${c.eventId}`, fn: 'its_irq_retrigger', ...m.at(d, lvl) });
            else m.tick();
            m.state.hwQueue.push({ t: 'lpi', a: d.levels[d.levels.length - 1].domain, b: c.lpi, c: 1, d: 0 });
            return 1;
        },
        set_vcpu_affinity(m, d, lvl) {
            m.fault('GICv4 vLPI posting is not modelled', 'warning', m.at(d, lvl), -ERRNO.ENOSYS);
            return -ERRNO.ENOSYS;
        }
    }
};

/** ITS translation of a doorbell write: DeviceID -> ITT[EventID] -> (LPI, collection), or a reason. */
export function itsTranslate(m: Machine, itsDomain: number, devId: number, eventId: number): { lpi: number; col: number } | string {
    const dev = itsRes(m, itsDomain).devices.get(devId);
    if (!dev) return `ITS: DeviceID 0x${devId.toString(16)} not mapped (no MAPD)`;
    const e = dev.map.get(eventId);
    if (!e) return `ITS: EventID ${eventId} of DeviceID 0x${devId.toString(16)} not mapped (translation error, write dropped)`;
    return e;
}
