// The effective view of a topology that the layering rules read: kind defaults merged with what the file says
// (chips, flags, parent chains, device domains, interrupts with counts), built once per document and validation pass.
import { AstUtils, URI, type AstNode, type LangiumDocument, type LangiumDocuments } from 'langium';
import {
    isExtension, isModel, isTopology,
    type Callback, type Chip, type Cpu, type Device, type Domain, type Extension, type Interrupt, type Model, type Option, type Topology
} from '../generated/ast.js';
import { importClosure } from '../imports.js';
import { chipShareKey } from './share-keys.js';
import { LayeredCallbacks } from './layered-callbacks.js';
import { memoEntry, newMap, newWeakMap } from './nested-memo.js';
import { ElementKind, elementKinds } from '../element-kinds.js';
import {
    HIERARCHY_WALKS, REFERENCE_KERNEL, composeDefaultChip, installedFlowHandler, kindInfo, normalizeBusToken, normalizeCallbackName,
    normalizeFlag, normalizeFlowHandler, parentRestrictedMsiFlags, parseKernelVersion,
    type DecidingParent, type DomainKind, type DomainRole, type KernelVersion, type KindInfo
} from '../../kernel/model.js';

/** How a callback is provided at one level. `target`: delegated to a named level (`mask: OTHER`). */
export type ResolvedMode = 'self' | 'parent' | 'none' | 'platform' | 'target';

/** One effective callback of a chip or of the domain ops. */
export interface ResolvedCallback {
    readonly op: string;
    readonly mode: ResolvedMode;
    /** The named level for `target` delegations (undefined when the name does not resolve). */
    readonly target?: ResolvedDomain;
    readonly fn?: string;
    /** The callback as written in the file; undefined for defaults. */
    readonly node?: Callback;
    readonly origin: 'file' | 'kind' | 'msi-parent';
}

/** The effective irq chip of a level. */
export interface ResolvedChip {
    readonly name: string;
    readonly node?: Chip;
    readonly callbacks: ReadonlyMap<string, ResolvedCallback>;
    /** IRQCHIP_* flags without prefix. */
    readonly flags: ReadonlySet<string>;
    /** Set when the chip is a shared default (nothing written): equal keys mean equal chips. */
    readonly shareKey?: string;
}

/** Where an op resolves when a flow handler or a delegation calls it: implemented at `at`, or missing at `at`. */
export interface OpResolution {
    readonly ok: boolean;
    readonly at: ResolvedDomain;
}

const truthy = (value: string | number | undefined): boolean =>
    value !== undefined && !['0', 'no', 'false', 'off', 'none'].includes(String(value).toLowerCase());

/** Default chips and ops, shared by every domain that writes none of its own (they depend on kinds only). */
const sharedDefaults = new Map<string, unknown>();

function sharedDefault<T>(key: string, build: () => T): T {
    if (!sharedDefaults.has(key)) sharedDefaults.set(key, build());
    return sharedDefaults.get(key) as T;
}

/** Kind defaults as sets, shared by every domain of the kind that writes nothing of its own. */
const sharedSets = new Map<string, ReadonlySet<string>>();

function shared(key: string, names: readonly string[]): ReadonlySet<string> {
    let set = sharedSets.get(key);
    if (!set) {
        set = new Set(names);
        sharedSets.set(key, set);
    }
    return set;
}

/**
 * `list`, or a copy of it at its exact size when it has items: a list grown by push has room for about 16 more,
 * which a list kept for the whole pass (a domain's chain, its written callbacks) should not carry.
 */
function exactSize<T>(list: T[]): T[] {
    return list.length > 0 ? list.slice() : list;
}

/**
 * The children of every domain that has none, the domains of every device that declares none, and the placeholder
 * a device's interrupts hold until the topology gives them their own (see the `ResolvedTopology` constructor).
 * Frozen: nothing may add to a shared list.
 */
const noChildren = Object.freeze([]) as unknown as ResolvedDomain[];
const noDomains = Object.freeze([]) as unknown as ResolvedDomain[];
const noDeviceInterrupts = Object.freeze([]) as unknown as ResolvedInterrupt[];

/** The written callbacks of a domain that writes no chip and no ops. */
const noCallbacks: readonly ResolvedCallback[] = [];

/**
 * MSI flags restricted by a parent's supported and required flags (`parentRestrictedMsiFlags`), shared by every
 * domain with the same own flags, parent sets and bus token: per-device domains mostly share all four.
 */
const restrictedSets = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, Map<string, ReadonlySet<string>>>>>();

function restrictedMsiFlags(own: ReadonlySet<string>, supports: ReadonlySet<string>, requires: ReadonlySet<string>, busToken: string): ReadonlySet<string> {
    const bySupports = memoEntry(restrictedSets, own, newWeakMap);
    const byRequires = memoEntry(bySupports, supports, newWeakMap);
    const byBus = memoEntry(byRequires, requires, newMap);
    let restricted = byBus.get(busToken);
    if (!restricted) {
        restricted = new Set(parentRestrictedMsiFlags(own, supports, requires, busToken));
        byBus.set(busToken, restricted);
    }
    return restricted;
}

/** Chip flags over default ones, per default set and written flags: shared by the chips that write the same. */
const chipFlagSets = new WeakMap<ReadonlySet<string>, Map<string, ReadonlySet<string>>>();

/** The default chip flags with the written ones (normalised) added, as one set shared by equal chips. */
function chipFlags(defaults: ReadonlySet<string>, writtenFlags: readonly string[]): ReadonlySet<string> {
    const byWritten = memoEntry(chipFlagSets, defaults, newMap);
    const key = writtenFlags.length === 1 ? writtenFlags[0] : writtenFlags.join(' ');
    let all = byWritten.get(key);
    if (!all) {
        all = withWrittenChipFlags(defaults, writtenFlags);
        byWritten.set(key, all);
    }
    return all;
}

/** A new set of the default chip flags and the written ones, normalised (unknown names left out). */
function withWrittenChipFlags(defaults: ReadonlySet<string>, writtenFlags: readonly string[]): ReadonlySet<string> {
    const all = new Set<string>();
    defaults.forEach(flag => all.add(flag));
    for (let i = 0; i < writtenFlags.length; i++) {
        const plain = normalizeFlag('chip', writtenFlags[i]);
        if (plain) all.add(plain);
    }
    return all;
}

