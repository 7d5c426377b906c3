// The hardware delivery path: a device raise posts its stored message; IR (IRTE lookup, SID check, posting),
// ITS translation, IMSIC interrupt files, LAPIC vector_irq[] / GIC root revmap (S-1) lead to the flow handler.

import { GIC, VECTOR_UNUSED, X86 } from './constants.js';
import type { MsiMsg } from './events.js';
import { runFlow } from './flow.js';
import { itsTranslate } from './kinds/gic.js';
import { raiseHook } from './kinds/hooks.js';
import { leafSlot } from './kinds/msi-leaf.js';
import { aplicSource, imsicMsg } from './kinds/riscv.js';
import { pinOf } from './kinds/wired.js';
import type { Machine } from './machine.js';
import type { IrqDesc } from './state.js';

/** A hardware hop event (callers check m.sink first so the note text is only built when tracing). */
function hop(m: Machine, hopName: string, fn: string, cpu?: number, vector?: number, d?: IrqDesc, lvl?: number, note?: string): void {
    const at = d && lvl !== undefined && lvl >= 0 ? m.at(d, lvl) : {};
    m.emit({ kind: 'deliver', hop: hopName, fn, cpu, vector, note, ...at });
}

function pendingEvent(m: Machine, d: IrqDesc, where: string): void {
    if (m.sink !== null) m.emit({ kind: 'pending', where, set: true, ...m.at(d, 0) });
    else m.tick();
}


/** The device raises instance `inst` (`raise x`). Returns 0 (everything else is events). */
export function raiseInstance(m: Machine, inst: number): number {
    const def = m.topo.instances[inst];
    const d = m.descOf(inst);
    const leaf = m.topo.domains[def.leaf];
    if (m.sink !== null) m.emit({ kind: 'raise', fn: 'device', level: 0, domain: leaf.kernelName, irq: d?.irq, hwirq: d?.levels[0].hwirq, instance: def.name, loc: def.loc });
    else m.tick();
    if (!d) {
        m.fault(`${def.name}: raised but not allocated (no message programmed; the device has nothing to send)`, 'warning', { instance: def.name, loc: def.loc });
        return 0;
    }
    const dev = def.device;
    switch (leaf.storage) {
        case 'msix': case 'ims': case 'reg': {
            const s = leaf.storage === 'msix' ? m.state.devices[dev].msix[d.levels[0].hwirq] : leafSlot(m, d)!;
            if (s.masked) {
                if (!s.pending) { s.pending = true; pendingEvent(m, d, leaf.storage === 'msix' ? 'MSI-X Pending Bit' : leaf.storage === 'ims' ? 'IMS slot pending' : 'pending (masked at the device)'); }
                return 0;
            }
            postMessage(m, s.addressLo, s.addressHi, s.data, inst, dev, d);
            return 0;
        }
        case 'msi': {
            const ds = m.state.devices[def.device];
            const bit = 1 << (d.irq - d.blockBase);
            if (ds.msiMaskBits & bit) { if (!(ds.msiPendingBits & bit)) { ds.msiPendingBits |= bit; pendingEvent(m, d, 'MSI pending bit'); } return 0; }
            postMsg(m, msiVectorMsg(m, d), inst, dev, d);
            return 0;
        }
        case 'aplic': {
            const s = aplicSource(m, d);
            if (def.level) s.asserted = true;
            s.pending = true;
            if (!s.enabled) { pendingEvent(m, d, 'APLIC source pending (disabled)'); return 0; }
            s.pending = false;
            if (m.sink !== null) hop(m, 'aplic', 'APLIC MSI forward', undefined, undefined, d, 0, `source ${d.levels[0].hwirq} -> TARGET hart ${s.hart} EIID ${s.eiid}`);
            else m.tick();
            postMsg(m, imsicMsg(m, leaf.parent, m.cpuOfApic(s.hart) >= 0 ? m.cpuOfApic(s.hart) : s.hart, s.eiid), inst, dev, d);
            return 0;
        }
        case 'rte': {
            const p = pinOf(m, d);
            if (def.level) p.asserted = true;
            if (p.masked) { if (def.level) { p.pending = true; pendingEvent(m, d, 'IO-APIC pin asserted (masked)'); } else if (m.sink !== null) hop(m, 'lost', 'IO-APIC', undefined, undefined, d, 0, 'edge on a masked RTE is lost'); else m.tick(); return 0; }
            if (def.level && p.remoteIrr) return 0;
            if (def.level) p.remoteIrr = true;
            postMsg(m, p.msg, inst, dev, d);
            return 0;
        }
        default:
            return raiseWired(m, d);
    }
}
raiseHook.fn = raiseInstance;

