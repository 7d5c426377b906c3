// Resolves a SystemSpec into an immutable Topology: domain indices, parent chains, chips with every
// callback resolved (user override or kind default), kernel names, devices and interrupt instances.

import { effectiveRole } from '../kernel/model.js';
import { DOMAIN_FLAG, IRQCHIP, MSI_FLAG, X86, flagBit } from './constants.js';
import { DELEGATE_FN, FLOWS, isIrKind, kindDefaults, type AllocOrder, type DomainRole, type FlowName, type KindDefaults, type StorageKind } from './kind-defaults.js';
import { busTokenNumber, deviceKernelName, kernelDomainName, kernelVersionNumber, normalizeBusToken, requesterId } from './naming.js';
import { CHIP_OPS, normalizeChipOp, type Arch, type CallbackMode, type ChipOp, type DeviceSpec, type DomainKind, type DomainSpec, type InterruptSpec, type SourceLoc, type SystemSpec, type Trigger } from './spec.js';

/** A chip callback after resolution. */
export interface ResolvedCallback {
    op: ChipOp;
    mode: CallbackMode;
    /** Domain index for mode `level`, else -1. */
    target: number;
    /** Kernel function name printed in events. */
    fn: string;
    loc?: SourceLoc;
}

/** Resolved options (every field has its default filled in). */
export interface ResolvedOptions {
    msiMovePolicy: 'code' | 'comment' | 'always-direct';
    firstSystemVector: number;
    firstIrq: number;
    reservationMode: boolean;
    imsicNoIpi: boolean;
    disableUnlazy: boolean;
    eventLimit: number;
}

/** One domain after resolution. */
export interface ResolvedDomain {
    index: number;
    spec: DomainSpec;
    name: string;
    kernelName: string;
    kind: DomainKind;
    role: DomainRole;
    parent: number;
    chainedTo: number;
    chainedCause: number;
    device: number;
    chipName: string;
    /** Every ChipOp, mode `none` when absent. */
    chip: Record<ChipOp, ResolvedCallback>;
    chipFlags: number;
    domainFlags: number;
    msiFlags: number;
    busToken: string;
    busTokenNumber: number;
    prefix: string;
    allocOrder: AllocOrder;
    domainOps: KindDefaults['domainOps'];
    /** `ops { activate: none }` in the spec. */
    activateNone: boolean;
    /** Flow handler of an edge-triggered interrupt whose leaf is this domain (when the interrupt names none). */
    flow: FlowName;
    /** Flow handler of a level-triggered one. */
    levelFlow: FlowName;
    storage: StorageKind;
    enforceIrqCtx: boolean;
    /** Levels from this domain to its root (1 for a root). */
    depth: number;
    /** Resources with defaults filled in. */
    res: {
        vecFrom: number; vecTo: number; reservedVectors: number[]; entries: number; lpiFrom: number; lpiTo: number;
        ids: number; sources: number; address: number; size: number;
    };
    loc?: SourceLoc;
}

/** One device after resolution. */
export interface ResolvedDevice {
    index: number;
    spec: DeviceSpec;
    name: string;
    kernelName: string;
    /** PCI requester id (source id for IR SID checks) or -1. */
    requester: number;
    /** ITS DeviceID. */
    deviceId: number;
    isPci: boolean;
    /** IR domain the device is behind, or -1. */
    irDomain: number;
    msixSize: number;
    msiVectors: number;
    msiMaskable: boolean;
    imsSlots: number;
    imsStorage: 'mmio' | 'queue';
    loc?: SourceLoc;
}

/** One interrupt instance (a scalar interrupt or one element of an array). */
export interface InstanceDef {
    index: number;
    /** "nic0.misc" or "nic0.q[3]". */
    name: string;
    /** Qualified interrupt name without element. */
    irqName: string;
    element: number;
    spec: InterruptSpec;
    leaf: number;
    /** Domain indices leaf -> root. */
    chain: number[];
    device: number;
    /** Requested hardware index (MSI-X entry, slot, pin, source) or -1 for any. */
    hwIndex: number;
    level: boolean;
    triggerBits: number;
    flow: FlowName;
    affinity: number[] | null;
    managed: boolean;
    threaded: boolean;
    oneshot: boolean;
    cookie: number;
    loc?: SourceLoc;
}

