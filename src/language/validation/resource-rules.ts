// Layering rules of kernel-irq.md §3.C (per-layer resource limits): x86 vectors, IRTEs, ITS LPIs and ITTs,
// IMSIC IDs, PCI MSI/MSI-X sizes, IMS slots, multi-MSI, unique hwirqs. Global sums are computed once per topology.
import type { AstNode } from 'langium';
import {
    FIRST_EXTERNAL_VECTOR, FIRST_LPI, IA32_SYSCALL_VECTOR, IMSIC_DEFAULT_IDS, IMSIC_MAX_IDS, IMSIC_MIN_IDS, IRTE_ENTRIES, LAST_LPI, MSI_MAX_HWSIZE,
    PCI_MSI_MAX_VECTORS, PCI_MSIX_MAX_ENTRIES, defaultVectorWindow, isPowerOfTwo, itsIttSize, roundUpPowerOfTwo
} from '../../kernel/model.js';
import type { ResolvedDevice, ResolvedDomain, ResolvedInterrupt, ResolvedTopology } from './resolved-topology.js';
import { hex, listNames } from './rule-report.js';
import { parentPlace, type RuleOutput } from './rule-output.js';
import { Tally, reportTarget, topContributors, type AddFn, type Overflow } from './resource-tally.js';

const interruptNode = (i: ResolvedInterrupt): AstNode => i.node;
const deviceLabel = (i: ResolvedInterrupt): string => i.device.name;

/** Explicit `index N` ranges of the interrupts on a domain (the hwirqs they ask for). */
function explicitRange(i: ResolvedInterrupt): { from: number; to: number } | undefined {
    return i.node.index === undefined ? undefined : { from: i.node.index, to: i.node.index + i.count - 1 };
}

/** How many indexes a domain's interrupts need: the highest explicit one, or all of them packed. */
function indexesNeeded(domain: ResolvedDomain): { needed: number; culprit?: ResolvedInterrupt } {
    let needed = 0;
    let culprit: ResolvedInterrupt | undefined;
    let packed = 0;
    for (const interrupt of domain.interrupts) {
        packed += interrupt.count;
        const range = explicitRange(interrupt);
        const end = Math.max(range ? range.to + 1 : 0, packed);
        if (end > needed) {
            needed = end;
            culprit = interrupt;
        }
    }
    return { needed, culprit };
}

/** Kinds whose hwirqs are not checked against the domain size (their size rules are R-PCI-MSI-SIZE and R-IMS-SLOTS). */
const SIZED_ELSEWHERE = ['pci-msi', 'pci-msix', 'ims'];

/**
 * The common case of `checkHwirqOverlaps`, decided without allocating: the explicit ranges come in ascending order,
 * none overlaps an earlier one, and none ends beyond the domain size where that is checked. False means "look
 * closer" (the full check then reports what it finds, or nothing).
 */
function hwirqsFit(domain: ResolvedDomain, interrupts: readonly ResolvedInterrupt[]): boolean {
    let previousFrom = -Infinity;
    let highestTo = -Infinity;
    for (let k = 0; k < interrupts.length; k++) {
        const from = interrupts[k].node.index;
        if (from === undefined) continue;
        // Out of order (the full check sorts), or overlapping the highest range so far (it reports that).
        if (from < previousFrom || from <= highestTo) return false;
        previousFrom = from;
        highestTo = Math.max(highestTo, from + interrupts[k].count - 1);
    }
    if (highestTo === -Infinity || SIZED_ELSEWHERE.includes(domain.kind) || domain.isIms) return true;
    const hwsize = domain.hwsize;
    return hwsize === undefined || highestTo < hwsize;
}

/** The CPUs an interrupt may use (online ones of its affinity), or undefined for "any". */
function allowedCpus(interrupt: ResolvedInterrupt, online: ReadonlySet<number>): number[] | undefined {
    const cpus = interrupt.cpus?.filter(c => online.has(c));
    return cpus && cpus.length > 0 ? cpus : undefined;
}