function merged(kindDefault: ReadonlySet<string>, defaults: readonly string[], extra: readonly string[]): ReadonlySet<string> {
    return extra.length === 0 ? kindDefault : new Set([...defaults, ...extra]);
}

/** The shared default sets of one kind (see `shared`), looked up once per kind rather than by a key per set. */
interface KindSets {
    readonly flags: ReadonlySet<string>;
    readonly msiFlags: ReadonlySet<string>;
    readonly accepts: ReadonlySet<string>;
    readonly supports: ReadonlySet<string>;
    readonly requires: ReadonlySet<string>;
}

const kindSetsByKind = new Map<string, KindSets>();

function kindSets(kind: string, info: KindInfo | undefined): KindSets {
    let sets = kindSetsByKind.get(kind);
    if (!sets) {
        const parentInfo = info?.msiParent;
        sets = {
            flags: shared(`flags:${kind}`, info?.flags ?? []),
            msiFlags: shared(`msi:${kind}`, info?.msiFlags ?? []),
            accepts: shared(`accepts:${kind}`, parentInfo?.accepts ?? []),
            supports: shared(`supports:${kind}`, parentInfo?.supports ?? []),
            requires: shared(`requires:${kind}`, parentInfo?.requires ?? [])
        };
        kindSetsByKind.set(kind, sets);
    }
    return sets;
}

/** Shared by every element that writes no flags (only read). */
const noFlags: readonly string[] = [];

function written(family: 'domain' | 'msi', names: readonly string[]): readonly string[] {
    return names.length === 0 ? noFlags : names.map(n => normalizeFlag(family, n)).filter((n): n is string => !!n);
}

/** A device of the topology with its domains and interrupts. */
export class ResolvedDevice {
    readonly name: string;
    /** The device's domains (made at their exact size by the topology; shared when none). */
    domains: ResolvedDomain[] = noDomains;
    /** The device's interrupts (made at their exact size by the topology; changed in place by `replaceDevice`). */
    interrupts: ResolvedInterrupt[] = noDeviceInterrupts;

    /** The device's node (replaced in place by `ResolvedTopology.replaceDevice`). */
    node: Device;

    constructor(node: Device, readonly topology: ResolvedTopology) {
        this.node = node;
        this.name = node.name;
    }

    /** The IR unit the device sits behind (`behind X`). */
    get behind(): ResolvedDomain | undefined {
        const ref = this.node.iommu?.ref;
        return ref ? this.topology.domainOf(ref) : undefined;
    }

    /** Assigned to VFIO user space, a guest or a SIOV virtual device. */
    get untrusted(): boolean {
        return this.node.assignment !== undefined && this.node.assignment !== 'host';
    }

    get isPci(): boolean {
        return this.node.bdf !== undefined;
    }
}

/**
 * The one-CPU affinity lists of the first 4,096 CPUs, one frozen list per CPU shared by every interrupt pinned
 * to it (a larger number, which a file may say, gets a list of its own).
 */
const oneCpuLists = new Map<number, readonly number[]>();

function oneCpu(cpu: number): readonly number[] {
    if (!(cpu >= 0 && cpu < 4096)) return [cpu];
    let list = oneCpuLists.get(cpu);
    if (!list) {
        list = Object.freeze([cpu]);
        oneCpuLists.set(cpu, list);
    }
    return list;
}

/** How many CPUs an affinity range names (at most 65,536; none when it runs backwards). */
function cpuCount(range: { from: number; to?: number }): number {
    return Math.max(0, Math.min(range.to ?? range.from, range.from + 65535) - range.from + 1);
}

/** One `irq` line of a device (an array counts `count` interrupts). */
export class ResolvedInterrupt {
    readonly count: number;
    /** The flow handler written on the interrupt, normalised (`edge` → `handle_edge_irq`). */
    readonly flow?: string;
    /** CPUs of the affinity clause (expanded), or undefined without one. */
    readonly cpus?: readonly number[];

    /** Position among the topology's interrupts (renumbered by `ResolvedTopology.replaceDevice`). */
    order: number;

    constructor(readonly node: Interrupt, readonly device: ResolvedDevice, order: number) {
        this.order = order;
        this.count = Math.max(1, node.count ?? 1);
        this.flow = node.flow ? normalizeFlowHandler(node.flow) : undefined;
        if (node.affinity.length === 1 && node.affinity[0].to === undefined) {
            this.cpus = oneCpu(node.affinity[0].from);
        } else if (node.affinity.length > 0) {
            // Made at its exact size: pushing onto `[]` would reserve room for 16 CPUs per interrupt.
            let size = 0;
            for (let i = 0; i < node.affinity.length; i++) size += cpuCount(node.affinity[i]);
            const cpus = new Array<number>(size);
            let at = 0;
            for (let i = 0; i < node.affinity.length; i++) {
                const range = node.affinity[i];
                const to = range.from + cpuCount(range) - 1;
                for (let cpu = range.from; cpu <= to; cpu++) cpus[at++] = cpu;
            }
            this.cpus = cpus;
        }
    }

    get name(): string {
        return `${this.device.name}.${this.node.name}`;
    }

    /** The domain the interrupt names (set once the topology is built). */
    domain: ResolvedDomain | undefined;

    get levelTriggered(): boolean {
        return this.node.trigger?.startsWith('level') ?? false;
    }

    /** `name[count]` or `name`, for messages. */
    get label(): string {
        return this.node.count !== undefined ? `${this.name}[${this.node.count}]` : this.name;
    }
}

interface ChainInfo {
    /** This domain and its ancestors, up to the root or to the first repeated domain. */
    readonly chain: ResolvedDomain[];
    /** The parent walk ends at a domain without parent. */
    readonly terminates: boolean;
    /** The cycle the walk entered, when it does not terminate. */
    readonly cycle?: ResolvedDomain[];
}