/** A multi-MSI vector's message: the device ORs the vector number into the low data bits (S-13). */
function msiVectorMsg(m: Machine, d: IrqDesc): MsiMsg {
    const s = m.state.devices[m.topo.instances[d.inst].device].msi;
    const i = d.irq - d.blockBase;
    return { addressLo: s.addressLo, addressHi: s.addressHi, data: d.blockSize > 1 ? (s.data & ~(d.blockSize - 1)) | i : s.data };
}

/** A wired line into a GIC SPI or an APLIC in direct mode. */
function raiseWired(m: Machine, d: IrqDesc): number {
    const rootLvl = d.levels.length - 1;
    const root = m.domOf(d, rootLvl);
    const def = m.topo.instances[d.inst];
    if (root.kind === 'gic-v3') {
        const r = m.state.domains[root.index].res;
        const intid = d.levels[rootLvl].hwirq;
        if (r.t === 'gic') {
            const s = r.spi.get(intid);
            if (def.level) { const p = pinOf(m, d); if (p) p.asserted = true; }
            if (!s) return 0;
            s.pending = true;
            if (!s.enabled || d.levels[0].hwMasked) { pendingEvent(m, d, `GIC SPI ${intid} pending (disabled)`); return 0; }
            s.pending = false;
            deliverIntid(m, root.index, intid, s.col >= 0 ? s.col : 0);
        }
        return 0;
    }
    if (root.kind === 'aplic-direct') {
        const s = aplicSource(m, d);
        if (def.level) s.asserted = true;
        s.pending = true;
        if (!s.enabled) { pendingEvent(m, d, 'APLIC source pending'); return 0; }
        s.pending = false;
        const cpu = d.effCpu >= 0 ? d.effCpu : 0;
        if (m.sink !== null) hop(m, 'idc', 'APLIC IDC', cpu, undefined, d, 0);
        else m.tick();
        flowOn(m, cpu, d.levels[0].hwirq, d);
        return 0;
    }
    m.fault(`${def.name}: wired raise into ${root.kernelName} is not modelled`, 'warning', m.at(d, 0));
    return 0;
}

/** Runs the flow handler of d in the context of (cpu, vector). */
function flowOn(m: Machine, cpu: number, vector: number, d: IrqDesc): void {
    const pc = m.currentCpu;
    const pv = m.currentVector;
    m.currentCpu = cpu;
    m.currentVector = vector;
    runFlow(m, d);
    m.currentCpu = pc;
    m.currentVector = pv;
}

/** Injects a raw message write (`inject` step): a stale or forged MSI (S-22). */
export function injectMessage(m: Machine, msg: MsiMsg, device: number, requester?: number): number {
    if (m.sink !== null) m.emit({ kind: 'raise', msg: { ...msg }, fn: 'inject', note: 'raw message write' });
    else m.tick();
    postMessage(m, msg.addressLo, msg.addressHi, msg.data, -1, device, null, requester);
    return 0;
}

function postMsg(m: Machine, msg: MsiMsg, inst: number, device: number, d: IrqDesc | null): void {
    postMessage(m, msg.addressLo, msg.addressHi, msg.data, inst, device, d);
}

/** A posted memory write of an MSI message (address, data) from a device reaches the platform. */
export function postMessage(m: Machine, lo: number, hi: number, data: number, inst: number, device: number, d: IrqDesc | null, requester?: number): void {
    if (lo === 0 && hi === 0) {
        m.fault('device wrote its interrupt message to address 0x0: the entry was deactivated without being masked first (S-21)', 'error', d ? m.at(d, 0) : {});
        return;
    }
    const arch = m.topo.arch;
    if (arch === 'x86_64') { postX86(m, lo, hi, data, inst, device, d, requester); return; }
    if (arch === 'arm64') { postArm(m, { addressLo: lo, addressHi: hi, data }, device, d, requester); return; }
    postRiscv(m, lo, data, d);
}