/** The immutable resolved topology. */
export interface Topology {
    spec: SystemSpec;
    arch: Arch;
    kernel: number;
    cpuCount: number;
    apicIds: number[];
    initiallyOffline: boolean[];
    options: ResolvedOptions;
    domains: ResolvedDomain[];
    domainByName: Map<string, number>;
    devices: ResolvedDevice[];
    deviceByName: Map<string, number>;
    instances: InstanceDef[];
    /** irq name -> instance indices (all elements). */
    instancesByIrq: Map<string, number[]>;
}

/** Thrown for specs the machine cannot instantiate (unknown names, cycles). */
export class SpecError extends Error {
    constructor(message: string, readonly loc?: SourceLoc) {
        super(message);
    }
}

function rangeList(ranges: { from: number; to?: number }[] | undefined): number[] {
    const out: number[] = [];
    for (const r of ranges ?? []) for (let v = r.from; v <= (r.to ?? r.from); v++) out.push(v);
    return out;
}

function triggerBits(t: Trigger | undefined): number {
    switch (t) {
        case 'edge-falling': return 2;
        case 'level': case 'level-high': return 4;
        case 'level-low': return 8;
        default: return 1;
    }
}

/** Resolves options with their documented defaults. */
export function resolveOptions(spec: SystemSpec): ResolvedOptions {
    const o = spec.options ?? {};
    const kernel = kernelVersionNumber(spec.kernel);
    const policy = o.msiMovePolicy === 'comment' || o.msiMovePolicy === 'always-direct' ? o.msiMovePolicy : 'code';
    const firstIrqDefault = spec.arch === 'x86_64' ? 24 : spec.arch === 'arm64' ? 20 : 10;
    return {
        msiMovePolicy: policy,
        firstSystemVector: typeof o.firstSystemVector === 'number' ? o.firstSystemVector
            : kernel >= 6010 ? X86.FIRST_SYSTEM_VECTOR_POSTED : X86.FIRST_SYSTEM_VECTOR_LEGACY,
        firstIrq: typeof o.firstIrq === 'number' ? o.firstIrq : firstIrqDefault,
        reservationMode: o.reservationMode !== false,
        imsicNoIpi: o.imsicNoIpi === true,
        disableUnlazy: o.disable === 'unlazy',
        eventLimit: typeof o.eventLimit === 'number' ? o.eventLimit : 100000
    };
}

function flagsOf(names: string[], table: Record<string, number>, prefix: string): number {
    let v = 0;
    for (const n of names) v |= flagBit(n, table, prefix);
    return v;
}

