// Kernel defaults per domain kind as the machine needs them, derived from src/kernel/model.ts (the one source
// of truth also behind validation and hover) plus the emulator-only facts: message storage and chip op names.

import {
    CHIP_FLAGS, HWIRQ_ENCODINGS, KINDS, effectiveKindDefaults, type DomainRole, type EffectiveKindDefaults
} from '../kernel/model.js';
import { normalizeChipOp, type Arch, type CallbackSpec, type ChipOp, type DomainKind } from './spec.js';

export type { DomainRole } from '../kernel/model.js';

/** Flow handlers the machine implements (others fall back to edge/fasteoi by trigger). */
export type FlowName =
    | 'handle_edge_irq' | 'handle_fasteoi_irq' | 'handle_level_irq' | 'handle_fasteoi_ack_irq'
    | 'handle_fasteoi_mask_irq' | 'handle_percpu_devid_irq' | 'handle_simple_irq';

/** Where a leaf stores its message. */
export type StorageKind = 'msix' | 'msi' | 'ims' | 'reg' | 'aplic' | 'rte' | 'none';

/** Order in which a level completes its own allocation relative to its parent (§2.2c). */
export type AllocOrder = 'parent-first' | 'self-first';

/** Everything the kernel would decide for a kind when the user says nothing. */
export interface KindDefaults {
    kind: DomainKind;
    role: DomainRole;
    chipName: string;
    /** The model's chip callbacks that are machine chip ops (others, e.g. `nmi_setup`, are not modelled). */
    callbacks: Partial<Record<ChipOp, CallbackSpec>>;
    chipFlags: string[];
    /** Flow handler of an edge-triggered interrupt on this level. */
    flow: FlowName;
    /** Flow handler of a level-triggered interrupt on this level. */
    levelFlow: FlowName;
    busToken: string;
    /** IRQ_DOMAIN_FLAG_* names: the model's plus the core's HIERARCHY and NAME_ALLOCATED. */
    domainFlags: string[];
    msiFlags: string[];
    /** MSI parent prefix for child device domain names. */
    prefix: string;
    allocOrder: AllocOrder;
    /** Kernel function names of the domain ops. */
    domainOps: { alloc: string; free: string; activate?: string; deactivate?: string };
    /** hwirq encoding, for hover/trace text (S-23). */
    hwirq: string;
    storage: StorageKind;
    /** Does this level mark every irq IRQD_HANDLE_ENFORCE_IRQCTX (x86 vector, GICv3)? */
    enforceIrqCtx: boolean;
}

/** Context a level's defaults depend on (the parent decides, `init_dev_msi_info`). */
export interface KindContext {
    arch: Arch;
    /** Kind of the immediate parent. */
    parentKind?: DomainKind;
    /** Kinds of all ancestors, immediate parent first (finds the deciding MSI parent above an IR unit). */
    ancestors?: readonly DomainKind[];
}

/** Flow handler names accepted in the DSL (others are kept as text and run as edge/fasteoi by trigger). */
export const FLOWS: readonly FlowName[] = [
    'handle_edge_irq', 'handle_fasteoi_irq', 'handle_level_irq', 'handle_fasteoi_ack_irq',
    'handle_fasteoi_mask_irq', 'handle_percpu_devid_irq', 'handle_simple_irq'
];

/** Message storage of the MSI leaf and wired kinds (an emulator notion: which device table a write lands in). */
const STORAGE: Partial<Record<DomainKind, StorageKind>> = {
    'pci-msix': 'msix', 'pci-msi': 'msi', 'global-pci-msi': 'msi', ims: 'ims', 'aplic-msi': 'aplic', ioapic: 'rte',
    'device-msi': 'reg', 'platform-msi': 'reg', 'dev-msi': 'reg', 'hpet-msi': 'reg', 'dmar-msi': 'reg', custom: 'reg'
};

/**
 * IRQ_DOMAIN_NAME_ALLOCATED: `irq_domain_set_name()` (kernel/irq/irqdomain.c) allocates every name it builds
 * (named fwnodes are copied, firmware nodes printed, bus-token suffixes appended); the real q35 6.12 dump shows
 * it on VECTOR, IO-APIC-0, HPET-MSI-0 and every per-device domain.
 */
