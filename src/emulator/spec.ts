// SystemSpec: the plain-data (JSON-serialisable) description of a topology and its scenarios.
// Produced by the elaborator from the DSL (or built by hand in tests); consumed by Machine.instantiate().

import type { DomainKind } from '../kernel/model.js';

/** A source range in a `.irq` file; every spec element may carry one so events map back to lines. */
export interface SourceLoc {
    uri: string;
    /** 1-based line. */
    line: number;
    /** 1-based column. */
    column: number;
    endLine: number;
    endColumn: number;
}

/** Architectures the emulator knows. */
export type Arch = 'x86_64' | 'arm64' | 'riscv64';

/** Domain kinds (the DSL's `DomainKind`, defined once in src/kernel); each has kernel defaults in kind-defaults.ts. */
export type { DomainKind } from '../kernel/model.js';

/** Canonical irq_chip callback names (see normalizeChipOp() for accepted aliases such as `irq_mask`). */
export type ChipOp =
    | 'mask' | 'unmask' | 'ack' | 'eoi' | 'mask_ack'
    | 'set_affinity' | 'compose' | 'write' | 'retrigger' | 'set_type' | 'set_vcpu_affinity'
    | 'startup' | 'shutdown' | 'enable' | 'disable' | 'bus_lock' | 'bus_sync_unlock';

/** All canonical chip ops, in a stable order. */
export const CHIP_OPS: readonly ChipOp[] = [
    'mask', 'unmask', 'ack', 'eoi', 'mask_ack', 'set_affinity', 'compose', 'write', 'retrigger',
    'set_type', 'set_vcpu_affinity', 'startup', 'shutdown', 'enable', 'disable', 'bus_lock', 'bus_sync_unlock'
];

/**
 * How a callback is provided: `self` = implemented at this level, `parent` = `irq_chip_*_parent`
 * delegation to the immediate parent, `none` = absent, `platform` = a per-device platform indirection
 * (legacy platform-MSI `write_msi_msg`), `level` = delegated to the named level `target`
 * (a layering violation R-DELEGATE-PARENT-ONLY flags; the emulator still executes it).
 */
export type CallbackMode = 'self' | 'parent' | 'none' | 'platform' | 'level';

/** One chip or domain callback. */
export interface CallbackSpec {
    mode: CallbackMode;
    /** Domain name when mode is `level`. */
    target?: string;
    /** Kernel function name to print (defaults come from kind-defaults.ts). */
    function?: string;
    loc?: SourceLoc;
}

/** An irq chip (`struct irq_chip`) for one domain level. Missing callbacks take the kind defaults. */
export interface ChipSpec {
    name?: string;
    callbacks?: Partial<Record<ChipOp, CallbackSpec>>;
    /** IRQCHIP_* flag names, with or without the `IRQCHIP_` prefix. When given, replaces the defaults. */
    flags?: string[];
    loc?: SourceLoc;
}

/** An inclusive numeric range. */
export interface RangeSpec {
    from: number;
    to?: number;
    loc?: SourceLoc;
}

/** Per-layer resources a domain owns (only the ones meaningful for its kind are used). */
export interface DomainResources {
    /** x86 vector window [from, to] (inclusive); default [0x20, firstSystemVector-1]. */
    vectorWindow?: RangeSpec;
    /** Vectors that are system/reserved inside the window (e.g. 0x80). */
    reservedVectors?: RangeSpec[];
    /** IRTE count of an IR unit (default 65536), or the pin count of an IO-APIC. */
    entries?: number;
    /** GICv3 ITS LPI range (default 8192..65535). */
    lpis?: RangeSpec;
    /** IMSIC `riscv,num-ids` per hart (default 255). */
    ids?: number;
    /** APLIC source count (default 96). */
    sources?: number;
    /** Doorbell / frame base address: ITS base, IMSIC hart-0 page, HPET/APLIC base. */
    address?: number;
    /** hwirq space size (`size` in the DSL): MSI-X/IMS table size etc. */
    size?: number;
    loc?: SourceLoc;
}