function irDomainFor(m: Machine, device: number, d: IrqDesc | null): number {
    if (d) return m.irAncestor[d.levels[0].domain];
    if (device >= 0) return m.topo.devices[device].irDomain;
    return m.topo.domains.findIndex((x) => x.kind === 'intel-ir' || x.kind === 'amd-ir');
}

function levelIn(d: IrqDesc | null, domain: number): number {
    if (!d) return -1;
    for (let i = 0; i < d.levels.length; i++) if (d.levels[i].domain === domain) return i;
    return -1;
}

function postX86(m: Machine, lo: number, hi: number, data: number, inst: number, device: number, d: IrqDesc | null, requester?: number): void {
    if ((lo & 0xfff00000) >>> 0 !== X86.MSI_BASE_ADDRESS_LOW) {
        m.fault(`DMA write to 0x${(lo >>> 0).toString(16)} is not an interrupt message`, 'error', d ? m.at(d, 0) : {});
        return;
    }
    const irDom = irDomainFor(m, device, d);
    const remappable = (lo & 0x10) !== 0;
    const irKind = irDom >= 0 ? m.topo.domains[irDom].kind : undefined;
    const onIrPath = d !== null && m.irAncestor[d.levels[0].domain] >= 0;
    if (remappable || (irKind === 'amd-ir' && onIrPath)) {
        if (irDom < 0) { m.fault('remappable-format MSI but no interrupt-remapping unit on the path', 'error', d ? m.at(d, 0) : {}); return; }
        const r = m.state.domains[irDom].res;
        if (r.t !== 'ir') return;
        let index: number;
        if (irKind === 'amd-ir') index = data & 0xffff;
        else {
            index = ((lo >>> 5) & 0x7fff) | (((lo >>> 2) & 1) << 15);
            if (lo & 0x8) index += data & 0xffff;
        }
        const e = r.irte.get(index);
        const lvl = m.sink !== null || !e || !e.present ? levelIn(d, irDom) : -1;
        if (!e || !e.present) {
            if (m.sink !== null) hop(m, 'irte', 'IOMMU IR', undefined, undefined, d ?? undefined, lvl, `IRTE 0x${index.toString(16)} not present`);
            else m.tick();
            m.fault(`DMAR: IR fault - IRTE 0x${index.toString(16)} not present (interrupt blocked)`, 'error', d ? m.at(d, Math.max(lvl, 0)) : {});
            return;
        }
        const rid = requester ?? (device >= 0 ? m.topo.devices[device].requester : -1);
        if (e.sid >= 0 && rid >= 0 && e.sid !== rid) {
            m.fault(`DMAR: IR fault - source-id 0x${rid.toString(16)} does not match IRTE 0x${index.toString(16)} SID 0x${e.sid.toString(16)} (R-ISOLATION)`, 'error', d ? m.at(d, Math.max(lvl, 0)) : {});
            return;
        }
        if (e.posted) {
            // S-20: posted delivery sets the PIR bit in the vCPU's descriptor; no host irq_desc.
            const is = inst >= 0 ? m.state.instances[inst] : null;
            if (is) is.postedCount++;
            if (m.sink !== null) m.emit({ kind: 'post', vcpu: e.pVcpu, vector: e.pVector, fn: 'IOMMU posted interrupt', note: `PIR bit 0x${e.pVector.toString(16)} set; notification vector 0x${X86.POSTED_INTR_VECTOR.toString(16)} to the pCPU running vCPU ${e.pVcpu}`, ...(d ? m.at(d, Math.max(lvl, 0)) : {}) });
            else m.tick();
            return;
        }
        const cpu = m.cpuOfApic(e.dest);
        if (m.sink !== null) hop(m, 'irte', 'IOMMU IR', cpu, e.vector, d ?? undefined, lvl, `IRTE 0x${index.toString(16)}: SID ok -> vector 0x${e.vector.toString(16)} dest ${e.dest}`);
        else m.tick();
        deliverVector(m, cpu, e.vector);
        return;
    }
    if (irDom >= 0 && d && onIrPath) {
        m.fault('compatibility-format MSI blocked: interrupt remapping is enabled for this device (R-IR-UNIT)', 'error', m.at(d, 0));
        return;
    }
    const dest = ((lo >>> 12) & 0xff) | (hi & 0xffffff00);
    deliverVector(m, m.cpuOfApic(dest), data & 0xff);
}