/** A domain with its effective kind defaults, flags, chip, ops and relations. */
export class ResolvedDomain {
    readonly name: string;
    readonly info?: KindInfo;
    /** The device the domain is declared in. */
    owner?: ResolvedDevice;
    /** Domains whose parent this is (copied at their exact size by the topology once built; shared when none). */
    children: ResolvedDomain[] = noChildren;
    /** Interrupts whose `: DOMAIN` names this domain (made at their exact size by the topology). */
    interrupts: ResolvedInterrupt[] = [];
    /** IRQ_DOMAIN_FLAG_* (kind defaults ∪ written), without prefix. */
    readonly flags: ReadonlySet<string>;
    /** MSI_FLAG_* of the domain's own info (kind defaults ∪ written), before the parent restricts them. */
    readonly ownMsiFlags: ReadonlySet<string>;
    readonly busToken: string;
    /** Child bus tokens it accepts as an MSI parent (written `accepts` replaces the default). */
    readonly accepts: ReadonlySet<string>;
    readonly supports: ReadonlySet<string>;
    readonly requires: ReadonlySet<string>;
    readonly prefix: string;
    private chainCache?: ChainInfo;
    private chainOkCache?: boolean;
    // Computed values kept as they are, `null` for a value computed as none (no wrapper object per domain).
    private irUnitCache?: ResolvedDomain | null;
    private composerCache?: ResolvedDomain | null;
    private chipCache?: ResolvedChip;
    private opsCache?: Map<string, ResolvedCallback>;
    private msiFlagsCache?: ReadonlySet<string>;
    /**
     * Resolutions asked of this level, as `op, resolution, op, resolution, ...`: without and with the hierarchy walk.
     * A level is asked for a few ops; a short list made at its exact size holds them in a tenth of a map's room.
     */
    private opResolutions?: readonly (string | OpResolution)[];
    private walkResolutions?: readonly (string | OpResolution)[];
    private demandCache?: number;
    private installedFlowCache?: string | null;
    private parentCache?: ResolvedDomain | null;
    private decidingParentCache?: ResolvedDomain | null;
    private writtenCache?: readonly ResolvedCallback[];

    /** The domain's node (replaced in place by `ResolvedTopology.replaceDevice`). */
    node: Domain;

    constructor(node: Domain, readonly topology: ResolvedTopology) {
        this.node = node;
        this.name = node.name;
        this.info = kindInfo(node.kind);
        const info = this.info;
        const parentInfo = info?.msiParent;
        const defaults = kindSets(node.kind, info);
        this.flags = merged(defaults.flags, info?.flags ?? [], written('domain', node.flags));
        this.ownMsiFlags = merged(defaults.msiFlags, info?.msiFlags ?? [], written('msi', node.msiFlags));
        this.busToken = (node.busToken ? normalizeBusToken(node.busToken) : undefined) ?? info?.busToken ?? 'ANY';
        this.accepts = node.accepts.length > 0 ? new Set(node.accepts.map(t => normalizeBusToken(t) ?? t)) : defaults.accepts;
        this.supports = node.supports.length > 0 ? new Set(written('msi', node.supports)) : defaults.supports;
        this.requires = node.requires.length > 0 ? new Set(written('msi', node.requires)) : defaults.requires;
        this.prefix = node.prefix !== undefined ? node.prefix.replace(/^"|"$/g, '') : parentInfo?.prefix ?? '';
    }

    get kind(): string {
        return this.node.kind;
    }

    /** Drops what was computed from the node (chip, ops, flags, chain, demand): it is computed again when read. */
    forgetCaches(): void {
        this.chainCache = undefined;
        this.chainOkCache = undefined;
        this.irUnitCache = undefined;
        this.composerCache = undefined;
        this.chipCache = undefined;
        this.opsCache = undefined;
        this.msiFlagsCache = undefined;
        this.opResolutions = undefined;
        this.walkResolutions = undefined;
        this.demandCache = undefined;
        this.installedFlowCache = undefined;
        this.parentCache = undefined;
        this.decidingParentCache = undefined;
        this.writtenCache = undefined;
    }

    /** Drops the sum of the interrupts' counts (after one of them was replaced). */
    forgetDemand(): void {
        this.demandCache = undefined;
    }

    get role(): DomainRole {
        if (this.info && this.info.role !== 'custom') return this.info.role;
        if (this.flags.has('MSI_DEVICE')) return 'per-device';
        if (this.flags.has('MSI_PARENT')) return this.node.parents.length > 0 ? 'intermediate-msi-parent' : 'chained-root';
        if (this.flags.has('MSI')) return 'msi-leaf';
        return 'custom';
    }

    /**
     * The single parent (the first one written; R-PARENT-ONE reports the others). Read by most rules, so kept
     * with the other values computed from the node (links do not change during a pass, and a re-link after an
     * incremental re-parse that keeps the topology resolves to the same domains, see `replaceDevice`).
     */
    get parent(): ResolvedDomain | undefined {
        if (this.parentCache === undefined) this.parentCache = this.resolveParent() ?? null;
        return this.parentCache ?? undefined;
    }

    private resolveParent(): ResolvedDomain | undefined {
        const ref = this.node.parents[0]?.ref;
        return ref ? this.topology.domainOf(ref) : undefined;
    }

    /** Written `parent X` whose name does not resolve (a linking error is already reported). */
    get parentUnresolved(): boolean {
        return this.node.parents.length > 0 && !this.node.parents[0].ref;
    }

    get chainedTo(): ResolvedDomain | undefined {
        const ref = this.node.chainedTo?.ref;
        return ref ? this.topology.domainOf(ref) : undefined;
    }

    get isMsiParent(): boolean {
        return this.flags.has('MSI_PARENT');
    }

    /** A per-device MSI domain (`IRQ_DOMAIN_FLAG_MSI_DEVICE`). */
    get isDeviceDomain(): boolean {
        return this.role === 'per-device';
    }

    /** Any domain that stores MSI messages: device domains, global MSI domains, HPET/DMAR MSI. */
    get isMsiLeaf(): boolean {
        const role = this.role;
        return role === 'per-device' || role === 'legacy-global-msi' || role === 'msi-leaf';
    }

    get isCpuLevel(): boolean {
        return this.info?.cpuLevel ?? false;
    }

    /** An interrupt-remapping unit (Intel/AMD IR). */
    get isRemapping(): boolean {
        return this.info?.remapping ?? false;
    }

    /** PCI message store (never level-triggered). */
    get isPci(): boolean {
        return this.info?.pci === true || this.kind === 'global-pci-msi';
    }

