// Variable trees for the debugger's scopes: the current event, the current interrupt (irq_desc and every
// irq_data level, by kernel names), domains (allocations, free resources), CPUs (vector_irq) and devices.

import { IRQD, IRQS, VECTOR_UNUSED, VEC_FREE, flagNames } from '../constants.js';
import type { MachineEvent } from '../events.js';
import type { Machine } from '../machine.js';
import type { ChipData, IrqDesc, MsgSlot } from '../state.js';

/** One variable: a value, optional children (built lazily), an optional data-breakpoint path. */
export interface VarNode {
    name: string;
    value: string;
    children?: () => VarNode[];
    /** Data breakpoint id (a watch path), when the value can be watched. */
    watch?: string;
    /** The value can be written (a device mask bit). */
    settable?: boolean;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const leaf = (name: string, value: string | number | boolean, watch?: string, settable?: boolean): VarNode =>
    ({ name, value: typeof value === 'number' ? (value > 9 ? `${value} (${hex(value)})` : String(value)) : String(value), watch, settable });
const group = (name: string, value: string, children: () => VarNode[]): VarNode => ({ name, value, children });

/** The current event's fields. */
export function eventVars(e: MachineEvent): VarNode[] {
    const out: VarNode[] = [leaf('kind', e.kind), leaf('seq', e.seq)];
    for (const [k, v] of Object.entries(e)) {
        if (k === 'kind' || k === 'seq' || k === 'loc' || v === undefined) continue;
        if (k === 'changes' && Array.isArray(v)) {
            out.push(group('changes', `${v.length} change(s)`, () => (v as { what: string; before: unknown; after: unknown }[]).map((c) => leaf(c.what, `${String(c.before)} → ${String(c.after)}`))));
        } else if (k === 'msg' && v && typeof v === 'object') {
            const msg = v as { addressLo: number; addressHi: number; data: number };
            out.push(group('msg', `${hex(msg.addressHi)}:${hex(msg.addressLo)}/${hex(msg.data)}`, () => [leaf('address_lo', hex(msg.addressLo)), leaf('address_hi', hex(msg.addressHi)), leaf('data', hex(msg.data))]));
        } else {
            out.push(leaf(k, typeof v === 'number' && (k === 'hwirq' || k === 'vector') ? hex(v) : v as string | number | boolean));
        }
    }
    return out;
}

function chipDataVars(c: ChipData): VarNode[] {
    switch (c.t) {
        case 'vector': return [leaf('vector', hex(c.vector)), leaf('cpu', c.cpu), leaf('prev_vector', hex(c.prevVector)), leaf('prev_cpu', c.prevCpu),
            leaf('move_in_progress', c.moveInProgress), leaf('is_managed', c.isManaged), leaf('can_reserve', c.canReserve), leaf('has_reserved', c.hasReserved),
            leaf('cfg.vector', hex(c.cfgVector)), leaf('cfg.dest_cpu', c.cfgCpu)];
        case 'ir': return [leaf('irte_index', hex(c.index)), leaf('sub_handle', c.sub), leaf('irte_mask', c.order), leaf('posted_vcpu', c.postedVcpu)];
        case 'its': return [leaf('device_id', hex(c.devId)), leaf('event_id', c.eventId), leaf('lpi', c.lpi), leaf('collection', c.col)];
        case 'imsic': return [leaf('cpu', c.cpu), leaf('id', c.id)];
        case 'index': return [leaf('index', c.index)];
    }
}

/** One irq_data level. */
export function levelVars(m: Machine, d: IrqDesc, lvl: number): VarNode[] {
    const l = d.levels[lvl];
    const dom = m.topo.domains[l.domain];
    return [
        leaf('domain', dom.kernelName), leaf('hwirq', hex(l.hwirq)), leaf('chip', dom.chipName),
        leaf('hw mask bit', l.hwMasked), leaf('activated', l.activated),
        group('chip_data', l.c.t, () => chipDataVars(l.c))
    ];
}

function bits(value: number, table: Record<string, number>, prefix: string): VarNode[] {
    return Object.entries(table).filter(([k]) => k !== 'TRIGGER_MASK').map(([k, v]) => leaf(prefix + k, (value & v) === v));
}

/** The irq_desc of a Linux irq with its levels, message and route. */
export function interruptVars(m: Machine, d: IrqDesc): VarNode[] {
    const route = m.route(d.inst);
    const msg = d.cascade ? null : m.message(d.inst);
    const irqd = flagNames(d.state, IRQD, 'IRQD_');
    const irqs = flagNames(d.istate, IRQS, 'IRQS_');
    const out: VarNode[] = [
        leaf('irq', d.irq), leaf('instance', m.instName(d)), leaf('flow', d.flow), leaf('depth', d.depth),
        group('state (IRQD_*)', irqd.join(' | ') || '0', () => bits(d.state, IRQD, 'IRQD_')),
        group('istate (IRQS_*)', irqs.join(' | ') || '0', () => bits(d.istate, IRQS, 'IRQS_')),
        leaf('masked', (d.state & IRQD.IRQ_MASKED) !== 0, `irq${d.irq}.masked`),
        leaf('pending', (d.istate & IRQS.PENDING) !== 0, `irq${d.irq}.pending`),
        leaf('affinity', d.affinity.join(',')), leaf('effective cpu', d.effCpu),
        leaf('kstat count', d.count), leaf('handled', d.handled)
    ];
    if (route) out.push(leaf('cpu', route.cpu), leaf('vector', hex(route.vector)));
    if (msg) out.push(group('message', `${hex(msg.addressHi)}:${hex(msg.addressLo)}/${hex(msg.data)}`, () => [leaf('address_lo', hex(msg.addressLo)), leaf('address_hi', hex(msg.addressHi)), leaf('data', hex(msg.data))]));
    d.levels.forEach((l, i) => {
        const dom = m.topo.domains[l.domain];
        out.push(group(`L${i} ${dom.kernelName}`, `hwirq ${hex(l.hwirq)} · ${dom.chipName}`, () => levelVars(m, d, i)));
    });
    return out;
}

/** Every domain: allocations (reverse map) and free resources. */
export function domainVars(m: Machine): VarNode[] {
    return m.topo.domains.map((dom, i) => {
        const ds = m.state.domains[i];
        const res = ds.res;
        return group(dom.name, `${dom.kernelName} · ${dom.kind} · ${ds.revmap.size} allocated`, () => {
            const out: VarNode[] = [leaf('kernel name', dom.kernelName), leaf('kind', dom.kind),
                leaf('parent', dom.parent >= 0 ? m.topo.domains[dom.parent].name : 'none (root)'),
                group('allocations', `${ds.revmap.size}`, () => [...ds.revmap].map(([hw, irq]) => leaf(`hwirq ${hex(hw)}`, `irq ${irq}`)))];
            if (res.t === 'ir') {
                let used = 0;
                for (let k = 0; k < res.used.length; k++) if (res.used[k]) used++;
                out.push(leaf('free IRTEs', res.used.length - used));
                out.push(group('IRTEs', `${res.irte.size} present`, () => [...res.irte.keys()].map((k) => leaf(`irte[${hex(k)}]`, '', `${dom.name}.irte[${hex(k)}]`))
                    .map((v) => ({ ...v, value: readIrte(m, i, v.name) }))));
            } else if (res.t === 'vector') {
                out.push(leaf('global reservations', res.globalReserved));
                out.push(group('free vectors', 'per CPU', () => m.state.cpus.map((c, k) => {
                    let free = 0;
                    for (let v = 0; v < 256; v++) if (c.matrix[v] === VEC_FREE) free++;
                    return leaf(`CPU${k}`, free);
                })));
            } else if (res.t === 'index') {
                out.push(leaf('used indices', res.used.size), leaf('free indices', Math.max(0, dom.res.size - res.used.size)));
            } else if (res.t === 'its') {
                let used = 0;
                for (let k = 0; k < res.lpiUsed.length; k++) if (res.lpiUsed[k]) used++;
                out.push(leaf('LPIs used', used), leaf('ITS devices', res.devices.size));
            }
            return out;
        });
    });
}

function readIrte(m: Machine, domain: number, name: string): string {
    const res = m.state.domains[domain].res;
    const k = Number(/\[(0x[0-9a-f]+)\]/.exec(name)?.[1] ?? -1);
    const e = res.t === 'ir' ? res.irte.get(k) : undefined;
    return e && e.present ? `vector ${hex(e.vector)} dest ${e.dest} sid ${hex(e.sid)} irq ${e.irq}` : 'not present';
}

/** Every CPU: online, vector_irq[] entries in use. */
export function cpuVars(m: Machine): VarNode[] {
    return m.state.cpus.map((c, k) => {
        return group(`CPU${k}`, `${c.online ? 'online' : 'offline'} · apic ${c.apicId} · ${c.allocated} vectors`, () => {
            const used: VarNode[] = [];
            for (let v = 0; v < 256; v++) {
                const irq = c.vectorIrq[v];
                if (irq !== VECTOR_UNUSED) used.push(leaf(`vector_irq[${hex(v)}]`, irq >= 0 ? `irq ${irq}` : `special ${irq}`, `cpu${k}.vector_irq[${hex(v)}]`));
            }
            const pending = pendingOn(m, k);
            return [leaf('online', c.online), leaf('apic id', c.apicId), leaf('allocated', c.allocated), leaf('handled', c.handled),
                group('vector_irq', `${used.length} in use`, () => used),
                group('pending', pending.length ? pending.map((p) => p.name).join(', ') : 'none', () => pending)];
        });
    });
}

/** Interrupts pending towards a CPU: IRQS_PENDING irqs routed to it and IMSIC interrupt-pending bits of its hart. */
function pendingOn(m: Machine, cpu: number): VarNode[] {
    const out: VarNode[] = [];
    for (const d of m.state.descs) {
        if (!d || !(d.istate & IRQS.PENDING)) continue;
        const route = d.cascade ? null : m.route(d.inst);
        if ((route ? route.cpu : d.effCpu) === cpu) out.push(leaf(`irq ${d.irq}`, `${m.instName(d)} (IRQS_PENDING)`, `irq${d.irq}.pending`));
    }
    for (const ds of m.state.domains) {
        if (ds.res.t !== 'imsic') continue;
        const hart = ds.res.harts[cpu];
        if (!hart) continue;
        for (let id = 0; id < hart.eip.length; id++) if (hart.eip[id]) out.push(leaf(`eip[${id}]`, hart.eie[id] ? 'pending, enabled' : 'pending, disabled'));
    }
    return out;
}

function slotVars(m: Machine, device: string, storage: 'ims' | 'msix', index: number, s: MsgSlot): VarNode[] {
    const base = `${device}.${storage}[${index}]`;
    const owner = s.owner >= 0 ? m.topo.instances[s.owner]?.name ?? String(s.owner) : 'none';
    const out = [
        leaf('masked', s.masked, `${base}.masked`, s.owner >= 0),
        leaf('pending', s.pending, `${base}.pending`),
        leaf('message', `${hex(s.addressHi)}:${hex(s.addressLo)}/${hex(s.data)}`, `${base}.message`),
        leaf('owner', owner)
    ];
    if (storage === 'ims') out.push(leaf('ctrl', hex(s.ctrl)));
    return out;
}

/** Every device: MSI-X entries and IMS slots in use, the MSI capability. */
export function deviceVars(m: Machine): VarNode[] {
    return m.topo.devices.map((dev, i) => {
        const ds = m.state.devices[i];
        const inUse = (s: MsgSlot): boolean => s.owner >= 0 || s.addressLo !== 0 || s.data !== 0 || s.pending;
        return group(dev.name, dev.kernelName, () => {
            const out: VarNode[] = [];
            if (dev.msixSize > 0) {
                out.push(group('msix', `${dev.msixSize} entries · ${ds.msixEnabled ? 'enabled' : 'disabled'}`, () =>
                    ds.msix.flatMap((s, k) => inUse(s) ? [group(`msix[${k}]`, `${s.masked ? 'masked' : 'unmasked'} ${hex(s.addressLo)}/${hex(s.data)}`, () => slotVars(m, dev.name, 'msix', k, s))] : [])));
            }
            if (dev.imsSlots > 0) {
                out.push(group('ims', `${dev.imsSlots} slots`, () =>
                    ds.ims.flatMap((s, k) => inUse(s) ? [group(`ims[${k}]`, `${s.masked ? 'masked' : 'unmasked'} ${hex(s.addressLo)}/${hex(s.data)}`, () => slotVars(m, dev.name, 'ims', k, s))] : [])));
            }
            if (dev.msiVectors > 0) {
                out.push(group('msi', `${ds.msiNvec}/${dev.msiVectors} vectors · ${ds.msiEnabled ? 'enabled' : 'disabled'}`, () => [
                    leaf('message', `${hex(ds.msi.addressHi)}:${hex(ds.msi.addressLo)}/${hex(ds.msi.data)}`),
                    leaf('mask bits', hex(ds.msiMaskBits)), leaf('pending bits', hex(ds.msiPendingBits))]));
            }
            return out;
        });
    });
}