/** A vector arrives at a CPU: LAPIC, `common_interrupt()`, `vector_irq[vector]`, flow handler (S-22 strays). */
export function deliverVector(m: Machine, cpu: number, vector: number): void {
    const cs = m.state.cpus[cpu];
    if (!cs || !cs.online) {
        m.fault(`interrupt vector 0x${vector.toString(16)} sent to ${cs ? 'offline ' : 'nonexistent '}CPU ${cpu}: lost`, 'error', {});
        return;
    }
    if (m.sink !== null) hop(m, 'lapic', 'LAPIC accept', cpu, vector);
    else m.tick();
    const irq = cs.vectorIrq[vector];
    const d = irq >= 0 ? m.state.descs[irq] : null;
    if (!d) {
        m.state.strays++;
        if (m.sink !== null) m.emit({ kind: 'stray', cpu, vector, fn: 'common_interrupt', note: irq === VECTOR_UNUSED ? `${cpu}.${vector} No irq handler for vector; apic_eoi()` : 'vector was shut down / retriggered: silently set to VECTOR_UNUSED; apic_eoi()' });
        else m.tick();
        if (irq !== VECTOR_UNUSED) cs.vectorIrq[vector] = VECTOR_UNUSED;
        return;
    }
    if (m.sink !== null) m.emit({ kind: 'deliver', hop: 'vector_irq', fn: 'common_interrupt', cpu, vector, irq, instance: m.instName(d), note: `vector_irq[0x${vector.toString(16)}] -> irq ${irq}` });
    else m.tick();
    flowOn(m, cpu, vector, d);
}

function postArm(m: Machine, msg: MsiMsg, device: number, d: IrqDesc | null, requester?: number): void {
    const addr = msg.addressLo + msg.addressHi * 0x100000000;
    const its = m.topo.domains.find((x) => x.kind === 'gic-its' && x.res.address + GIC.GITS_TRANSLATER === addr);
    if (!its) { m.fault(`write to 0x${addr.toString(16)}: no ITS doorbell there`, 'error', d ? m.at(d, 0) : {}); return; }
    const devId = requester ?? (device >= 0 ? m.topo.devices[device].deviceId : 0);
    const lvl = levelIn(d, its.index);
    const t = itsTranslate(m, its.index, devId, msg.data);
    if (typeof t === 'string') { m.fault(t, 'error', d ? m.at(d, Math.max(lvl, 0)) : {}); return; }
    if (m.sink !== null) hop(m, 'its', 'ITS translation', t.col, t.lpi, d ?? undefined, lvl, `DevID 0x${devId.toString(16)} EventID ${msg.data} -> LPI ${t.lpi}, collection ${t.col}`);
    else m.tick();
    const gic = its.parent;
    lpiArrives(m, gic, t.lpi, t.col);
}

/** An LPI becomes pending at a redistributor; delivered when enabled in the configuration table. */
function lpiArrives(m: Machine, gic: number, lpi: number, col: number): void {
    const r = m.state.domains[gic].res;
    if (r.t !== 'gic') return;
    const l = r.lpi.get(lpi);
    if (!l) { m.fault(`LPI ${lpi} has no configuration`, 'error', {}); return; }
    if (!l.enabled) {
        if (!l.pending) {
            l.pending = true;
            const irq = m.state.domains[gic].revmap.get(lpi);
            const d = irq !== undefined ? m.state.descs[irq] : null;
            if (d) pendingEvent(m, d, `LPI ${lpi} pending (disabled in the LPI configuration table)`);
        }
        return;
    }
    l.pending = false;
    deliverIntid(m, gic, lpi, col >= 0 ? col : l.col);
}