/** An irq domain (`struct irq_domain`). */
export interface DomainSpec {
    /** DSL name, unique in the topology; scenarios and expectations refer to domains by it. */
    name: string;
    /** Kernel name (`irq_domain->name`); computed by kernelDomainName() when absent. */
    kernelName?: string;
    kind: DomainKind;
    /** The single parent (DSL name); absent for roots. */
    parent?: string;
    /** Chained attachment (S-19): the CPU-level domain whose interrupt demultiplexes this one. */
    chainedTo?: string;
    /** The cause / hwirq at chainedTo that carries the cascade (RISC-V S-external = 9). */
    chainedCause?: number;
    /** Owning device for per-device domains. */
    device?: string;
    /** Bus token name (e.g. DOMAIN_BUS_PCI_DEVICE_MSIX or PCI_DEVICE_MSIX); default from the kind. */
    busToken?: string;
    /** hwirq encoding label (informational, e.g. `irte`, `lpi`, `index`). */
    hwirqEncoding?: string;
    /** IRQ_DOMAIN_FLAG_* names (added to the defaults). */
    flags?: string[];
    /** MSI_FLAG_* names (added to the defaults, e.g. PCI_MSI_MASK_PARENT). */
    msiFlags?: string[];
    /** MSI parent prefix (e.g. "IR-", "ITS-"). */
    prefix?: string;
    /** Bus tokens accepted from children (msi_parent_ops bus_select_mask). */
    accepts?: string[];
    /** msi_parent_ops supported_flags. */
    supports?: string[];
    /** msi_parent_ops required_flags. */
    requires?: string[];
    resources?: DomainResources;
    /** msi_desc data the domain keeps (informational, R-MSIDESC-NO-DRIVERDATA). */
    descData?: string[];
    /** Who allocates IMS slots (R-SLOT-IN-DOMAIN); default `domain`. */
    slotAlloc?: 'driver' | 'domain';
    /** Domain ops (`alloc`, `free`, `activate`, `deactivate`, ...). `activate: none` skips this level's activate. */
    ops?: Record<string, CallbackSpec>;
    chip?: ChipSpec;
    loc?: SourceLoc;
}

/** A device: a PCI function or a platform device with its message storage. */
export interface DeviceSpec {
    name: string;
    /** PCI bus/device/function "0000:03:00.0". */
    pci?: string;
    /** Platform device name. */
    platform?: string;
    /** IR domain (DSL name) the device sits behind (R-IR-UNIT). */
    behind?: string;
    assigned?: 'host' | 'vfio' | 'guest' | 'siov';
    /** ITS DeviceID (default: PCI requester id; 0 for platform devices unless given). */
    deviceId?: number;
    /** MSI capability: vector count (1..32) and per-vector masking. */
    msi?: { vectors: number; maskable?: boolean; loc?: SourceLoc };
    /** MSI-X table size (1..2048). */
    msix?: { tableSize: number; loc?: SourceLoc };
    /** IMS slot storage. */
    ims?: { slots: number; storage?: 'mmio' | 'queue'; loc?: SourceLoc };
    loc?: SourceLoc;
}

/** Trigger types of the DSL. */
export type Trigger = 'edge' | 'edge-rising' | 'edge-falling' | 'level' | 'level-high' | 'level-low';

/** A device interrupt or an array of them (`rx[8]`). */
export interface InterruptSpec {
    /** Qualified name, e.g. "nic0.rx". */
    name: string;
    /** Owning device name (the qualifier), if any. */
    device?: string;
    /** Array size; absent = a single interrupt. Element k uses index + k. */
    count?: number;
    /** Leaf domain (DSL name). */
    domain: string;
    /** Index (MSI-X entry, IMS slot, IO-APIC pin, APLIC source, ITS event); absent with anyIndex = first free. */
    index?: number;
    indexKind?: 'index' | 'slot' | 'pin' | 'source' | 'event';
    anyIndex?: boolean;
    trigger?: Trigger;
    /** Flow handler name, e.g. handle_edge_irq; default from the leaf kind (the leaf wins, S-17). */
    flow?: string;
    /** Requested affinity CPU list. */
    affinity?: number[];
    /** Managed affinity (S-12). */
    managed?: boolean;
    threaded?: boolean;
    oneshot?: boolean;
    nmi?: boolean;
    /** Instance cookie (e.g. PASID) for IMS/device-MSI. */
    cookie?: number;
    loc?: SourceLoc;
}