const CORE_DOMAIN_FLAGS = ['HIERARCHY', 'NAME_ALLOCATED'];

/** True for the per-device / global MSI leaf kinds that store a message in device storage. */
export function isMsiLeafKind(kind: DomainKind): boolean {
    const role = KINDS[kind].role;
    return role === 'per-device' || role === 'legacy-global-msi' || role === 'msi-leaf' || kind === 'custom';
}

/** True for PCI device domains (MSI_FLAG_ACTIVATE_EARLY, S-11). */
export function isPciLeafKind(kind: DomainKind): boolean {
    return KINDS[kind].pci === true || kind === 'global-pci-msi';
}

/** True for x86 interrupt-remapping kinds. */
export function isIrKind(kind: DomainKind | undefined): boolean {
    return kind !== undefined && KINDS[kind].remapping === true;
}

function flowName(name: string | undefined): FlowName {
    return name !== undefined && (FLOWS as readonly string[]).includes(name) ? name as FlowName : 'handle_edge_irq';
}

/** The model's chip callbacks as machine chip ops (`compose_msi_msg` → `compose`, `write_msi_msg` → `write`). */
function chipOps(effective: EffectiveKindDefaults): Partial<Record<ChipOp, CallbackSpec>> {
    const out: Partial<Record<ChipOp, CallbackSpec>> = {};
    for (const [name, cb] of Object.entries(effective.chip.callbacks)) {
        const op = normalizeChipOp(name);
        if (op) out[op] = { mode: cb.mode, function: cb.fn };
    }
    return out;
}

/** The kernel defaults of `kind` in context `ctx`: the model's effective defaults in the machine's terms. */
export function kindDefaults(kind: DomainKind, ctx: KindContext): KindDefaults {
    const ancestors = ctx.ancestors ?? (ctx.parentKind ? [ctx.parentKind] : []);
    const e = effectiveKindDefaults(kind, ancestors);
    return {
        kind, role: e.role, chipName: e.chip.name, callbacks: chipOps(e),
        chipFlags: CHIP_FLAGS.filter(f => e.chip.flags.includes(f)),
        flow: flowName(e.flow), levelFlow: flowName(e.levelFlow ?? e.flow),
        busToken: e.busToken, domainFlags: [...CORE_DOMAIN_FLAGS, ...e.flags], msiFlags: [...e.msiFlags], prefix: e.prefix,
        allocOrder: e.allocOrder,
        domainOps: {
            alloc: e.ops.alloc?.fn ?? 'irq_domain_alloc_irqs_parent', free: e.ops.free?.fn ?? 'irq_domain_free_irqs_top',
            activate: e.ops.activate?.fn, deactivate: e.ops.deactivate?.fn
        },
        hwirq: HWIRQ_ENCODINGS[e.hwirq] ?? e.hwirq, storage: STORAGE[kind] ?? 'none', enforceIrqCtx: e.enforceIrqCtx
    };
}

/** Kernel function names of the generic helpers the trace prints for delegations and core steps. */
export const DELEGATE_FN: Record<ChipOp, string> = {
    mask: 'irq_chip_mask_parent', unmask: 'irq_chip_unmask_parent', ack: 'irq_chip_ack_parent',
    eoi: 'irq_chip_eoi_parent', mask_ack: 'irq_chip_mask_ack_parent', set_affinity: 'irq_chip_set_affinity_parent',
    compose: 'irq_chip_compose_msi_msg', write: 'irq_chip_write_msi_msg', retrigger: 'irq_chip_retrigger_hierarchy',
    set_type: 'irq_chip_set_type_parent', set_vcpu_affinity: 'irq_chip_set_vcpu_affinity_parent',
    startup: 'irq_startup', shutdown: 'irq_shutdown', enable: 'irq_chip_enable_parent', disable: 'irq_chip_disable_parent',
    bus_lock: 'irq_bus_lock', bus_sync_unlock: 'irq_bus_sync_unlock'
};