    /** An IMS domain (kind `ims`, or the IMS bus token). */
    get isIms(): boolean {
        return this.kind === 'ims' || this.busToken === 'PCI_DEVICE_IMS';
    }

    private get chainInfo(): ChainInfo {
        if (!this.chainCache) {
            const chain: ResolvedDomain[] = [];
            let current: ResolvedDomain | undefined = this;
            let cycle: ResolvedDomain[] | undefined;
            while (current) {
                // A chain is a few levels long: looking in it is cheaper than keeping a set of the levels seen.
                const at = chain.indexOf(current);
                if (at >= 0) {
                    cycle = chain.slice(at);
                    break;
                }
                chain.push(current);
                current = current.parent;
            }
            this.chainCache = { chain: exactSize(chain), terminates: !cycle, cycle };
        }
        return this.chainCache;
    }

    /** This domain and its ancestors, leaf first. */
    get chain(): readonly ResolvedDomain[] {
        return this.chainInfo.chain;
    }

    /** The cycle this domain is part of, if any. */
    get cycle(): readonly ResolvedDomain[] | undefined {
        const cycle = this.chainInfo.cycle;
        return cycle && cycle.includes(this) ? cycle : undefined;
    }

    /** The innermost domain of the chain (undefined when the walk loops). */
    get root(): ResolvedDomain | undefined {
        const info = this.chainInfo;
        return info.terminates ? info.chain[info.chain.length - 1] : undefined;
    }

    /**
     * The chain is well formed: it terminates at a CPU-level or chained root, every name resolves, no level
     * sits on a device domain and every device domain sits on an MSI parent. Resource and flow rules skip
     * broken chains: the graph rules already explain them.
     */
    get chainOk(): boolean {
        this.chainOkCache ??= this.computeChainOk();
        return this.chainOkCache;
    }

    private computeChainOk(): boolean {
        const info = this.chainInfo;
        if (!info.terminates) return false;
        for (const level of info.chain) {
            if (level.parentUnresolved) return false;
            const parent = level.parent;
            if (parent?.isDeviceDomain) return false;
            if (level.isDeviceDomain && parent && !parent.isMsiParent) return false;
        }
        const root = info.chain[info.chain.length - 1];
        return root.isCpuLevel || root.node.chainedTo?.ref !== undefined;
    }

    /**
     * The MSI parent that decides this leaf's chip and flags (`init_dev_msi_info`): the immediate parent,
     * or further up while each level delegates (`msi_parent_init_dev_msi_info`, e.g. IR → VECTOR).
     */
    get decidingParent(): ResolvedDomain | undefined {
        if (this.decidingParentCache === undefined) this.decidingParentCache = this.findDecidingParent() ?? null;
        return this.decidingParentCache ?? undefined;
    }

    private findDecidingParent(): ResolvedDomain | undefined {
        let decider = this.parent;
        if (!decider?.isMsiParent) return undefined;
        // The levels passed (a chain is a few levels long: a list is cheaper than a set).
        const seen: ResolvedDomain[] = [];
        while (!seen.includes(decider)) {
            seen.push(decider);
            const next: ResolvedDomain | undefined = decider.parent;
            if (decider.ops.get('init_dev_msi_info')?.mode !== 'parent' || !next?.isMsiParent) break;
            decider = next;
        }
        return decider;
    }

    /** Domain ops (`irq_domain_ops`, `msi_domain_ops`, `init_dev_msi_info`): kind defaults overridden by `ops { }`. */
    get ops(): ReadonlyMap<string, ResolvedCallback> {
        // The getter only reads the cache: a function that makes closures makes their context on every call, found
        // in the cache or not (the same for `chip`, which the rules read many times per domain).
        return this.opsCache ??= this.computeOps();
    }

    private computeOps(): Map<string, ResolvedCallback> {
        const derived = this.isMsiParent && !this.info?.ops.init_dev_msi_info
            ? (this.node.parents[0]?.ref && this.parent?.isMsiParent ? 'parent' : 'self') : '';
        const build = () => {
            const ops = new Map<string, ResolvedCallback>();
            for (const [op, def] of Object.entries(this.info?.ops ?? {})) ops.set(op, { op, mode: def.mode, fn: def.fn, origin: 'kind' });
            if (derived) ops.set('init_dev_msi_info', { op: 'init_dev_msi_info', mode: derived, origin: 'kind' });
            return ops;
        };
        if (!this.node.ops) return sharedDefault(`ops|${this.kind}|${derived}`, build);
        const ops = build();
        for (const callback of this.node.ops.callbacks) this.addWritten(ops, callback);
        return ops;
    }

    /**
     * The effective chip: the model's default chip of the kind (what the deciding MSI parent installs, then the
     * kind's chip, `composeDefaultChip`), then what the file says. A domain that writes no chip shares the default
     * chip of its (kind, deciding parent kind, parent kind) with its peers.
     */
    get chip(): ResolvedChip {
        return this.chipCache ??= this.computeChip();
    }

    private computeChip(): ResolvedChip {
        const decider = this.completingParent;
        const direct = decider !== undefined && decider === this.parent;
        const parentKind = this.parent?.info ? this.parent.kind : undefined;
        const shareKey = chipShareKey(this.kind, decider ? (decider.info ? decider.kind : 'custom') : undefined, direct, parentKind);
        const build = (): ResolvedChip => {
            const callbacks = new Map<string, ResolvedCallback>();
            if (!this.info) return { name: this.name, callbacks, flags: new Set(), shareKey };
            const modelDecider: DecidingParent | undefined = decider?.info?.msiParent ? { kind: decider.kind as DomainKind, direct } : undefined;
            if (decider && !modelDecider) {
                // An MSI parent the model does not know (a `custom` domain flagged MSI_PARENT): it completes the
                // chip with parent delegations.
                for (const op of ['ack', 'eoi', 'set_affinity', 'retrigger']) callbacks.set(op, { op, mode: 'parent', origin: 'msi-parent' });
            }
            const chip = composeDefaultChip(this.kind as DomainKind, modelDecider, parentKind as DomainKind | undefined);
            const own = this.info.chip.callbacks;
            for (const [op, def] of Object.entries(chip.callbacks)) {
                callbacks.set(op, { op, mode: def.mode, fn: def.fn, origin: own[op] || !modelDecider ? 'kind' : 'msi-parent' });
            }
            return { name: chip.name, callbacks, flags: new Set(chip.flags), shareKey };
        };
        const node = this.node.chips[0];
        if (!node && this.info) return sharedDefault(shareKey, build);
        // With a kind, the default chip depends on the share key only (and is copied, not changed).
        const base = this.info ? sharedDefault(shareKey, build) : build();
        // The written callbacks over the shared defaults, not a copy of them (a map per chip would hold about
        // 300 bytes); the defaults' flags when none is written.
        const callbacks = new LayeredCallbacks(base.callbacks, (node?.callbacks ?? []).map(callback => this.resolveWritten(callback)));
        const writtenFlags = node?.flags ?? [];
        const flags = writtenFlags.length > 0 ? chipFlags(base.flags, writtenFlags) : base.flags;
        return { name: node?.name ?? base.name, node, callbacks, flags };
    }

