// The machine's mutable state as plain data (numbers, arrays, typed arrays, Maps of plain objects), so a
// snapshot is a hand-written deep clone and restore is a swap. One record per level (IrqData), per irq (IrqDesc).

import type { FlowName } from './kind-defaults.js';
import type { MsiMsg } from './events.js';

/** x86 `apic_chip_data` + `irq_cfg`. */
export interface VectorData {
    t: 'vector';
    /** Allocated vector / CPU (0 / -1 = none). */
    vector: number;
    cpu: number;
    prevVector: number;
    prevCpu: number;
    moveInProgress: boolean;
    /** Queued on a cleanup list (apic_set_affinity returns -EBUSY meanwhile). */
    cleanupPending: boolean;
    isManaged: boolean;
    canReserve: boolean;
    hasReserved: boolean;
    /** `hw_irq_cfg` used for composition: vector and destination CPU index. */
    cfgVector: number;
    cfgCpu: number;
    /** CPUs holding a managed reservation for this irq. */
    managedCpus: number[];
}

/** Intel/AMD IR `irq_2_iommu`. */
export interface IrData {
    t: 'ir';
    index: number;
    sub: number;
    /** log2 of the block size (irte_mask). */
    order: number;
    postedVcpu: boolean;
}

/** ITS per-irq data. */
export interface ItsData {
    t: 'its';
    devId: number;
    eventId: number;
    lpi: number;
    col: number;
}

/** IMSIC vector (hart, ID). */
export interface ImsicData {
    t: 'imsic';
    cpu: number;
    id: number;
}

/** Any other level: an index (MSI-X entry, slot, pin, source, INTID). */
export interface IndexData {
    t: 'index';
    index: number;
}

/** Per-level chip data. */
export type ChipData = VectorData | IrData | ItsData | ImsicData | IndexData;

/** `struct irq_data` for one level. */
export interface IrqData {
    domain: number;
    hwirq: number;
    /** This level's hardware mask bit (S-2: separate from the core's IRQD_IRQ_MASKED). */
    hwMasked: boolean;
    /** This level's own activation has run. */
    activated: boolean;
    c: ChipData;
}

/** `struct irq_desc` (+ the shared irq_common_data). */
export interface IrqDesc {
    irq: number;
    /** Instance index. */
    inst: number;
    flow: FlowName;
    depth: number;
    istate: number;
    /** IRQD_* bits (shared by all levels). */
    state: number;
    affinity: number[];
    /** Effective CPU (single target) or -1. */
    effCpu: number;
    pendingMask: number[] | null;
    /** Leaf first. */
    levels: IrqData[];
    hasAction: boolean;
    threadsOneshot: boolean;
    /** kstat count. */
    count: number;
    /** Driver handler invocations. */
    handled: number;
    lastCpu: number;
    lastVector: number;
    /** Step counter of the last handler invocation (for `expect delivered`). */
    lastStep: number;
    /** Remaining raises the device makes while the handler runs (S-6 / storms). */
    reraise: number;
    /** First irq of a multi-MSI block (== irq otherwise). */
    blockBase: number;
    blockSize: number;
    /** Is this the chained cascade irq (S-19)? */
    cascade: boolean;
}

/** A message slot in device storage (MSI-X entry, IMS slot, MSI capability, register). */
export interface MsgSlot {
    addressLo: number;
    addressHi: number;
    data: number;
    masked: boolean;
    pending: boolean;
    /** IMS control word (bit 0 mask, bit 3 PASID enable, PASID << 12). */
    ctrl: number;
    /** Owning instance or -1. */
    owner: number;
}

/** Per-device storage. */
export interface DeviceState {
    msix: MsgSlot[];
    msixEnabled: boolean;
    msi: MsgSlot;
    msiEnabled: boolean;
    /** Per-vector mask bits / pending bits of the MSI capability. */
    msiMaskBits: number;
    msiPendingBits: number;
    /** Allocated MSI block size. */
    msiNvec: number;
    ims: MsgSlot[];
}