/** Reference to one interrupt (or one array element). */
export interface IrqRef {
    irq: string;
    element?: number;
}

/** The per-irq actions of a scenario. */
export type IrqAction =
    | 'allocate' | 'activate' | 'request' | 'raise' | 'mask' | 'unmask'
    | 'disable' | 'enable' | 'free' | 'retrigger' | 'deactivate';

/** `allocate x`, `raise x times 3`, ... */
export interface IrqStep {
    kind: 'irq';
    action: IrqAction;
    target: IrqRef;
    times?: number;
    /** raise only: the device raises again this many times while the handler runs (S-6). */
    duringHandler?: number;
    loc?: SourceLoc;
}

/** `set-affinity x cpus 1..3`. */
export interface AffinityStep {
    kind: 'set-affinity';
    target: IrqRef;
    cpus: number[];
    loc?: SourceLoc;
}

/** `cpu 2 offline`. */
export interface CpuStep {
    kind: 'cpu';
    cpu: number;
    state: 'offline' | 'online';
    loc?: SourceLoc;
}

/** `post x to vcpu 1 vector 0x41` (irq_set_vcpu_affinity). */
export interface PostStep {
    kind: 'post';
    target: IrqRef;
    vcpu: number;
    vector: number;
    loc?: SourceLoc;
}

/** `unpost x` (irq_set_vcpu_affinity(irq, NULL)). */
export interface UnpostStep {
    kind: 'unpost';
    target: IrqRef;
    loc?: SourceLoc;
}

/**
 * A raw hardware message write (not in the DSL): a stale or forged MSI landing on the platform,
 * e.g. a device that latched an old message (S-22). requester = PCI requester id / ITS DeviceID.
 */
export interface InjectStep {
    kind: 'inject';
    addressLo: number;
    addressHi?: number;
    data: number;
    requester?: number;
    /** The device name the write comes from (IR unit / ITS DeviceID lookup). */
    device?: string;
    loc?: SourceLoc;
}

/** Core/hardware states an expectation can test. */
export type IrqStateName =
    | 'pending' | 'masked' | 'disabled' | 'started' | 'activated' | 'allocated' | 'shutdown' | 'posted'
    | 'move-pending';

/** `expect [not] delivered x [to cpu N] [vector V]`: evaluated on the previous non-expect step. */
export interface ExpectDelivered {
    kind: 'delivered';
    target: IrqRef;
    negated?: boolean;
    cpu?: number;
    vector?: number;
}

/** `expect x [not] masked [at LEVEL]`. Without a level: core state; with a level: that level's hardware bit. */
export interface ExpectState {
    kind: 'state';
    target: IrqRef;
    negated?: boolean;
    state: IrqStateName;
    level?: string;
}

/** `expect message x address A address-hi H data D`: the message currently in the device storage. */
export interface ExpectMessage {
    kind: 'message';
    target: IrqRef;
    address?: number;
    addressHi?: number;
    data?: number;
}

/** `expect writes x N`: device message writes for this interrupt so far. */
export interface ExpectWrites {
    kind: 'writes';
    target: IrqRef;
    count: number;
}

/** `expect error -ENOSPC` / `expect ok`: the result of the previous non-expect step. */
export interface ExpectResult {
    kind: 'result';
    errno?: string;
    ok?: boolean;
}

/** `expect x on cpu N [vector V]`: the current route (effective CPU and vector/ID/LPI). */
export interface ExpectRoute {
    kind: 'route';
    target: IrqRef;
    cpu: number;
    vector?: number;
}

/** `expect hwirq x at LEVEL V`. */
export interface ExpectHwirq {
    kind: 'hwirq';
    target: IrqRef;
    level: string;
    value: number;
}

/** Any expectation. */
export type Expectation =
    | ExpectDelivered | ExpectState | ExpectMessage | ExpectWrites | ExpectResult | ExpectRoute | ExpectHwirq;

/** An expectation as a scenario step. */
export interface ExpectStep {
    kind: 'expect';
    expect: Expectation;
    loc?: SourceLoc;
}

/** One scenario statement. */
export type Step = IrqStep | AffinityStep | CpuStep | PostStep | UnpostStep | InjectStep | ExpectStep;