    /**
     * The deciding MSI parent when it completes this level's chip and flow (`init_dev_msi_info`): for the kinds
     * the model says it completes (per-device domains, the global PCI/MSI domain), and for `custom` domains the
     * file flags as MSI leaves.
     */
    private get completingParent(): ResolvedDomain | undefined {
        if (!this.info || !this.isMsiLeaf) return undefined;
        return this.info.parentCompletesChip || this.info.role === 'custom' ? this.decidingParent : undefined;
    }

    /** Kinds of the ancestors the model knows, immediate parent first (up to the first unknown kind). */
    private get ancestorKinds(): DomainKind[] {
        const kinds: DomainKind[] = [];
        const chain = this.chain;
        for (let i = 1; i < chain.length && chain[i].info; i++) kinds.push(chain[i].kind as DomainKind);
        return kinds;
    }

    private addWritten(map: Map<string, ResolvedCallback>, callback: Callback): void {
        const resolved = this.resolveWritten(callback);
        map.set(resolved.op, resolved);
    }

    private resolveWritten(callback: Callback): ResolvedCallback {
        const op = normalizeCallbackName(callback.name) ?? callback.name;
        const fn = callback.function?.replace(/^"|"$/g, '');
        if (callback.target) {
            const ref = callback.target.ref;
            return { op, mode: 'target', target: ref ? this.topology.domainOf(ref) : undefined, fn, node: callback, origin: 'file' };
        }
        return { op, mode: callback.mode ?? 'none', fn, node: callback, origin: 'file' };
    }

    /** The callbacks written in the file (chip, then ops), in the order of the effective chip and ops. */
    get writtenCallbacks(): readonly ResolvedCallback[] {
        if (!this.writtenCache) {
            if (this.node.chips.length === 0 && !this.node.ops) {
                this.writtenCache = noCallbacks;
            } else {
                const written: ResolvedCallback[] = [];
                this.chip.callbacks.forEach(callback => { if (callback.node !== undefined) written.push(callback); });
                this.ops.forEach(callback => { if (callback.node !== undefined) written.push(callback); });
                this.writtenCache = exactSize(written);
            }
        }
        return this.writtenCache;
    }

    /** MSI flags after the parent's `supported_flags` / `required_flags` (`init_dev_msi_info`). */
    get msiFlags(): ReadonlySet<string> {
        if (!this.msiFlagsCache) {
            const parent = this.parent;
            const completed = this.info?.parentCompletesChip || (this.info?.role === 'custom' && this.isMsiLeaf);
            if (parent?.isMsiParent && completed) {
                this.msiFlagsCache = restrictedMsiFlags(this.ownMsiFlags, parent.supports, parent.requires, this.busToken);
            } else {
                this.msiFlagsCache = this.ownMsiFlags;
            }
        }
        return this.msiFlagsCache;
    }

    /**
     * Where `op` ends up when this level's chip is asked for it: implemented here or by delegation.
     * With `walk` (the default for retrigger, compose and vcpu affinity) a level without the op passes the
     * question to its parent, as the core's hierarchy walks do; without it a missing op stops the search.
     */
    resolveOp(op: string, walk = HIERARCHY_WALKS.includes(op)): OpResolution {
        // Compared by value (`===`), not looked up as keys of an object: an op is a name the file may choose
        // (`toString`, `__proto__`).
        const cached = walk ? this.walkResolutions : this.opResolutions;
        if (cached) for (let i = 0; i < cached.length; i += 2) if (cached[i] === op) return cached[i + 1] as OpResolution;
        const result = this.resolveOpUncached(op, walk, []);
        const grown = cached ? [...cached, op, result] : [op, result];
        if (walk) this.walkResolutions = grown;
        else this.opResolutions = grown;
        return result;
    }

    private resolveOpUncached(op: string, walk: boolean, visiting: ResolvedDomain[]): OpResolution {
        if (visiting.includes(this)) return { ok: false, at: this };
        visiting.push(this);
        const callback = this.chip.callbacks.get(op);
        if (!callback || callback.mode === 'none') {
            if (walk && this.parent) return this.parent.resolveOpUncached(op, walk, visiting);
            return { ok: false, at: this };
        }
        if (callback.mode === 'self' || callback.mode === 'platform') return { ok: true, at: this };
        const next = callback.mode === 'parent' ? this.parent : callback.target;
        if (!next) return { ok: false, at: this };
        return next.resolveOpUncached(op, walk, visiting);
    }

    /** The first remapping unit above this domain. */
    get irUnit(): ResolvedDomain | undefined {
        if (this.irUnitCache === undefined) this.irUnitCache = this.chain.slice(1).find(d => d.isRemapping) ?? null;
        return this.irUnitCache ?? undefined;
    }

    /** ISOLATED_MSI somewhere on the chain (`msi_device_has_isolated_msi()` walks the parents). */
    get isolated(): boolean {
        return this.chain.some(d => d.flags.has('ISOLATED_MSI'));
    }

    /** The first level from the leaf inward whose chip composes the message (`irq_chip_compose_msi_msg()`). */
    get composer(): ResolvedDomain | undefined {
        if (this.composerCache === undefined) {
            this.composerCache = this.chain.find(d => {
                const mode = d.chip.callbacks.get('compose_msi_msg')?.mode;
                return mode === 'self' || mode === 'platform';
            }) ?? null;
        }
        return this.composerCache ?? undefined;
    }

