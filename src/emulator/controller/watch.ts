// State paths a data breakpoint (or a watch) can name: an IMS slot or MSI-X entry's mask bit, message or
// pending bit, an IRTE, a per-CPU vector_irq entry, a Linux irq's core bits. Parsed, validated and read.

import { IRQD, IRQS, VECTOR_UNUSED } from '../constants.js';
import type { Machine } from '../machine.js';
import type { MsgSlot } from '../state.js';

/** A parsed state path. */
export type WatchPath =
    | { t: 'slot'; storage: 'ims' | 'msix'; device: number; index: number; field: 'masked' | 'message' | 'pending' }
    | { t: 'irte'; domain: number; index: number }
    | { t: 'vector'; cpu: number; vector: number }
    | { t: 'irq'; irq: number; field: 'masked' | 'pending' | 'disabled' | 'started' };

const NUM = '(0[xX][0-9a-fA-F]+|\\d+)';

/** Canonical text of a path (also the data breakpoint id). */
export function watchText(m: Machine, p: WatchPath): string {
    const hex = (n: number): string => `0x${n.toString(16)}`;
    switch (p.t) {
        case 'slot': return `${m.topo.devices[p.device].name}.${p.storage}[${p.index}].${p.field}`;
        case 'irte': return `${m.topo.domains[p.domain].name}.irte[${hex(p.index)}]`;
        case 'vector': return `cpu${p.cpu}.vector_irq[${hex(p.vector)}]`;
        case 'irq': return `irq${p.irq}.${p.field}`;
    }
}

/** Parses a path like `dsa0.ims[5].masked`, `INTEL-IR-0.irte[0x12]`, `cpu2.vector_irq[0x20]`, `irq24.pending`. */
export function parseWatch(m: Machine, text: string): WatchPath | undefined {
    const s = text.trim();
    let r = new RegExp(`^([\\w.:-]+)\\.(ims|msix)\\[${NUM}\\]\\.(masked|message|pending)$`).exec(s);
    if (r) {
        const device = m.topo.deviceByName.get(r[1]);
        if (device === undefined) return undefined;
        const index = Number(r[3]);
        const dev = m.topo.devices[device];
        if (index >= (r[2] === 'ims' ? dev.imsSlots : dev.msixSize)) return undefined;
        return { t: 'slot', storage: r[2] as 'ims' | 'msix', device, index, field: r[4] as 'masked' };
    }
    r = new RegExp(`^([\\w.:-]+)\\.irte\\[${NUM}\\]$`).exec(s);
    if (r) {
        const domain = m.topo.domainByName.get(r[1]) ?? m.topo.domains.findIndex((d) => d.kernelName === r![1]);
        if (domain === undefined || domain < 0 || m.topo.domains[domain].kind.indexOf('-ir') < 0) return undefined;
        return { t: 'irte', domain, index: Number(r[2]) };
    }
    r = new RegExp(`^cpu${NUM}\\.vector_irq\\[${NUM}\\]$`).exec(s);
    if (r) {
        const cpu = Number(r[1]);
        const vector = Number(r[2]);
        if (cpu >= m.topo.cpuCount || vector > 255) return undefined;
        return { t: 'vector', cpu, vector };
    }
    r = /^irq(\d+)\.(masked|pending|disabled|started)$/.exec(s);
    if (r) return { t: 'irq', irq: Number(r[1]), field: r[2] as 'masked' };
    return undefined;
}

function slotField(s: MsgSlot | undefined, field: 'masked' | 'message' | 'pending'): string {
    if (!s) return 'none';
    if (field === 'message') return `0x${(s.addressHi >>> 0).toString(16)}:0x${(s.addressLo >>> 0).toString(16)}/0x${(s.data >>> 0).toString(16)}`;
    return String(field === 'masked' ? s.masked : s.pending);
}

/** Reads the current value of a path as text (compared between events to detect a change). */
export function readWatch(m: Machine, p: WatchPath): string {
    const st = m.state;
    switch (p.t) {
        case 'slot': {
            const dev = st.devices[p.device];
            return slotField(p.storage === 'ims' ? dev.ims[p.index] : dev.msix[p.index], p.field);
        }
        case 'irte': {
            const res = st.domains[p.domain].res;
            const e = res.t === 'ir' ? res.irte.get(p.index) : undefined;
            return e && e.present ? `vector 0x${e.vector.toString(16)} dest ${e.dest} sid 0x${e.sid.toString(16)}${e.posted ? ` posted vCPU ${e.pVcpu}/0x${e.pVector.toString(16)}` : ''}` : 'not present';
        }
        case 'vector': {
            const v = st.cpus[p.cpu].vectorIrq[p.vector];
            return v === VECTOR_UNUSED ? 'VECTOR_UNUSED' : v < 0 ? `special ${v}` : `irq ${v}`;
        }
        case 'irq': {
            const d = st.descs[p.irq];
            if (!d) return 'no irq_desc';
            switch (p.field) {
                case 'masked': return String((d.state & IRQD.IRQ_MASKED) !== 0);
                case 'disabled': return String((d.state & IRQD.IRQ_DISABLED) !== 0);
                case 'started': return String((d.state & IRQD.IRQ_STARTED) !== 0);
                default: return String((d.istate & IRQS.PENDING) !== 0);
            }
        }
    }
}