/** The CPU acknowledges an INTID (ICC_IAR1) and the root's reverse map finds the irq (S-1). */
export function deliverIntid(m: Machine, gic: number, intid: number, cpu: number): void {
    const cs = m.state.cpus[cpu];
    if (!cs || !cs.online) { m.fault(`INTID ${intid} targets offline CPU ${cpu}`, 'error', {}); return; }
    if (m.sink !== null) hop(m, 'cpu-iar', 'gic_handle_irq', cpu, intid, undefined, undefined, `ICC_IAR1 = ${intid}`);
    else m.tick();
    const irq = m.state.domains[gic].revmap.get(intid);
    const d = irq !== undefined ? m.state.descs[irq] : null;
    if (!d) {
        if (m.sink !== null) m.emit({ kind: 'stray', cpu, vector: intid, fn: 'generic_handle_domain_irq', note: 'spurious INTID: no mapping' });
        else m.tick();
        return;
    }
    if (m.sink !== null) m.emit({ kind: 'deliver', hop: 'revmap', fn: 'generic_handle_domain_irq', cpu, vector: intid, irq: d.irq, instance: m.instName(d), domain: m.topo.domains[gic].kernelName, level: d.levels.length - 1, hwirq: intid, note: `root revmap ${intid} -> irq ${d.irq}` });
    else m.tick();
    flowOn(m, cpu, intid, d);
}

function postRiscv(m: Machine, addr: number, data: number, d: IrqDesc | null): void {
    const imsic = m.topo.domains.find((x) => x.kind === 'imsic' && addr >= x.res.address && addr < x.res.address + 0x1000 * Math.max(...m.state.cpus.map((c) => c.apicId + 1)));
    if (!imsic) { m.fault(`write to 0x${addr.toString(16)}: no IMSIC interrupt file there`, 'error', d ? m.at(d, 0) : {}); return; }
    const hart = Math.floor((addr - imsic.res.address) / 0x1000);
    const cpu = m.cpuOfApic(hart);
    imsicArrives(m, imsic.index, cpu, data);
}

/** An ID is written to a hart's interrupt file: eip set; if enabled the S-external interrupt fires. */
export function imsicArrives(m: Machine, domain: number, cpu: number, id: number): void {
    const r = m.state.domains[domain].res;
    if (r.t !== 'imsic' || !r.harts[cpu] || id <= 0 || id >= r.harts[cpu].ids.length) { m.fault(`IMSIC: invalid ID ${id} for CPU ${cpu}`, 'error', {}); return; }
    const h = r.harts[cpu];
    h.eip[id] = 1;
    const irq = h.ids[id];
    const d = irq >= 0 ? m.state.descs[irq] : null;
    if (m.sink !== null) hop(m, 'imsic-file', 'IMSIC', cpu, id, d ?? undefined, d ? levelIn(d, domain) : undefined, `hart ${m.state.cpus[cpu].apicId} eip[${id}] = 1${h.eie[id] ? '' : ' (eie clear: stays pending)'}`);
    else m.tick();
    if (!h.eie[id] || !m.state.cpus[cpu].online) return;
    imsicHandle(m, domain, cpu);
}

/** INTC cause 9 -> chained `imsic_handle_irq()`: a second irq_desc (S-19), TOPEI claims, generic_handle_irq. */
function imsicHandle(m: Machine, domain: number, cpu: number): void {
    const dom = m.topo.domains[domain];
    const r = m.state.domains[domain].res;
    if (r.t !== 'imsic') return;
    const h = r.harts[cpu];
    let cascade: IrqDesc | null = null;
    if (dom.chainedTo >= 0) {
        const irq = m.state.domains[dom.chainedTo].revmap.get(dom.chainedCause);
        cascade = irq !== undefined ? m.state.descs[irq] : null;
    }
    const pc = m.currentCpu;
    const pv = m.currentVector;
    m.currentCpu = cpu;
    if (cascade) {
        cascade.count++;
        if (m.sink !== null) m.emit({ kind: 'deliver', hop: 'intc', fn: 'imsic_handle_irq', cpu, vector: dom.chainedCause, irq: cascade.irq, instance: `cascade ${cascade.irq}`, level: 0, domain: m.topo.domains[dom.chainedTo].kernelName, hwirq: dom.chainedCause, note: `INTC cause ${dom.chainedCause} -> chained handler (chained_irq_enter)` });
        else m.tick();
    }
    for (;;) {
        let id = -1;
        for (let i = 1; i < h.eip.length; i++) if (h.eip[i] && h.eie[i]) { id = i; break; }
        if (id < 0) break;
        h.eip[id] = 0;
        const irq = h.ids[id];
        const d = irq >= 0 ? m.state.descs[irq] : null;
        if (m.sink !== null) hop(m, 'topei', 'csr_swap(TOPEI)', cpu, id, d ?? undefined, d ? levelIn(d, domain) : undefined, `claim ID ${id}`);
        else m.tick();
        if (!d) {
            if (m.sink !== null) m.emit({ kind: 'stray', cpu, vector: id, fn: 'imsic_handle_irq', note: 'no vector for this ID' });
            else m.tick();
            continue;
        }
        m.currentVector = id;
        runFlow(m, d);
    }
    if (cascade && m.sink !== null) m.emit({ kind: 'deliver', hop: 'intc-exit', fn: 'chained_irq_exit', cpu, irq: cascade.irq, instance: `cascade ${cascade.irq}` });
    else if (cascade) m.tick();
    m.currentCpu = pc;
    m.currentVector = pv;
}