    /**
     * The flow handler installed during alloc for an interrupt on this level: the written `flow`, else the model's
     * (`installedFlowHandler`: the kind's, the deciding parent's, or the one an ancestor installs for all below it).
     */
    get installedFlow(): string | undefined {
        if (this.installedFlowCache === undefined) this.installedFlowCache = this.computeInstalledFlow() ?? null;
        return this.installedFlowCache ?? undefined;
    }

    private computeInstalledFlow(): string | undefined {
        if (this.node.flow) return normalizeFlowHandler(this.node.flow);
        if (!this.info) return undefined;
        const decider = this.completingParent;
        const modelDecider: DecidingParent | undefined = decider?.info?.msiParent ? { kind: decider.kind as DomainKind, direct: decider === this.parent } : undefined;
        return installedFlowHandler(this.kind as DomainKind, modelDecider, this.ancestorKinds);
    }

    /** The flow handler an interrupt on this leaf ends up with: the installed one, the written one, or by trigger. */
    flowFor(interrupt: ResolvedInterrupt): string | undefined {
        const installed = this.installedFlow;
        if (installed) return installed;
        if (interrupt.flow) return interrupt.flow;
        const byTrigger = this.info?.flowByTrigger;
        return byTrigger ? (interrupt.levelTriggered ? byTrigger.level : byTrigger.edge) : undefined;
    }

    /** Hardware size of the domain's index space (MSI-X table, MSI vectors, IMS slots, APLIC sources, `size`). */
    get hwsize(): number | undefined {
        const owner = this.owner?.node;
        switch (this.kind) {
            case 'pci-msix': return owner?.msixTable ?? this.node.size;
            case 'pci-msi': return owner?.msiVectors ?? this.node.size;
            case 'ims': return owner?.imsSlots ?? this.node.size;
            case 'aplic-msi': case 'aplic-direct': return this.node.sources !== undefined ? this.node.sources + 1 : this.node.size;
            default: return this.node.size;
        }
    }

    /** Interrupts declared on this domain (arrays count their elements). */
    get demand(): number {
        if (this.demandCache === undefined) this.demandCache = this.interrupts.reduce((sum, i) => sum + i.count, 0);
        return this.demandCache;
    }

    /** `name (kind)` for messages. */
    get label(): string {
        return `${this.name} (${this.kind})`;
    }
}

/** A CPU of the topology. */
export interface ResolvedCpu {
    readonly index: number;
    readonly apicId: number;
    readonly online: boolean;
    readonly node?: Cpu;
}

/** Whether a callback written on the domain's chips or ops delegates to one of `targets` (`mask: OTHER`). */
function delegatesInto(domain: Domain, targets: ReadonlySet<Domain>): boolean {
    const hits = (callbacks: readonly Callback[]): boolean =>
        callbacks.some(callback => callback.target?.ref !== undefined && targets.has(callback.target.ref));
    return domain.chips.some(chip => hits(chip.callbacks)) || hits(domain.ops?.callbacks ?? []);
}

/** A topology with its extensions (`extend T { }`) visible from the validated document. */
export class ResolvedTopology {
    readonly name: string;
    readonly kernel: KernelVersion;
    readonly domains: ResolvedDomain[];
    readonly devices: ResolvedDevice[];
    readonly interrupts: ResolvedInterrupt[];
    readonly cpus: ResolvedCpu[] = [];
    private readonly byNode = new Map<Domain, ResolvedDomain>();
    /**
     * Where the devices of each element (the topology, its extensions) start in `devices`: a device is found by
     * its index in its element's list, and an interrupt by its index in its device's, without a map of every
     * device and interrupt (see `deviceOf`).
     */
    private readonly deviceStart = new Map<Topology | Extension, number>();
    /** Devices by node, made only if a device is not where its container index says (see `deviceOf`). */
    private deviceByNode?: Map<Device, ResolvedDevice>;
    private readonly options = new Map<string, Option>();
    private readonly memo = new Map<string, unknown>();

    constructor(readonly node: Topology | undefined, readonly extensions: readonly Extension[], name: string) {
        this.name = name;
        this.kernel = parseKernelVersion(node?.kernel) ?? REFERENCE_KERNEL;
        for (const option of node?.options ?? []) this.options.set(option.name.toLowerCase(), option);
        this.buildCpus();
        // Indexed loops: this runs once per pass over every device, mostly before the code is optimised, when
        // `for...of` would allocate an iterator result per element. Every list is made at its exact size, without
        // push: a list grown by push outlives a few young-generation collections here (10,000 devices take a
        // while), so its growing copies would be moved to the old generation only to die there.
        const containers = [...(node ? [node] : []), ...extensions];
        let domainCount = 0, deviceCount = 0, interruptCount = 0;
        for (const container of containers) {
            domainCount += container.domains.length;
            deviceCount += container.devices.length;
            for (let i = 0; i < container.devices.length; i++) {
                domainCount += container.devices[i].domains.length;
                interruptCount += container.devices[i].irqs.length;
            }
        }
        const domains = this.domains = new Array<ResolvedDomain>(domainCount);
        const devices = this.devices = new Array<ResolvedDevice>(deviceCount);
        const interrupts = this.interrupts = new Array<ResolvedInterrupt>(interruptCount);
        let domainAt = 0, deviceAt = 0, order = 0;
        for (const container of containers) {
            for (let i = 0; i < container.domains.length; i++) domains[domainAt++] = this.domainOf(container.domains[i]);
            if (!this.deviceStart.has(container)) this.deviceStart.set(container, deviceAt);
            for (let i = 0; i < container.devices.length; i++) {
                const device = container.devices[i];
                const resolved = new ResolvedDevice(device, this);
                devices[deviceAt++] = resolved;
                if (device.domains.length > 0) {
                    const own = resolved.domains = new Array<ResolvedDomain>(device.domains.length);
                    for (let j = 0; j < device.domains.length; j++) {
                        const d = this.domainOf(device.domains[j]);
                        d.owner = resolved;
                        own[j] = d;
                        domains[domainAt++] = d;
                    }
                }
                const irqs = resolved.interrupts = new Array<ResolvedInterrupt>(device.irqs.length);
                for (let j = 0; j < device.irqs.length; j++) {
                    const interrupt = new ResolvedInterrupt(device.irqs[j], resolved, order);
                    irqs[j] = interrupt;
                    interrupts[order++] = interrupt;
                }
            }
        }
        for (let i = 0; i < domains.length; i++) {
            const parent = domains[i].parent;
            if (!parent) continue;
            if (parent.children === noChildren) parent.children = [domains[i]];
            else parent.children.push(domains[i]);
        }
        // A domain's interrupts: counted first, then placed, in the order of the topology's interrupts.
        const counts = new Map<ResolvedDomain, number>();
        for (let i = 0; i < interrupts.length; i++) {
            const interrupt = interrupts[i];
            const ref = interrupt.node.domain?.ref;
            const domain = interrupt.domain = ref ? this.domainOf(ref) : undefined;
            if (domain) counts.set(domain, (counts.get(domain) ?? 0) + 1);
        }
        for (const [domain, count] of counts) {
            domain.interrupts = new Array<ResolvedInterrupt>(count);
            counts.set(domain, 0);
        }
        for (let i = 0; i < interrupts.length; i++) {
            const domain = interrupts[i].domain;
            if (!domain) continue;
            const at = counts.get(domain)!;
            domain.interrupts[at] = interrupts[i];
            counts.set(domain, at + 1);
        }
        for (let i = 0; i < domains.length; i++) {
            const domain = domains[i];
            if (domain.children !== noChildren && domain.children.length > 1) domain.children = domain.children.slice();
        }
    }