/** Per-CPU demand of a set of interrupts on a per-CPU resource (x86 vectors, IMSIC IDs). */
interface CpuDemand {
    /** Managed interrupts: reserved on the CPUs of their mask, cannot move. */
    readonly fixed: Tally<ResolvedInterrupt, number>;
    /** Fixed plus non-managed single-CPU affinities (these can fall back elsewhere). */
    readonly pinned: Tally<ResolvedInterrupt, number>;
    /** Non-managed multi-CPU affinities, keyed by the CPU list. */
    readonly spread: Tally<ResolvedInterrupt>;
    /** Everything. */
    readonly all: Tally<ResolvedInterrupt>;
}

function cpuDemand(interrupts: readonly ResolvedInterrupt[], topology: ResolvedTopology): CpuDemand {
    const online = topology.onlineCpus;
    const allOnline = online.length === topology.cpus.length;
    const onlineSet = new Set(online.map(c => c.index));
    const count = interrupts.length;
    // The CPUs each interrupt may use, by index (no object per interrupt).
    const placed: (readonly number[] | undefined)[] = new Array(count);
    for (let i = 0; i < count; i++) {
        const interrupt = interrupts[i];
        const cpus = interrupt.cpus;
        placed[i] = cpus && allOnline && everyBelow(cpus, topology.cpus.length) ? cpus : allowedCpus(interrupt, onlineSet);
    }
    // Indexed loops: each runs once over every interrupt, before the code is optimised.
    const perCpu = (includePinned: boolean) => (add: AddFn<ResolvedInterrupt, number>) => {
        for (let i = 0; i < count; i++) {
            const cpus = placed[i];
            if (!cpus) continue;
            const interrupt = interrupts[i];
            const amount = interrupt.count;
            if (interrupt.node.managed) {
                const base = Math.floor(amount / cpus.length);
                const extra = amount % cpus.length;
                for (let k = 0; k < cpus.length; k++) add(cpus[k], base + (k < extra ? 1 : 0), interrupt);
            } else if (includePinned && cpus.length === 1) {
                add(cpus[0], amount, interrupt);
            }
        }
    };
    // The totals of the fixed and pinned tallies in one run of the pinned feed (which also gives every fixed
    // amount, for managed interrupts), in the order each feed first gives a CPU an amount; the feeds run again
    // only for the contributions of an overflow.
    const fixed = new Map<number, number>();
    const pinned = new Map<number, number>();
    const addTo = (totals: Map<number, number>, cpu: number, amount: number): void => {
        if (amount > 0) totals.set(cpu, (totals.get(cpu) ?? 0) + amount);
    };
    perCpu(true)((cpu, amount, interrupt) => {
        addTo(pinned, cpu, amount);
        if (interrupt.node.managed) addTo(fixed, cpu, amount);
    });
    let all = 0;
    for (let i = 0; i < count; i++) if (interrupts[i].count > 0) all += interrupts[i].count;
    return {
        fixed: new Tally(perCpu(false), fixed),
        pinned: new Tally(perCpu(true), pinned),
        spread: new Tally(add => {
            for (let i = 0; i < count; i++) {
                const cpus = placed[i];
                const interrupt = interrupts[i];
                if (cpus && cpus.length > 1 && !interrupt.node.managed) add(cpus.join(','), interrupt.count, interrupt);
            }
        }),
        all: new Tally(add => {
            for (let i = 0; i < count; i++) add('all', interrupts[i].count, interrupts[i]);
        }, all > 0 ? new Map([['all', all]]) : new Map())
    };
}

/** Whether every CPU of `cpus` is below `limit`. */
function everyBelow(cpus: readonly number[], limit: number): boolean {
    for (let i = 0; i < cpus.length; i++) if (!(cpus[i] < limit)) return false;
    return true;
}