/** A named sequence of steps. */
export interface ScenarioSpec {
    name: string;
    steps: Step[];
    loc?: SourceLoc;
}

/** A CPU with a non-default APIC/hart id or starting offline. */
export interface CpuSpec {
    index: number;
    apicId?: number;
    offline?: boolean;
    loc?: SourceLoc;
}

/**
 * Options where the kernel leaves a choice or a configuration (kernel-irq.md §8 open points).
 * Every option has a documented default (see resolveOptions() in topology.ts).
 */
export interface SystemOptions {
    /**
     * S-7 polarity: `code` (default) follows v6.17 `msi_set_affinity()` as written (reservation-mode /
     * maskable MSIs take the two-write path); `comment` follows its comment and b56ebe7c896d (maskable =
     * direct single write, non-maskable = two writes); `always-direct` never does the intermediate write.
     */
    msiMovePolicy?: 'code' | 'comment' | 'always-direct';
    /** FIRST_SYSTEM_VECTOR: default 0xEB for kernel >= 6.10 (posted-MSI), else 0xEC. */
    firstSystemVector?: number;
    /** First Linux irq number handed out (default x86_64 24, arm64 20, riscv64 10). */
    firstIrq?: number;
    /** x86 reservation mode for non-managed maskable PCI MSI/MSI-X (default true, S-10). */
    reservationMode?: boolean;
    /** IMSIC: do not reserve ID 1 for IPIs (`irqchip.riscv_imsic_noipi`; default false). */
    imsicNoIpi?: boolean;
    /** Disable depth behaviour: `lazy` (default, S-8) or `unlazy` (IRQ_DISABLE_UNLAZY on every irq). */
    disable?: 'lazy' | 'unlazy';
    /** Event limit for one execute()/run (default 100000); exceeding it stops with a `fault`. */
    eventLimit?: number;
    /** Extra options the elaborator passes through (`option NAME VALUE`). */
    [name: string]: string | number | boolean | undefined;
}

/** The whole machine description. */
export interface SystemSpec {
    /** Topology name. */
    name: string;
    arch: Arch;
    /** Kernel version string, e.g. "6.17". */
    kernel?: string;
    /** CPU count (default 4). */
    cpuCount?: number;
    cpus?: CpuSpec[];
    options?: SystemOptions;
    /** Source locations of the `option` statements, by option name. */
    optionLocs?: Record<string, SourceLoc>;
    domains: DomainSpec[];
    devices: DeviceSpec[];
    interrupts: InterruptSpec[];
    scenarios: ScenarioSpec[];
    loc?: SourceLoc;
}

/** Accepted aliases for chip op names (DSL users write kernel-ish names). */
const CHIP_OP_ALIASES: Record<string, ChipOp> = {
    irq_mask: 'mask', irq_unmask: 'unmask', irq_ack: 'ack', irq_eoi: 'eoi', irq_mask_ack: 'mask_ack',
    irq_set_affinity: 'set_affinity', affinity: 'set_affinity', 'set-affinity': 'set_affinity',
    irq_compose_msi_msg: 'compose', compose_msi_msg: 'compose', 'compose-msi-msg': 'compose',
    irq_write_msi_msg: 'write', write_msi_msg: 'write', 'write-msi-msg': 'write',
    irq_retrigger: 'retrigger', irq_set_type: 'set_type', 'set-type': 'set_type',
    irq_set_vcpu_affinity: 'set_vcpu_affinity', 'set-vcpu-affinity': 'set_vcpu_affinity',
    irq_startup: 'startup', irq_shutdown: 'shutdown', irq_enable: 'enable', irq_disable: 'disable',
    irq_bus_lock: 'bus_lock', irq_bus_sync_unlock: 'bus_sync_unlock', 'bus-lock': 'bus_lock',
    'bus-sync-unlock': 'bus_sync_unlock', 'mask-ack': 'mask_ack'
};

/** Maps a DSL callback name (`irq_mask`, `compose_msi_msg`, `mask`...) to a canonical ChipOp, or undefined. */
export function normalizeChipOp(name: string): ChipOp | undefined {
    if ((CHIP_OPS as readonly string[]).includes(name)) return name as ChipOp;
    return CHIP_OP_ALIASES[name] ?? CHIP_OP_ALIASES[name.replace(/-/g, '_')];
}