    private buildCpus(): void {
        const declared = new Map<number, Cpu>();
        for (const cpu of this.node?.cpus ?? []) declared.set(cpu.index, cpu);
        const count = Math.max(this.node?.cpuCount ?? 0, ...[...declared.keys()].map(i => i + 1), 1);
        for (let index = 0; index < count; index++) {
            const node = declared.get(index);
            this.cpus.push({ index, apicId: node?.apicId ?? index, online: !node?.offline, node });
        }
    }

    /** The resolved view of a domain node (created on first use, also for domains outside this topology). */
    domainOf(node: Domain): ResolvedDomain {
        let resolved = this.byNode.get(node);
        if (!resolved) {
            resolved = new ResolvedDomain(node, this);
            this.byNode.set(node, resolved);
        }
        return resolved;
    }

    /**
     * Puts `next` in the place of the device `previous` when both have the same shape (incremental/element-units.ts
     * `deviceShape`: same domains but for their chips, the same shared domains used), so that the result equals a
     * topology built from scratch: the device's domains take the new nodes and compute everything again (and so do
     * the domains whose chain or delegations reach them), its interrupts are
     * resolved again (they may differ in number, names, counts, indexes, flows, affinities), the topology's
     * interrupts are renumbered, and the per-topology sums are dropped. Returns false, changing nothing, when
     * `previous` is not a device of this topology or its domains do not line up with the new ones.
     */
    replaceDevice(previous: Device, next: Device): boolean {
        const device = this.deviceOf(previous);
        if (!device || previous.domains.length !== next.domains.length || device.domains.length !== previous.domains.length) return false;
        device.node = next;
        this.deviceByNode = undefined;
        previous.domains.forEach((old, i) => {
            const domain = this.byNode.get(old)!;
            domain.node = next.domains[i];
            domain.forgetCaches();
            this.byNode.delete(old);
            this.byNode.set(next.domains[i], domain);
        });
        // The domains whose parent chain or delegations reach the device's domains computed their chips and op
        // resolutions from those domains' chips, which the new text may have changed.
        const mine = new Set<ResolvedDomain>(device.domains);
        const mineNodes = new Set<Domain>(next.domains);
        for (const domain of this.domains) {
            if (!mine.has(domain) && (domain.chain.some(d => mine.has(d)) || delegatesInto(domain.node, mineNodes))) domain.forgetCaches();
        }
        const touched = new Set<ResolvedDomain>();
        const gone = new Set<ResolvedInterrupt>(device.interrupts);
        for (const before of device.interrupts) {
            if (before.domain) touched.add(before.domain);
        }
        device.interrupts.length = 0;
        for (const irq of next.irqs) {
            const after = new ResolvedInterrupt(irq, device, -1);
            const ref = irq.domain?.ref;
            after.domain = ref ? this.domainOf(ref) : undefined;
            if (after.domain) touched.add(after.domain);
            device.interrupts.push(after);
        }
        // Interrupts are numbered device by device, in the order the constructor met them.
        this.interrupts.length = 0;
        for (const each of this.devices) {
            for (const interrupt of each.interrupts) {
                interrupt.order = this.interrupts.length;
                this.interrupts.push(interrupt);
            }
        }
        for (const domain of touched) {
            const list = domain.interrupts.filter(interrupt => !gone.has(interrupt));
            for (const interrupt of device.interrupts) if (interrupt.domain === domain) list.push(interrupt);
            list.sort((a, b) => a.order - b.order);
            domain.interrupts.length = 0;
            for (const interrupt of list) domain.interrupts.push(interrupt);
            domain.forgetDemand();
        }
        this.memo.clear();
        return true;
    }

    /** The resolved view of a device of this topology. */
    deviceOf(node: Device): ResolvedDevice | undefined {
        const start = this.deviceStart.get(node.$container as Topology | Extension);
        const index = node.$containerIndex;
        if (start !== undefined && index !== undefined) {
            const device = this.devices[start + index];
            if (device?.node === node) return device;
        }
        if (!this.deviceByNode) {
            this.deviceByNode = new Map();
            for (const device of this.devices) this.deviceByNode.set(device.node, device);
        }
        return this.deviceByNode.get(node);
    }

    /** The resolved view of an interrupt of this topology. */
    interruptOf(node: Interrupt): ResolvedInterrupt | undefined {
        const device = this.deviceOf(node.$container);
        if (!device) return undefined;
        const index = node.$containerIndex;
        const interrupt = index !== undefined ? device.interrupts[index] : undefined;
        return interrupt?.node === node ? interrupt : device.interrupts.find(i => i.node === node);
    }

    /** `option NAME value`: its value, undefined when absent. */
    option(name: string): string | number | undefined {
        const option = this.options.get(name.toLowerCase());
        return option ? option.value ?? option.number ?? option.text : undefined;
    }