/** One CPU: the x86 vector matrix row and vector_irq[] table (unused on other arches). */
export interface CpuState {
    online: boolean;
    apicId: number;
    vectorIrq: Int32Array;
    matrix: Uint8Array;
    /** Allocated (non-system) vectors on this CPU. */
    allocated: number;
    /** IRQs handled on this CPU. */
    handled: number;
}

/** An IRTE. */
export interface Irte {
    present: boolean;
    vector: number;
    dest: number;
    sid: number;
    irq: number;
    posted: boolean;
    pVcpu: number;
    pVector: number;
}

/** Domain-specific resource state. */
export type DomainRes =
    | { t: 'vector'; globalReserved: number }
    | { t: 'ir'; used: Uint32Array; irte: Map<number, Irte> }
    | { t: 'gic'; lpi: Map<number, { enabled: boolean; pending: boolean; col: number }>; spi: Map<number, { enabled: boolean; pending: boolean; col: number }> }
    | { t: 'its'; lpiUsed: Uint32Array; devices: Map<number, ItsDevice> }
    | { t: 'imsic'; harts: { ids: Int32Array; eie: Uint8Array; eip: Uint8Array }[] }
    | { t: 'aplic'; src: AplicSource[] }
    | { t: 'pins'; pins: WiredPin[] }
    | { t: 'index'; used: Map<number, number> }
    | { t: 'none' };

/** An ITS device (DeviceID) with its ITT. */
export interface ItsDevice {
    devId: number;
    nvecs: number;
    lpiBase: number;
    used: Uint8Array;
    /** EventID -> {lpi, col} (MAPTI), absent = unmapped. */
    map: Map<number, { lpi: number; col: number }>;
    shared: number;
    /** Leaf domains prepared on this DeviceID (aliases share, S-15). */
    domains: number[];
}

/** APLIC source state (MSI mode). */
export interface AplicSource {
    enabled: boolean;
    pending: boolean;
    asserted: boolean;
    level: boolean;
    hart: number;
    guest: number;
    eiid: number;
}

/** A wired pin (IO-APIC RTE or a generic wired line). */
export interface WiredPin {
    masked: boolean;
    asserted: boolean;
    pending: boolean;
    level: boolean;
    msg: MsiMsg;
    remoteIrr: boolean;
}

/** Per-domain state: reverse map (S-1) plus resources. */
export interface DomainState {
    revmap: Map<number, number>;
    res: DomainRes;
}

/** Per-instance state. */
export interface InstanceState {
    irq: number;
    /** Device message writes for this instance (expect writes). */
    writes: number;
    /** Per-interrupt message register ('reg' storage). */
    reg: MsgSlot;
    /** vCPU posting. */
    posted: boolean;
    vcpu: number;
    pVector: number;
    postedCount: number;
}

/** A hardware event queued until the current operation returns (retrigger IPI, pending on unmask...). */
export interface HwEvent {
    t: 'vector' | 'lpi' | 'imsic' | 'msg' | 'sw' | 'spi';
    a: number;
    b: number;
    c: number;
    d: number;
}

/** The whole mutable state. */
export interface MachineState {
    seq: number;
    /** Counts non-expect steps (for `expect delivered`). */
    step: number;
    lastResult: number;
    cpus: CpuState[];
    descs: (IrqDesc | null)[];
    domains: DomainState[];
    devices: DeviceState[];
    instances: InstanceState[];
    hwQueue: HwEvent[];
    /** Stray count per (cpu) for diagnostics. */
    strays: number;
}

/** A fresh message slot. */
export function emptySlot(masked: boolean): MsgSlot {
    return { addressLo: 0, addressHi: 0, data: 0, masked, pending: false, ctrl: masked ? 1 : 0, owner: -1 };
}