/** Resolves a spec. Throws SpecError for dangling names or parent cycles (the validator reports those earlier). */
export function resolveTopology(spec: SystemSpec): Topology {
    const kernel = kernelVersionNumber(spec.kernel);
    const options = resolveOptions(spec);
    const cpuCount = Math.max(spec.cpuCount ?? 0, ...(spec.cpus ?? []).map((c) => c.index + 1), spec.cpuCount ? 0 : 4);
    const apicIds = Array.from({ length: cpuCount }, (_, i) => i);
    const initiallyOffline = Array.from({ length: cpuCount }, () => false);
    for (const c of spec.cpus ?? []) {
        if (c.apicId !== undefined) apicIds[c.index] = c.apicId;
        if (c.offline) initiallyOffline[c.index] = true;
    }
    const domainByName = new Map<string, number>();
    spec.domains.forEach((d, i) => {
        if (domainByName.has(d.name)) throw new SpecError(`duplicate domain ${d.name}`, d.loc);
        domainByName.set(d.name, i);
    });
    const deviceByName = new Map<string, number>();
    spec.devices.forEach((d, i) => deviceByName.set(d.name, i));
    const lookup = (name: string | undefined, loc?: SourceLoc): number => {
        if (name === undefined) return -1;
        const i = domainByName.get(name);
        if (i === undefined) throw new SpecError(`unknown domain ${name}`, loc);
        return i;
    };
    // Parent indices and cycle check (R-ACYCLIC).
    const parents = spec.domains.map((d) => lookup(d.parent, d.loc));
    const depth = spec.domains.map((d, i) => {
        let n = 1;
        for (let p = parents[i]; p >= 0; p = parents[p]) {
            if (++n > spec.domains.length + 1) throw new SpecError(`parent cycle through ${d.name}`, d.loc);
        }
        return n;
    });
    const ancestorsOf = (i: number): DomainKind[] => {
        const out: DomainKind[] = [];
        for (let p = parents[i]; p >= 0; p = parents[p]) out.push(spec.domains[p].kind);
        return out;
    };
    const defaults = spec.domains.map((d, i) => {
        const ancestors = ancestorsOf(i);
        return kindDefaults(d.kind, { arch: spec.arch, parentKind: ancestors[0], ancestors });
    });
    const domains: ResolvedDomain[] = [];
    // Resolve in depth order so a parent's prefix is known.
    const order = spec.domains.map((_, i) => i).sort((a, b) => depth[a] - depth[b]);
    const resolved: (ResolvedDomain | undefined)[] = [];
    for (const i of order) {
        const d = spec.domains[i];
        const def = defaults[i];
        const chipName = d.chip?.name ?? def.chipName;
        const chip = {} as Record<ChipOp, ResolvedCallback>;
        for (const op of CHIP_OPS) {
            const dc = def.callbacks[op];
            chip[op] = { op, mode: dc?.mode ?? 'none', target: -1, fn: dc?.function ?? DELEGATE_FN[op] };
        }
        for (const [rawName, cb] of Object.entries(d.chip?.callbacks ?? {})) {
            const op = normalizeChipOp(rawName);
            if (!op || !cb) continue;
            const defaultFn = def.callbacks[op]?.mode === cb.mode ? def.callbacks[op]?.function : undefined;
            const fn = cb.function ?? defaultFn ?? (cb.mode === 'parent' ? DELEGATE_FN[op]
                : `${chipName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${op}`);
            chip[op] = { op, mode: cb.mode, target: cb.mode === 'level' ? lookup(cb.target, cb.loc) : -1, fn, loc: cb.loc };
        }
        const chipFlags = flagsOf(d.chip?.flags ?? def.chipFlags, IRQCHIP, 'IRQCHIP_');
        const msiNames = [...def.msiFlags, ...(d.msiFlags ?? [])].filter((n) => spec.arch === 'x86_64' || !/MUST_REACTIVATE$/.test(n));
        const parentIdx = parents[i];
        const parentPrefix = parentIdx >= 0 ? (resolved[parentIdx]?.prefix ?? '') : '';
        const devIdx = d.device !== undefined ? (deviceByName.get(d.device) ?? -1) : -1;
        const token = normalizeBusToken(d.busToken ?? def.busToken);
        const fsv = options.firstSystemVector;
        const ops = d.ops ?? {};
        const rd: ResolvedDomain = {
            index: i, spec: d, name: d.name,
            kernelName: kernelDomainName(d, def, chipName, parentPrefix, devIdx >= 0 ? spec.devices[devIdx] : undefined, kernel),
            kind: d.kind, role: effectiveRole(d.kind, [...def.domainFlags, ...(d.flags ?? [])], parentIdx >= 0),
            parent: parentIdx, chainedTo: lookup(d.chainedTo, d.loc),
            chainedCause: d.chainedCause ?? 9, device: devIdx, chipName, chip, chipFlags,
            domainFlags: flagsOf([...def.domainFlags, ...(d.flags ?? [])], DOMAIN_FLAG, 'IRQ_DOMAIN_FLAG_'),
            msiFlags: flagsOf(msiNames, MSI_FLAG, 'MSI_FLAG_'),
            busToken: token, busTokenNumber: busTokenNumber(token, kernel),
            prefix: d.prefix ?? def.prefix, allocOrder: def.allocOrder, domainOps: def.domainOps,
            activateNone: ops['activate']?.mode === 'none', flow: def.flow, levelFlow: def.levelFlow, storage: def.storage,
            enforceIrqCtx: def.enforceIrqCtx, depth: depth[i],
            res: {
                vecFrom: d.resources?.vectorWindow?.from ?? X86.FIRST_EXTERNAL_VECTOR,
                vecTo: d.resources?.vectorWindow?.to ?? d.resources?.vectorWindow?.from ?? fsv - 1,
                reservedVectors: d.resources?.reservedVectors ? rangeList(d.resources.reservedVectors) : [X86.IA32_SYSCALL_VECTOR],
                entries: d.resources?.entries ?? (d.kind === 'ioapic' ? 24 : X86.INTR_REMAP_TABLE_ENTRIES),
                lpiFrom: d.resources?.lpis?.from ?? 8192,
                lpiTo: d.resources?.lpis?.to ?? 65535,
                ids: d.resources?.ids ?? 255,
                sources: d.resources?.sources ?? 96,
                address: d.resources?.address ?? (d.kind === 'gic-its' ? 0x08080000 : d.kind === 'imsic' ? 0x28000000 : d.kind === 'hpet-msi' ? 0xfed00000 : 0),
                size: d.resources?.size ?? 0
            },
            loc: d.loc
        };
        if (d.resources?.vectorWindow && d.resources.vectorWindow.to === undefined) rd.res.vecTo = fsv - 1;
        resolved[i] = rd;
    }
    for (let i = 0; i < spec.domains.length; i++) domains.push(resolved[i]!);
    const devices: ResolvedDevice[] = spec.devices.map((dv, i) => {
        const rid = requesterId(dv.pci);
        const ir = dv.behind !== undefined ? lookup(dv.behind, dv.loc) : -1;
        return {
            index: i, spec: dv, name: dv.name, kernelName: deviceKernelName(dv), requester: rid ?? -1,
            deviceId: dv.deviceId ?? rid ?? 0, isPci: dv.pci !== undefined, irDomain: ir,
            msixSize: dv.msix?.tableSize ?? 0, msiVectors: dv.msi?.vectors ?? 0, msiMaskable: dv.msi?.maskable ?? false,
            imsSlots: dv.ims?.slots ?? 0, imsStorage: dv.ims?.storage ?? 'mmio', loc: dv.loc
        };
    });
    // Leaf domains owned by a device get their hwsize from the device storage.
    for (const d of domains) {
        if (d.res.size === 0 && d.device >= 0) {
            const dv = devices[d.device];
            d.res.size = d.kind === 'pci-msix' ? dv.msixSize : d.kind === 'pci-msi' ? dv.msiVectors : d.kind === 'ims' ? dv.imsSlots : 0;
        }
        if (d.res.size === 0 && d.kind === 'aplic-msi') d.res.size = d.res.sources + 1;
    }
    const instances: InstanceDef[] = [];
    const instancesByIrq = new Map<string, number[]>();
    for (const it of spec.interrupts) {
        const leaf = lookup(it.domain, it.loc);
        const chain: number[] = [];
        for (let p = leaf; p >= 0; p = domains[p].parent) chain.push(p);
        const dev = it.device !== undefined ? (deviceByName.get(it.device) ?? -1) : domains[leaf].device;
        const count = it.count ?? 0;
        const list: number[] = [];
        const n = count > 0 ? count : 1;
        const bits = triggerBits(it.trigger);
        const flow: FlowName = it.flow && (FLOWS as readonly string[]).includes(it.flow) ? it.flow as FlowName
            : (bits & 0xc) !== 0 ? domains[leaf].levelFlow : domains[leaf].flow;
        for (let k = 0; k < n; k++) {
            const idx = instances.length;
            instances.push({
                index: idx, name: count > 0 ? `${it.name}[${k}]` : it.name, irqName: it.name, element: count > 0 ? k : -1,
                spec: it, leaf, chain, device: dev,
                hwIndex: it.anyIndex || it.index === undefined ? -1 : it.index + k,
                level: (bits & 0xc) !== 0, triggerBits: bits, flow,
                affinity: it.affinity && it.affinity.length ? [...it.affinity] : null,
                managed: it.managed === true, threaded: it.threaded === true, oneshot: it.oneshot === true,
                cookie: it.cookie ?? 0, loc: it.loc
            });
            list.push(idx);
        }
        instancesByIrq.set(it.name, list);
    }
    return {
        spec, arch: spec.arch, kernel, cpuCount, apicIds, initiallyOffline, options, domains, domainByName,
        devices, deviceByName, instances, instancesByIrq
    };
}

/** True when the domain (or an ancestor) is an x86 IR unit. */
export function hasIrAncestor(t: Topology, domain: number): number {
    for (let p = domain; p >= 0; p = t.domains[p].parent) if (isIrKind(t.domains[p].kind)) return p;
    return -1;
}