    /** `option NAME` set to something other than 0/no/false/off/none. */
    optionEnabled(name: string): boolean {
        return truthy(this.option(name));
    }

    /** Online CPUs. */
    get onlineCpus(): ResolvedCpu[] {
        return this.cpus.filter(c => c.online);
    }

    /** Interrupt-remapping units of the topology. */
    get remappingUnits(): ResolvedDomain[] {
        return this.cached('remapping', () => this.domains.filter(d => d.isRemapping));
    }

    /** MSI parents of the topology. */
    get msiParents(): ResolvedDomain[] {
        return this.cached('msi-parents', () => this.domains.filter(d => d.isMsiParent));
    }

    /** Computes a per-topology value once (global sums of the resource rules). */
    cached<T>(key: string, compute: () => T): T {
        if (!this.memo.has(key)) this.memo.set(key, compute());
        return this.memo.get(key) as T;
    }
}

/** `ElementKind` bits of the elements a topology is resolved from (`isTopology(node) || isExtension(node)`). */
const topologyOrExtension = ElementKind.topology | ElementKind.extension;

/** The resolved topologies seen from one document in one validation pass. */
export class DocumentTopologies {
    readonly model: Model;
    private readonly topologies = new Map<Topology | Extension, ResolvedTopology>();
    private extensionIndex?: Map<Topology, Extension[]>;

    constructor(readonly document: LangiumDocument, private readonly documents: LangiumDocuments) {
        this.model = document.parseResult.value as Model;
    }

    /** True when the node belongs to the validated document (diagnostics may only go there). */
    isLocal(node: AstNode): boolean {
        return AstUtils.findRootNode(node) === this.model;
    }

    /** The last container `topologyFor` went up from, and its topology: the checks ask for a device's nodes in a row. */
    private lastContainer: AstNode | undefined;
    private lastTopology: ResolvedTopology | undefined;

    /** The topology a node of the file belongs to (through `topology` or `extend`). */
    topologyFor(node: AstNode): ResolvedTopology | undefined {
        // A topology or extension is its own answer; any other node's answer is its container's.
        if (elementKinds(node) & topologyOrExtension) return this.resolve(node as Topology | Extension);
        const container = node.$container;
        if (container === undefined) return undefined;
        if (container === this.lastContainer) return this.lastTopology;
        let current: AstNode | undefined = container;
        while (current && !(elementKinds(current) & topologyOrExtension)) current = current.$container;
        const topology = current ? this.resolve(current as Topology | Extension) : undefined;
        this.lastContainer = container;
        this.lastTopology = topology;
        return topology;
    }

    /** The resolved topologies of the document's own `topology` and `extend` elements. */
    all(): ResolvedTopology[] {
        const result = new Set<ResolvedTopology>();
        for (const element of this.model.elements) {
            if (isTopology(element) || isExtension(element)) result.add(this.resolve(element));
        }
        return [...result];
    }

    /**
     * Applies device replacements of an incremental re-parse to the topologies built so far (see
     * `ResolvedTopology.replaceDevice`). Returns false when one cannot be applied: the view must then be rebuilt.
     */
    replaceDevices(replacements: readonly { oldNode: Device; newNode: Device }[]): boolean {
        for (const { oldNode, newNode } of replacements) {
            const owners = [...this.topologies.values()].filter(t => t.deviceOf(oldNode));
            if (owners.length !== 1 || !owners[0].replaceDevice(oldNode, newNode)) return false;
        }
        return true;
    }

    private resolve(element: Topology | Extension): ResolvedTopology {
        const base = isTopology(element) ? element : element.topology?.ref;
        const key = base ?? element;
        let resolved = this.topologies.get(key);
        if (!resolved) {
            resolved = base
                ? new ResolvedTopology(base, this.extensionsOf(base), base.name)
                : new ResolvedTopology(undefined, [element as Extension], (element as Extension).topology?.$refText ?? '?');
            this.topologies.set(key, resolved);
        }
        return resolved;
    }

    private extensionsOf(topology: Topology): Extension[] {
        if (!this.extensionIndex) {
            this.extensionIndex = new Map();
            for (const uri of importClosure(this.document, this.documents)) {
                const document = uri === this.document.uri.toString() ? this.document : this.documents.getDocument(URI.parse(uri));
                const model = document?.parseResult?.value;
                if (!isModel(model)) continue;
                for (const element of model.elements) {
                    if (!isExtension(element) || !element.topology?.ref) continue;
                    const list = this.extensionIndex.get(element.topology.ref) ?? [];
                    list.push(element);
                    this.extensionIndex.set(element.topology.ref, list);
                }
            }
        }
        return this.extensionIndex.get(topology) ?? [];
    }
}

const contexts = new WeakMap<Model, DocumentTopologies>();

/** The resolved topologies of the document containing `node`, built once per validation pass. */
export function topologiesOf(node: AstNode, documents: LangiumDocuments): DocumentTopologies {
    const root = AstUtils.findRootNode(node) as Model;
    let context = contexts.get(root);
    if (!context) {
        context = new DocumentTopologies(AstUtils.getDocument(root), documents);
        contexts.set(root, context);
    }
    return context;
}

/** Drops the cached view of a document (called before each validation pass: imported files may have changed). */
export function forgetTopologies(root: AstNode): void {
    if (isModel(root)) contexts.delete(root);
}

/**
 * Keeps the view of a document for the next validation pass, with the devices an incremental re-parse replaced
 * put in place; falls back to dropping it (see `forgetTopologies`) when that cannot be done. Only for replacements
 * that keep each device's shape, in a pass where nothing else changed.
 */
export function replaceDevicesInTopologies(root: AstNode, replacements: readonly { oldNode: Device; newNode: Device }[]): void {
    const context = isModel(root) ? contexts.get(root) : undefined;
    if (context && !context.replaceDevices(replacements)) contexts.delete(root as Model);
}

/** The enclosing domain, device or interrupt of a node, for code actions. */
export function enclosing<T extends AstNode>(node: AstNode | undefined, is: (n: AstNode) => n is T): T | undefined {
    let current = node;
    while (current && !is(current)) current = current.$container;
    return current;
}