/** The ITT the ITS sizes for a device domain from its hwsize (or its interrupts when no size is written). */
function ittOf(leaf: ResolvedDomain): { itt: number; hwsize: number; declared: boolean; platform: boolean } {
    const declared = leaf.hwsize;
    const hwsize = declared ?? Math.max(1, leaf.demand);
    const platform = leaf.kind === 'device-msi' || (leaf.owner !== undefined && !leaf.owner.isPci) || leaf.owner?.node.deviceId === 0;
    return { itt: itsIttSize(hwsize, platform), hwsize, declared: declared !== undefined, platform };
}

/** Checks of §3.C; one method per rule. */
export class ResourceRules {
    /** R-PCI-MSI-SIZE (device part): MSI vector counts and MSI-X table sizes the hardware can have. */
    checkPciMsiSizeDevice(device: ResolvedDevice, out: RuleOutput): void {
        const vectors = device.node.msiVectors;
        if (vectors !== undefined && (vectors < 1 || vectors > PCI_MSI_MAX_VECTORS || !isPowerOfTwo(vectors))) {
            out.report({
                rule: 'R-PCI-MSI-SIZE', severity: 'error',
                message: `Device ${device.name} declares ${vectors} MSI vectors: the MSI capability holds a power of two from 1 to ${PCI_MSI_MAX_VECTORS} (pci_msi_vec_count()).`,
                at: { node: device.node, property: 'msiVectors' },
                data: { device: device.name, property: 'msiVectors', value: Math.min(PCI_MSI_MAX_VECTORS, roundUpPowerOfTwo(Math.max(1, vectors))) }
            });
        }
        const table = device.node.msixTable;
        if (table !== undefined && (table < 1 || table > PCI_MSIX_MAX_ENTRIES)) {
            out.report({
                rule: 'R-PCI-MSI-SIZE', severity: 'error',
                message: `Device ${device.name} declares an MSI-X table of ${table} entries: the PCI spec allows 1 to ${PCI_MSIX_MAX_ENTRIES}.`,
                at: { node: device.node, property: 'msixTable' }
            });
        }
    }

    /** R-PCI-MSI-SIZE (domain part): the interrupts fit the MSI/MSI-X size; no device domain above 65536 entries. */
    checkPciMsiSizeDomain(domain: ResolvedDomain, out: RuleOutput): void {
        const size = domain.node.size;
        if (domain.isDeviceDomain && size !== undefined && size > MSI_MAX_HWSIZE) {
            out.report({
                rule: 'R-PCI-MSI-SIZE', severity: 'error',
                message: `Device domain ${domain.name} has size ${size}: a per-device MSI domain indexes at most MSI_MAX_INDEX + 1 = ${MSI_MAX_HWSIZE} entries (__msi_create_irq_domain()).`,
                at: { node: domain.node, property: 'size' }
            });
        }
        if (domain.kind !== 'pci-msix' && domain.kind !== 'pci-msi') return;
        const hwsize = domain.hwsize;
        if (hwsize === undefined) return;
        const { needed, culprit } = indexesNeeded(domain);
        if (needed <= hwsize || !culprit) return;
        const msix = domain.kind === 'pci-msix';
        const device = domain.owner;
        const fromDevice = !!device && (msix ? device.node.msixTable : device.node.msiVectors) !== undefined;
        const value = msix ? needed : roundUpPowerOfTwo(needed);
        const limit = msix ? PCI_MSIX_MAX_ENTRIES : PCI_MSI_MAX_VECTORS;
        const holder = fromDevice
            ? { node: device!.node, property: msix ? 'msixTable' : 'msiVectors', message: `${device!.name}: ${msix ? 'MSI-X table' : 'MSI vectors'} ${hwsize}` }
            : { node: domain.node, property: 'size', message: `${domain.name}: size ${hwsize}` };
        out.report({
            rule: 'R-PCI-MSI-SIZE', severity: 'error',
            message: msix
                ? `${culprit.label} needs MSI-X entries up to index ${needed - 1} on ${domain.name}, but ${device ? `device ${device.name}` : domain.name} has a table of ${hwsize}: an MSI-X index must be below the table size (msi_insert_desc() returns -ERANGE).`
                : `${domain.name} needs ${needed} MSI vectors (up to ${culprit.label}), but ${device ? `device ${device.name}'s` : 'its'} MSI capability has ${hwsize}: the vectors of one MSI block are allocated together and cannot exceed it.`,
            at: { node: culprit.node, property: culprit.node.index !== undefined ? 'index' : 'domain' },
            related: [holder],
            data: value <= limit ? { device: fromDevice ? device!.name : undefined, domain: domain.name, property: fromDevice ? holder.property : 'size', value } : {}
        });
    }