/** Processes hardware events queued by retriggers and unmasks, until none is left (bounded by the event limit). */
export function drainHw(m: Machine): void {
    if (m.draining) return;
    m.draining = true;
    const q = m.state.hwQueue;
    try {
        while (q.length) {
            const e = q.shift()!;
            switch (e.t) {
                case 'vector': deliverVector(m, e.a, e.b); break;
                case 'lpi': {
                    const r = m.state.domains[e.a].res;
                    const l = r.t === 'gic' ? r.lpi.get(e.b) : undefined;
                    if (l) lpiArrives(m, e.a, e.b, l.col);
                    break;
                }
                case 'spi': {
                    const r = m.state.domains[e.a].res;
                    const s = r.t === 'gic' ? r.spi.get(e.b) : undefined;
                    if (s) { s.pending = true; if (s.enabled) { s.pending = false; deliverIntid(m, e.a, e.b, s.col >= 0 ? s.col : 0); } }
                    break;
                }
                case 'imsic': imsicArrives(m, e.a, e.b, e.c); break;
                case 'msg': resend(m, e.a); break;
                case 'sw': {
                    const d = m.state.descs[e.a];
                    if (d) {
                        if (m.sink !== null) m.emit({ kind: 'retrigger', delegate: false, how: 'tasklet runs desc->handle_irq', fn: 'resend_irqs', ...m.at(d, 0) });
                        else m.tick();
                        flowOn(m, d.effCpu >= 0 ? d.effCpu : 0, -1, d);
                    }
                    break;
                }
            }
        }
    } finally {
        m.draining = false;
    }
}

/** A device sends a message it held pending (unmask of an MSI-X entry with its Pending Bit, APLIC forward...). */
function resend(m: Machine, inst: number): void {
    const d = m.descOf(inst);
    if (!d) return;
    const def = m.topo.instances[inst];
    const leaf = m.topo.domains[def.leaf];
    const dev = def.device;
    if (leaf.storage === 'aplic') {
        const s = aplicSource(m, d);
        if (m.sink !== null) hop(m, 'aplic', 'APLIC MSI forward', undefined, undefined, d, 0, `source ${d.levels[0].hwirq} -> TARGET hart ${s.hart} EIID ${s.eiid}`);
        else m.tick();
        postMsg(m, imsicMsg(m, leaf.parent, m.cpuOfApic(s.hart) >= 0 ? m.cpuOfApic(s.hart) : s.hart, s.eiid), inst, dev, d);
        return;
    }
    if (leaf.storage === 'rte') {
        const p = pinOf(m, d);
        if (def.level) { if (p.remoteIrr) return; p.remoteIrr = true; }
        postMsg(m, p.msg, inst, dev, d);
        return;
    }
    if (leaf.storage === 'msi') { postMsg(m, msiVectorMsg(m, d), inst, dev, d); return; }
    if (leaf.storage === 'none') { raiseWired(m, d); return; }
    const s = leafSlot(m, d);
    if (s) postMessage(m, s.addressLo, s.addressHi, s.data, inst, dev, d);
}