/**
 * A hand-written deep copy of the whole state (no generic reflection: snapshots must be cheap). With
 * `withRevmaps` false the per-domain reverse maps are left empty: they are derived data (every level of
 * every desc, S-1) and rebuildRevmaps() restores them - snapshots then stay small.
 */
export function cloneState(s: MachineState, withRevmaps = true): MachineState {
    return {
        seq: s.seq, step: s.step, lastResult: s.lastResult, strays: s.strays,
        cpus: s.cpus.map(cloneCpu),
        descs: s.descs.map((d) => (d ? cloneDesc(d) : null)),
        domains: s.domains.map((d) => ({ revmap: withRevmaps ? new Map(d.revmap) : new Map<number, number>(), res: cloneRes(d.res) })),
        devices: s.devices.map(cloneDevice),
        instances: s.instances.map((i) => ({ ...i, reg: { ...i.reg } })),
        hwQueue: s.hwQueue.map((e) => ({ ...e }))
    };
}

function cloneCpu(c: CpuState): CpuState {
    return { online: c.online, apicId: c.apicId, vectorIrq: c.vectorIrq.slice(), matrix: c.matrix.slice(), allocated: c.allocated, handled: c.handled };
}

function cloneChipData(c: ChipData): ChipData {
    return c.t === 'vector' ? { ...c, managedCpus: c.managedCpus.slice() } : { ...c };
}

function cloneDesc(d: IrqDesc): IrqDesc {
    const levels: IrqData[] = new Array(d.levels.length);
    for (let i = 0; i < levels.length; i++) {
        const l = d.levels[i];
        levels[i] = { domain: l.domain, hwirq: l.hwirq, hwMasked: l.hwMasked, activated: l.activated, c: cloneChipData(l.c) };
    }
    return { ...d, affinity: d.affinity.slice(), pendingMask: d.pendingMask ? d.pendingMask.slice() : null, levels };
}

function cloneDevice(d: DeviceState): DeviceState {
    return { ...d, msix: d.msix.map((x) => ({ ...x })), msi: { ...d.msi }, ims: d.ims.map((x) => ({ ...x })) };
}

function cloneMapOf<V extends object>(m: Map<number, V>): Map<number, V> {
    const out = new Map<number, V>();
    for (const [k, v] of m) out.set(k, { ...v });
    return out;
}

function cloneRes(r: DomainRes): DomainRes {
    switch (r.t) {
        case 'vector': return { ...r };
        case 'ir': return { t: 'ir', used: r.used.slice(), irte: cloneMapOf(r.irte) };
        case 'gic': return { t: 'gic', lpi: cloneMapOf(r.lpi), spi: cloneMapOf(r.spi) };
        case 'its': {
            const devices = new Map<number, ItsDevice>();
            for (const [k, v] of r.devices) devices.set(k, { ...v, used: v.used.slice(), map: cloneMapOf(v.map), domains: v.domains.slice() });
            return { t: 'its', lpiUsed: r.lpiUsed.slice(), devices };
        }
        case 'imsic': return { t: 'imsic', harts: r.harts.map((h) => ({ ids: h.ids.slice(), eie: h.eie.slice(), eip: h.eip.slice() })) };
        case 'aplic': return { t: 'aplic', src: r.src.map((x) => ({ ...x })) };
        case 'pins': return { t: 'pins', pins: r.pins.map((p) => ({ ...p, msg: { ...p.msg } })) };
        case 'index': return { t: 'index', used: new Map(r.used) };
        case 'none': return { t: 'none' };
    }
}

/** Rebuilds every domain's reverse map from the descs (irq_domain_insert_irq() at every level, S-1). */
export function rebuildRevmaps(s: MachineState): void {
    for (const d of s.domains) d.revmap.clear();
    for (const d of s.descs) {
        if (!d) continue;
        for (const l of d.levels) s.domains[l.domain].revmap.set(l.hwirq, d.irq);
    }
}