    /** R-IMS-SLOTS: IMS slot indexes and counts fit the slot storage. */
    checkImsSlots(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isIms) return;
        const hwsize = domain.hwsize;
        if (hwsize === undefined) return;
        const { needed, culprit } = indexesNeeded(domain);
        if (needed <= hwsize || !culprit) return;
        const device = domain.owner;
        const fromDevice = device?.node.imsSlots !== undefined;
        out.report({
            rule: 'R-IMS-SLOTS', severity: 'error',
            message: `${culprit.label} needs IMS slots up to ${needed - 1} on ${domain.name}, but ${fromDevice ? `device ${device!.name} has` : 'the domain has'} ${hwsize} slots: an IMS index must be below the slot count (msi_domain_alloc_irq_at() refuses it).`,
            at: { node: culprit.node, property: culprit.node.index !== undefined ? 'index' : 'domain' },
            related: [fromDevice ? { node: device!.node, property: 'imsSlots', message: `${device!.name}: ${hwsize} IMS slots` } : { node: domain.node, property: 'size', message: `${domain.name}: size ${hwsize}` }],
            data: { device: fromDevice ? device!.name : undefined, domain: domain.name, property: fromDevice ? 'imsSlots' : 'size', value: needed }
        });
    }

    /** R-MULTI-MSI: more than one PCI MSI vector needs MULTI_PCI_MSI at the parent (x86 is R-IR-MULTI). */
    checkMultiMsi(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (domain.kind !== 'pci-msi' || !domain.chainOk || !parent || domain.demand <= 1 || parent.supports.has('MULTI_PCI_MSI')) return;
        if (domain.root?.kind === 'vector') return;
        out.report({
            rule: 'R-MULTI-MSI', severity: 'error',
            message: `${domain.name} asks for ${domain.demand} MSI vectors (${listNames(domain.interrupts.map(i => i.label))}), but its MSI parent ${parent.name} does not support MULTI_PCI_MSI (it supports ${listNames([...parent.supports]) || 'no restricted flags'}): the device gets a single vector.`,
            at: parentPlace(domain),
            related: [{ node: parent.node, property: parent.node.supports.length ? 'supports' : 'name', message: `${parent.name}: no MULTI_PCI_MSI` }]
        });
    }

    /**
     * R-HWIRQ-UNIQUE: no hwirq twice in one domain, none beyond the domain size. A global MSI domain encodes
     * the device in its hwirq (`pci_msi_domain_calc_hwirq()`), so indexes are per device there.
     */
    checkHwirqUnique(domain: ResolvedDomain, out: RuleOutput): void {
        if (domain.role === 'legacy-global-msi') {
            const byDevice = new Map<ResolvedDevice, ResolvedInterrupt[]>();
            for (const i of domain.interrupts) {
                const list = byDevice.get(i.device);
                if (list) list.push(i);
                else byDevice.set(i.device, [i]);
            }
            for (const interrupts of byDevice.values()) this.checkHwirqOverlaps(domain, interrupts, out);
            return;
        }
        this.checkHwirqOverlaps(domain, domain.interrupts, out);
    }

    /** Overlapping explicit indexes among `interrupts` (hwirq = index), and indexes beyond the domain size. */
    private checkHwirqOverlaps(domain: ResolvedDomain, interrupts: readonly ResolvedInterrupt[], out: RuleOutput): void {
        if (hwirqsFit(domain, interrupts)) return;
        const ranged: { i: ResolvedInterrupt; range: { from: number; to: number } }[] = [];
        let sorted = true;
        for (const i of interrupts) {
            const range = explicitRange(i);
            if (!range) continue;
            const previous = ranged[ranged.length - 1];
            if (previous && previous.range.from > range.from) sorted = false;
            ranged.push({ i, range });
        }
        if (ranged.length === 0) return;
        if (!sorted) ranged.sort((a, b) => a.range.from - b.range.from || a.i.order - b.i.order);
        let holder: { i: ResolvedInterrupt; range: { from: number; to: number } } | undefined;
        const firstFree = ranged.reduce((max, r) => Math.max(max, r.range.to + 1), 0);
        for (const entry of ranged) {
            if (holder && entry.range.from <= holder.range.to) {
                const [first, second] = holder.i.order < entry.i.order ? [holder, entry] : [entry, holder];
                const overlap = `${Math.max(first.range.from, second.range.from)}${Math.min(first.range.to, second.range.to) > Math.max(first.range.from, second.range.from) ? `..${Math.min(first.range.to, second.range.to)}` : ''}`;
                const hwsize = domain.hwsize;
                const fits = hwsize === undefined || firstFree + second.i.count <= hwsize;
                out.report({
                    rule: 'R-HWIRQ-UNIQUE', severity: 'error',
                    message: `${second.i.label} uses hwirq ${overlap} of ${domain.name}, which ${first.i.label} already maps: a hwirq maps to at most one Linux irq per domain (msi_domain_alloc() returns -EEXIST).`,
                    at: { node: second.i.node, property: 'index' },
                    related: [{ node: first.i.node, property: 'index', message: `${first.i.label} maps it first` }],
                    data: fits ? { index: firstFree } : {}
                });
            }
            if (!holder || entry.range.to > holder.range.to) holder = entry;
        }
        if (SIZED_ELSEWHERE.includes(domain.kind) || domain.isIms) return;
        const hwsize = domain.hwsize;
        if (hwsize === undefined) return;
        for (const { i, range } of ranged) {
            if (range.to < hwsize) continue;
            const sources = domain.node.sources !== undefined;
            out.report({
                rule: 'R-HWIRQ-UNIQUE', severity: 'error',
                message: `${i.label} uses hwirq ${range.to} of ${domain.name}, but the domain has ${sources ? `${domain.node.sources} sources (hwirq 1..${domain.node.sources})` : `${hwsize} entries (hwirq 0..${hwsize - 1})`}: the reverse map ends at hwirq_max.`,
                at: { node: i.node, property: 'index' },
                related: [{ node: domain.node, property: sources ? 'sources' : 'size', message: `${domain.name}: size` }],
                data: { domain: domain.name, property: sources ? 'sources' : 'size', value: sources ? range.to : range.to + 1 }
            });
        }
    }

    /** R-VECTORS: x86 vectors per CPU and in total. */
    checkVectors(topology: ResolvedTopology, out: RuleOutput): void {
        for (const vector of topology.domains.filter(d => d.kind === 'vector')) {
            const firstSystem = topology.option('first-system-vector');
            const window = vector.node.window ? { from: vector.node.window.from, to: vector.node.window.to ?? vector.node.window.from }
                : typeof firstSystem === 'number' ? { from: FIRST_EXTERNAL_VECTOR, to: firstSystem - 1 } : defaultVectorWindow(topology.kernel);
            const reservedRanges = vector.node.reserved.length > 0 ? vector.node.reserved.map(r => ({ from: r.from, to: r.to ?? r.from })) : [{ from: IA32_SYSCALL_VECTOR, to: IA32_SYSCALL_VECTOR }];
            const reservedVectors: number[] = [];
            for (let v = window.from; v <= window.to; v++) if (reservedRanges.some(r => v >= r.from && v <= r.to)) reservedVectors.push(v);
            const free = Math.max(0, window.to - window.from + 1 - reservedVectors.length);
            const reservedText = reservedVectors.length === 0 ? ''
                : reservedVectors.length <= 3 ? ` (${reservedVectors.map(hex).join(', ')} reserved)` : ` (${reservedVectors.length} reserved)`;
            const windowText = `${hex(window.from)}–${hex(window.to)}${reservedText}`;
            const users = topology.cached(`vector-users:${vector.name}`, () => topology.interrupts.filter(i => i.domain?.chainOk && i.domain.root === vector));
            this.perCpuResource(topology, users, out, {
                rule: 'R-VECTORS', unit: 'vectors', owner: vector, free, windowText,
                related: { node: vector.node, property: vector.node.window ? 'window' : 'name', message: `${vector.name}: device vectors ${windowText}` },
                fallbackWarning: true,
                reason: {
                    fixed: 'managed interrupts reserve their vector on every CPU of their mask and cannot move (-ENOSPC)',
                    pinned: 'non-managed interrupts then land outside their affinity ("Affinity broken due to vector space exhaustion")',
                    total: 'allocation fails with -ENOSPC'
                }
            });
        }
    }

    /** R-IMSIC-IDS: IMSIC IDs per hart and in total; nr_ids in range. */
    checkImsicIds(topology: ResolvedTopology, out: RuleOutput): void {
        for (const imsic of topology.domains.filter(d => d.kind === 'imsic')) {
            const ids = imsic.node.ids ?? IMSIC_DEFAULT_IDS;
            if (ids < IMSIC_MIN_IDS || ids > IMSIC_MAX_IDS) {
                out.report({
                    rule: 'R-IMSIC-IDS', severity: 'error',
                    message: `${imsic.name} declares ${ids} interrupt identities per hart: riscv,num-ids must be between ${IMSIC_MIN_IDS} and ${IMSIC_MAX_IDS}.`,
                    at: { node: imsic.node, property: 'ids' }
                });
                continue;
            }
            const ipi = !topology.optionEnabled('imsic-noipi');
            const free = ids - 1 - (ipi ? 1 : 0);
            const users = topology.interrupts.filter(i => i.domain?.chainOk && i.domain.root === imsic);
            const windowText = `IDs 1..${ids - 1}${ipi ? ', one for IPIs' : ''}`;
            this.perCpuResource(topology, users, out, {
                rule: 'R-IMSIC-IDS', unit: 'IDs', owner: imsic, free, windowText, cpuWord: 'hart',
                related: { node: imsic.node, property: imsic.node.ids !== undefined ? 'ids' : 'name', message: `${imsic.name}: ${windowText}` },
                fallbackWarning: false,
                reason: { fixed: 'each hart has one interrupt file', pinned: 'each hart has one interrupt file', total: 'allocation fails with -ENOSPC' }
            });
        }
    }

    private perCpuResource(topology: ResolvedTopology, users: readonly ResolvedInterrupt[], out: RuleOutput, spec: {
        rule: string; unit: string; owner: ResolvedDomain; free: number; windowText: string; cpuWord?: string;
        related: { node: AstNode; property: string; message: string }; fallbackWarning: boolean;
        reason: { fixed: string; pinned: string; total: string };
    }): void {
        const online = topology.onlineCpus;
        const demand = cpuDemand(users, topology);
        const cpuWord = spec.cpuWord ?? 'CPU';
        const emit = <K>(overflow: Overflow<ResolvedInterrupt, K>, severity: 'error' | 'warning', message: string) => {
            const target = reportTarget(overflow, interruptNode, n => out.isLocal(n));
            if (!target) return;
            out.report({ rule: spec.rule, severity, message, at: { node: target.node, property: 'domain' }, related: [spec.related] });
        };
        const ownerText = `${spec.owner.name} has ${spec.free} free in ${spec.windowText}`;
        const perCpuText = <K>(overflow: Overflow<ResolvedInterrupt, K>, where: string) => {
            const devices = new Set(overflow.contributions.map(c => c.item.device.name));
            return devices.size === 1
                ? `device ${[...devices][0]} asks for ${overflow.total} ${spec.unit} on ${where}, but ${ownerText}`
                : `${where} is asked for ${overflow.total} ${spec.unit} (${listNames(topContributors(overflow.contributions, deviceLabel))}), but ${ownerText}`;
        };
        const totalOverflow = demand.all.overflows(() => spec.free * online.length);
        for (const overflow of totalOverflow) {
            emit(overflow, 'error', `The topology needs ${overflow.total} ${spec.unit} on ${spec.owner.name} (${listNames(topContributors(overflow.contributions, deviceLabel))}), but ${online.length} online ${cpuWord}s × ${spec.free} free in ${spec.windowText} = ${overflow.capacity}: ${spec.reason.total}.`);
        }
        const fixedOver = demand.fixed.overflows(() => spec.free);
        for (const overflow of fixedOver) {
            emit(overflow, 'error', `${perCpuText(overflow, `${cpuWord} ${overflow.key}`)}: ${spec.reason.fixed}.`);
        }
        if (totalOverflow.length > 0) return;
        const fixedKeys = new Set(fixedOver.map(o => o.key));
        for (const overflow of demand.pinned.overflows(() => spec.free)) {
            if (fixedKeys.has(overflow.key)) continue;
            emit(overflow, spec.fallbackWarning ? 'warning' : 'error', `${perCpuText(overflow, `${cpuWord} ${overflow.key}`)}: ${spec.reason.pinned}.`);
        }
        for (const overflow of demand.spread.overflows(key => {
            const cpus = key.split(',');
            const pinnedThere = cpus.reduce((sum, cpu) => sum + demand.pinned.total(Number(cpu)), 0);
            return Math.max(0, spec.free * cpus.length - pinnedThere);
        })) {
            const cpus = overflow.key.split(',');
            emit(overflow, spec.fallbackWarning ? 'warning' : 'error', `${perCpuText(overflow, `${cpuWord}s ${cpus[0]}..${cpus[cpus.length - 1]}`)} per ${cpuWord} (${overflow.capacity} left there): ${spec.reason.pinned}.`);
        }
    }

    /** R-IRTE: IRTEs per remapping unit; multi-MSI blocks take a power of two. */
    checkIrte(topology: ResolvedTopology, out: RuleOutput): void {
        const units = new Map(topology.remappingUnits.map(u => [u.name, u]));
        if (units.size === 0) return;
        const tally = new Tally<ResolvedInterrupt>(add => {
            const charged = new Set<ResolvedDomain>();
            for (let i = 0; i < topology.interrupts.length; i++) {
                const interrupt = topology.interrupts[i];
                const leaf = interrupt.domain;
                const unit = leaf?.chainOk ? leaf.irUnit : undefined;
                if (!leaf || !unit) continue;
                if (leaf.kind !== 'pci-msi') add(unit.name, interrupt.count, interrupt);
                else if (!charged.has(leaf)) {
                    charged.add(leaf);
                    add(unit.name, roundUpPowerOfTwo(leaf.demand), interrupt);
                }
            }
        });
        const entriesOf = (unit: ResolvedDomain) => unit.node.entries ?? IRTE_ENTRIES;
        for (const overflow of tally.overflows(key => entriesOf(units.get(key)!))) {
            const unit = units.get(overflow.key)!;
            const target = reportTarget(overflow, interruptNode, n => out.isLocal(n));
            if (!target) continue;
            out.report({
                rule: 'R-IRTE', severity: 'error',
                message: `${unit.name} needs ${overflow.total} IRTEs (${listNames(topContributors(overflow.contributions, deviceLabel))}), but its remap table has ${overflow.capacity} entries: alloc_irte() fails (a multi-MSI block of n takes roundup_pow_of_two(n) aligned entries).`,
                at: { node: target.node, property: 'domain' },
                related: [{ node: unit.node, property: unit.node.entries !== undefined ? 'entries' : 'name', message: `${unit.name}: ${overflow.capacity} IRTEs` }]
            });
        }
    }

    /** R-LPI/ITT: ITT sizes per device domain, LPIs per ITS, EventIDs inside the ITT. */
    checkLpiItt(topology: ResolvedTopology, out: RuleOutput): void {
        for (const its of topology.domains.filter(d => d.kind === 'gic-its')) {
            const range = its.node.lpis ? { from: its.node.lpis.from, to: its.node.lpis.to ?? its.node.lpis.from } : { from: FIRST_LPI, to: LAST_LPI };
            const capacity = range.to - range.from + 1;
            const leaves = its.children.filter(leaf => leaf.isMsiLeaf && leaf.chainOk);
            for (const leaf of leaves) {
                if (!leaf.isDeviceDomain) continue;
                const { itt, hwsize, declared, platform } = ittOf(leaf);
                this.checkEventIds(leaf, itt, out);
                if (declared && itt > hwsize) {
                    out.report({
                        rule: 'R-LPI/ITT', severity: 'info',
                        message: `${its.name} reserves an ITT of ${itt} entries (and ${itt} LPIs) for ${leaf.name}'s ${hwsize} entries: its_create_device() rounds up to a power of two${platform ? ', at least 32 for platform devices and DeviceID 0' : ''}; ${itt - hwsize} stay unused.`,
                        at: { node: leaf.node, property: 'name' }
                    });
                }
            }
            const tally = new Tally<{ node: AstNode; property: string; label: string }>(add => {
                for (const leaf of leaves) {
                    if (leaf.isDeviceDomain) {
                        add('lpi', ittOf(leaf).itt, { node: leaf.node, property: 'name', label: leaf.owner?.name ?? leaf.name });
                        continue;
                    }
                    const perDevice = new Map<ResolvedDevice, { count: number; first: ResolvedInterrupt }>();
                    for (const i of leaf.interrupts) {
                        const entry = perDevice.get(i.device);
                        if (entry) entry.count += i.count;
                        else perDevice.set(i.device, { count: i.count, first: i });
                    }
                    for (const [device, { count, first }] of perDevice) add('lpi', itsIttSize(count, true), { node: first.node, property: 'domain', label: device.name });
                }
            });
            for (const overflow of tally.overflows(() => capacity)) {
                const target = reportTarget(overflow, item => item.node, n => out.isLocal(n));
                if (!target) continue;
                out.report({
                    rule: 'R-LPI/ITT', severity: 'error',
                    message: `The device ITTs under ${its.name} need ${overflow.total} LPIs (${listNames(topContributors(overflow.contributions, item => item.label))}), but its LPI range ${range.from}–${range.to} has ${capacity}: its_lpi_alloc() fails.`,
                    at: { node: target.node, property: target.property },
                    related: [{ node: its.node, property: its.node.lpis ? 'lpis' : 'name', message: `${its.name}: LPIs ${range.from}–${range.to}` }]
                });
            }
        }
    }

    private checkEventIds(leaf: ResolvedDomain, itt: number, out: RuleOutput): void {
        for (const interrupt of leaf.interrupts) {
            if (interrupt.node.indexKind !== 'event' || interrupt.node.index === undefined) continue;
            const last = interrupt.node.index + interrupt.count - 1;
            if (last < itt) continue;
            out.report({
                rule: 'R-LPI/ITT', severity: 'error',
                message: `${interrupt.label} uses EventID ${last} on ${leaf.name}, but the device's ITT has ${itt} entries (EventID 0..${itt - 1}): the ITS drops events outside the ITT.`,
                at: { node: interrupt.node, property: 'index' },
                related: [{ node: leaf.node, property: 'name', message: `${leaf.name}: ITT of ${itt}` }]
            });
        }
    }
}
