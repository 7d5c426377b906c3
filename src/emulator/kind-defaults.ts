// Kernel defaults per domain kind: chip callbacks with their kernel function names, IRQCHIP/domain/MSI
// flags, flow handler, bus token and allocation order, so the elaborator and the machine can fill gaps.

import type { Arch, CallbackSpec, ChipOp, DomainKind } from './spec.js';

/** Flow handlers the machine implements (others fall back to edge/fasteoi by trigger). */
export type FlowName =
    | 'handle_edge_irq' | 'handle_fasteoi_irq' | 'handle_level_irq' | 'handle_fasteoi_ack_irq'
    | 'handle_fasteoi_mask_irq' | 'handle_percpu_devid_irq' | 'handle_simple_irq';

/** Role of a domain in the hierarchy. */
export type DomainRole = 'root' | 'msi-parent' | 'device' | 'wired' | 'global-msi';

/** Where a leaf stores its message. */
export type StorageKind = 'msix' | 'msi' | 'ims' | 'reg' | 'aplic' | 'rte' | 'none';

/** Order in which a level completes its own allocation relative to its parent (§2.2c). */
export type AllocOrder = 'parent-first' | 'self-first';

/** Everything the kernel would decide for a kind when the user says nothing. */
export interface KindDefaults {
    kind: DomainKind;
    role: DomainRole;
    chipName: string;
    callbacks: Partial<Record<ChipOp, CallbackSpec>>;
    chipFlags: string[];
    flow: FlowName;
    busToken: string;
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

/** Context a leaf's defaults depend on (the parent decides, `init_dev_msi_info`). */
export interface KindContext {
    arch: Arch;
    /** Kind of the immediate parent. */
    parentKind?: DomainKind;
}

const self = (fn: string): CallbackSpec => ({ mode: 'self', function: fn });
const parent = (fn: string): CallbackSpec => ({ mode: 'parent', function: fn });

function base(kind: DomainKind, role: DomainRole, chipName: string): KindDefaults {
    return {
        kind, role, chipName, callbacks: {}, chipFlags: [], flow: 'handle_edge_irq', busToken: 'ANY',
        domainFlags: ['HIERARCHY'], msiFlags: [], prefix: '', allocOrder: 'parent-first',
        domainOps: { alloc: 'irq_domain_alloc_irqs_parent', free: 'irq_domain_free_irqs_common' },
        hwirq: 'hwirq', storage: 'none', enforceIrqCtx: false
    };
}

/** True for the per-device / global MSI leaf kinds that store a message in device storage. */
export function isMsiLeafKind(kind: DomainKind): boolean {
    return kind === 'pci-msi' || kind === 'pci-msix' || kind === 'ims' || kind === 'device-msi'
        || kind === 'global-pci-msi' || kind === 'platform-msi' || kind === 'dev-msi' || kind === 'hpet-msi'
        || kind === 'dmar-msi' || kind === 'aplic-msi';
}

/** True for PCI device domains (MSI_FLAG_ACTIVATE_EARLY, S-11). */
export function isPciLeafKind(kind: DomainKind): boolean {
    return kind === 'pci-msi' || kind === 'pci-msix' || kind === 'global-pci-msi';
}

/** True for x86 interrupt-remapping kinds. */
export function isIrKind(kind: DomainKind | undefined): boolean {
    return kind === 'intel-ir' || kind === 'amd-ir';
}

/** The kernel defaults of `kind` in context `ctx`. */
export function kindDefaults(kind: DomainKind, ctx: KindContext): KindDefaults {
    switch (kind) {
        case 'vector': {
            const d = base(kind, 'root', 'APIC');
            d.callbacks = {
                ack: self('apic_ack_edge'), set_affinity: self('apic_set_affinity'),
                compose: self('x86_vector_msi_compose_msg'), retrigger: self('apic_retrigger_irq')
            };
            d.domainFlags = ['HIERARCHY', 'NAME_ALLOCATED', 'MSI_PARENT'];
            d.domainOps = { alloc: 'x86_vector_alloc_irqs', free: 'x86_vector_free_irqs', activate: 'x86_vector_activate', deactivate: 'x86_vector_deactivate' };
            d.hwirq = 'Linux irq number';
            d.enforceIrqCtx = true;
            return d;
        }
        case 'intel-ir':
        case 'amd-ir': {
            const intel = kind === 'intel-ir';
            const d = base(kind, 'msi-parent', intel ? 'INTEL-IR' : 'AMD-IR');
            d.callbacks = {
                ack: self('apic_ack_irq'),
                set_affinity: self(intel ? 'intel_ir_set_affinity' : 'amd_ir_set_affinity'),
                compose: self(intel ? 'intel_ir_compose_msi_msg' : 'ir_compose_msi_msg'),
                set_vcpu_affinity: self(intel ? 'intel_ir_set_vcpu_affinity' : 'amd_ir_set_vcpu_affinity')
            };
            d.busToken = intel ? 'DMAR' : 'AMDVI';
            d.prefix = 'IR-';
            d.domainFlags = ['HIERARCHY', 'NAME_ALLOCATED', 'MSI_PARENT', 'ISOLATED_MSI'];
            d.domainOps = intel
                ? { alloc: 'intel_irq_remapping_alloc', free: 'intel_irq_remapping_free', activate: 'intel_irq_remapping_activate', deactivate: 'intel_irq_remapping_deactivate' }
                : { alloc: 'irq_remapping_alloc', free: 'irq_remapping_free', activate: 'irq_remapping_activate', deactivate: 'irq_remapping_deactivate' };
            d.hwirq = intel ? 'irte_index << 16 | sub_handle' : 'irte index';
            return d;
        }
        case 'gic-v3': {
            const d = base(kind, 'root', 'GICv3');
            d.callbacks = {
                mask: self('gic_mask_irq'), unmask: self('gic_unmask_irq'), eoi: self('gic_eoi_irq'),
                set_type: self('gic_set_type'), set_affinity: self('gic_set_affinity'), retrigger: self('gic_retrigger')
            };
            d.chipFlags = ['SET_TYPE_MASKED', 'SKIP_SET_WAKE', 'MASK_ON_SUSPEND'];
            d.flow = 'handle_fasteoi_irq';
            d.domainOps = { alloc: 'gic_irq_domain_alloc', free: 'gic_irq_domain_free' };
            d.hwirq = 'GIC INTID';
            d.enforceIrqCtx = true;
            return d;
        }
        case 'gic-its': {
            const d = base(kind, 'msi-parent', 'ITS');
            d.callbacks = {
                mask: self('its_mask_irq'), unmask: self('its_unmask_irq'), eoi: parent('irq_chip_eoi_parent'),
                set_affinity: self('its_set_affinity'), compose: self('its_irq_compose_msi_msg'),
                retrigger: self('its_irq_retrigger'), set_vcpu_affinity: self('its_irq_set_vcpu_affinity')
            };
            d.busToken = 'NEXUS';
            d.prefix = 'ITS-';
            d.flow = 'handle_fasteoi_irq';
            d.domainFlags = ['HIERARCHY', 'NAME_ALLOCATED', 'MSI_PARENT'];
            d.allocOrder = 'self-first';
            d.domainOps = { alloc: 'its_irq_domain_alloc', free: 'its_irq_domain_free', activate: 'its_irq_domain_activate', deactivate: 'its_irq_domain_deactivate' };
            d.hwirq = 'LPI INTID (EventID = hwirq - lpi_base)';
            return d;
        }
        case 'riscv-intc': {
            const d = base(kind, 'root', 'RISC-V INTC');
            d.callbacks = { mask: self('riscv_intc_irq_mask'), unmask: self('riscv_intc_irq_unmask') };
            d.flow = 'handle_percpu_devid_irq';
            d.domainOps = { alloc: 'riscv_intc_domain_alloc', free: 'irq_domain_free_irqs_top' };
            d.hwirq = 'cause number';
            return d;
        }
        case 'imsic': {
            const d = base(kind, 'msi-parent', 'IMSIC');
            d.callbacks = {
                mask: self('imsic_irq_mask'), unmask: self('imsic_irq_unmask'), ack: self('imsic_irq_ack'),
                retrigger: self('imsic_irq_retrigger'), compose: self('imsic_irq_compose_msg'),
                set_affinity: self('imsic_irq_set_affinity')
            };
            d.busToken = 'NEXUS';
            d.domainFlags = ['HIERARCHY', 'NAME_ALLOCATED', 'MSI_PARENT'];
            d.domainOps = { alloc: 'imsic_irq_domain_alloc', free: 'imsic_irq_domain_free', activate: 'imsic_irq_domain_activate', deactivate: 'imsic_irq_domain_deactivate' };
            d.hwirq = 'Linux irq number; chip_data = (hart, ID)';
            return d;
        }
        case 'aplic-msi': {
            const d = base(kind, 'device', 'APLIC-MSI');
            d.callbacks = {
                mask: self('aplic_msi_irq_mask'), unmask: self('aplic_msi_irq_unmask'), eoi: self('aplic_msi_irq_eoi'),
                set_type: self('aplic_irq_set_type'), set_affinity: parent('irq_chip_set_affinity_parent'),
                write: self('aplic_msi_write_msg')
            };
            d.chipFlags = ['SET_TYPE_MASKED', 'SKIP_SET_WAKE'];
            d.flow = 'handle_fasteoi_irq';
            d.busToken = 'WIRED_TO_MSI';
            d.domainFlags = ['HIERARCHY', 'NAME_ALLOCATED', 'MSI', 'MSI_DEVICE'];
            d.msiFlags = ['USE_DEV_FWNODE', 'USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS', 'PCI_MSI_MASK_PARENT'];
            d.domainOps = { alloc: 'msi_domain_alloc', free: 'msi_domain_free', activate: 'msi_domain_activate', deactivate: 'msi_domain_deactivate' };
            d.hwirq = 'APLIC source number';
            d.storage = 'aplic';
            return d;
        }
        case 'aplic-direct': {
            const d = base(kind, 'wired', 'APLIC-DIRECT');
            d.callbacks = {
                mask: self('aplic_direct_irq_mask'), unmask: self('aplic_direct_irq_unmask'),
                set_type: self('aplic_irq_set_type'), set_affinity: self('aplic_direct_set_affinity')
            };
            d.flow = 'handle_fasteoi_irq';
            d.busToken = 'WIRED';
            d.hwirq = 'APLIC source number';
            return d;
        }
        case 'ioapic': {
            const ir = isIrKind(ctx.parentKind);
            const d = base(kind, 'wired', ir ? 'IR-IO-APIC' : 'IO-APIC');
            d.callbacks = {
                mask: self('mask_ioapic_irq'), unmask: self('unmask_ioapic_irq'), ack: parent('irq_chip_ack_parent'),
                eoi: self('ioapic_ack_level'), set_affinity: self('ioapic_set_affinity'),
                write: self('ioapic_configure_entry'), retrigger: parent('irq_chip_retrigger_hierarchy')
            };
            d.chipFlags = ['SKIP_SET_WAKE', 'AFFINITY_PRE_STARTUP'];
            d.busToken = 'WIRED';
            d.domainOps = { alloc: 'mp_irqdomain_alloc', free: 'mp_irqdomain_free', activate: 'mp_irqdomain_activate', deactivate: 'mp_irqdomain_deactivate' };
            d.hwirq = 'IO-APIC pin';
            d.storage = 'rte';
            return d;
        }
        case 'wired': {
            const d = base(kind, 'wired', 'WIRED');
            // A hierarchical wired controller (GPIO, wakeup mux) masks at the parent (irq_chip_mask_parent).
            d.callbacks = {
                mask: parent('irq_chip_mask_parent'), unmask: parent('irq_chip_unmask_parent'), set_type: self('wired_irq_set_type'),
                ack: parent('irq_chip_ack_parent'), eoi: parent('irq_chip_eoi_parent'),
                set_affinity: parent('irq_chip_set_affinity_parent'), retrigger: parent('irq_chip_retrigger_hierarchy')
            };
            d.busToken = 'WIRED';
            d.flow = ctx.arch === 'x86_64' ? 'handle_edge_irq' : 'handle_fasteoi_irq';
            d.hwirq = 'pin';
            return d;
        }
        default:
            return msiLeafDefaults(kind, ctx);
    }
}

/** Leaf MSI kinds: the parent decides ack/eoi/affinity helpers and chip flags (`init_dev_msi_info`). */
function msiLeafDefaults(kind: DomainKind, ctx: KindContext): KindDefaults {
    const names: Partial<Record<DomainKind, [string, string, string, string]>> = {
        // chip name, bus token, mask fn, write fn
        'pci-msi': ['PCI-MSI', 'PCI_DEVICE_MSI', 'pci_irq_mask_msi', 'pci_msi_domain_write_msg'],
        'pci-msix': ['PCI-MSIX', 'PCI_DEVICE_MSIX', 'pci_irq_mask_msix', 'pci_msi_domain_write_msg'],
        'global-pci-msi': ['PCI-MSI', 'PCI_MSI', 'pci_msi_mask_irq', 'pci_msi_domain_write_msg'],
        ims: ['PCI-IMS', 'PCI_DEVICE_IMS', 'ims_slot_mask', 'ims_slot_write_msg'],
        'device-msi': ['DEVICE-MSI', 'DEVICE_MSI', 'device_msi_mask', 'platform_msi_write_msg'],
        'dev-msi': ['DEV-MSI', 'GENERIC_MSI', 'dev_msi_mask_irq', 'dev_msi_write_msg'],
        'platform-msi': ['PLATFORM-MSI', 'PLATFORM_MSI', 'platform_msi_mask', 'platform_msi_write_msg'],
        'hpet-msi': ['HPET-MSI', 'ANY', 'hpet_msi_mask', 'hpet_msi_write_msg'],
        'dmar-msi': ['DMAR-MSI', 'ANY', 'dmar_msi_mask', 'dmar_msi_write_msg'],
        custom: ['CUSTOM', 'ANY', 'custom_mask', 'custom_write_msg']
    };
    const [chipName, token, maskFn, writeFn] = names[kind] ?? ['MSI', 'ANY', 'msi_mask', 'msi_write_msg'];
    const role: DomainRole = kind === 'global-pci-msi' || kind === 'platform-msi' ? 'global-msi' : 'device';
    const d = base(kind, role, chipName);
    d.busToken = token;
    d.domainFlags = role === 'device' ? ['HIERARCHY', 'NAME_ALLOCATED', 'MSI', 'MSI_DEVICE'] : ['HIERARCHY', 'MSI'];
    d.domainOps = { alloc: 'msi_domain_alloc', free: 'msi_domain_free', activate: 'msi_domain_activate', deactivate: 'msi_domain_deactivate' };
    d.hwirq = kind === 'ims' ? 'IMS slot index' : kind === 'dmar-msi' ? 'DMAR unit id' : kind === 'hpet-msi' ? 'HPET channel' : 'msi_index';
    d.storage = kind === 'pci-msix' ? 'msix' : kind === 'pci-msi' || kind === 'global-pci-msi' ? 'msi' : kind === 'ims' ? 'ims' : 'reg';
    if (kind === 'custom') {
        d.callbacks = {};
        return d;
    }
    const unmaskFn = maskFn.replace('mask', 'unmask');
    d.callbacks = { mask: self(maskFn), unmask: self(unmaskFn), write: self(writeFn) };
    if (kind === 'ims') d.callbacks.shutdown = self('ims_slot_shutdown');
    if (kind === 'dmar-msi') d.callbacks.compose = self('dmar_msi_compose_msg');
    d.msiFlags = ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS'];
    if (isPciLeafKind(kind)) d.msiFlags.push('ACTIVATE_EARLY', 'MUST_REACTIVATE', 'DEV_SYSFS', 'FREE_MSI_DESCS');
    if (kind === 'pci-msi' || kind === 'global-pci-msi') d.msiFlags.push('MULTI_PCI_MSI');
    if (kind === 'pci-msix') d.msiFlags.push('PCI_MSIX', 'PCI_MSIX_ALLOC_DYN');
    if (kind === 'ims') d.msiFlags.push('ALLOC_SIMPLE_MSI_DESCS', 'FREE_MSI_DESCS', 'PCI_IMS');
    if (isPciLeafKind(kind) || kind === 'ims') d.chipFlags.push('ONESHOT_SAFE');
    const p = ctx.parentKind;
    if (p === 'vector' || isIrKind(p)) {
        // x86_init_dev_msi_info(): ack/retrigger helpers, edge flow; msi_set_affinity + MOVE_DEFERRED
        // only when the real parent is the bare vector domain.
        d.callbacks.ack = parent('irq_chip_ack_parent');
        d.callbacks.retrigger = parent('irq_chip_retrigger_hierarchy');
        d.flow = 'handle_edge_irq';
        d.chipFlags.push('SKIP_SET_WAKE', 'AFFINITY_PRE_STARTUP');
        if (p === 'vector' || kind === 'dmar-msi') {
            d.callbacks.set_affinity = self(kind === 'dmar-msi' || kind === 'hpet-msi' ? 'msi_domain_set_affinity' : 'msi_set_affinity');
            d.chipFlags.push('MOVE_DEFERRED');
        } else {
            d.callbacks.set_affinity = self('msi_domain_set_affinity');
        }
    } else if (p === 'gic-its') {
        // msi_lib_init_dev_msi_info(): MSI_CHIP_FLAG_SET_EOI, required PCI_MSI_MASK_PARENT.
        d.callbacks.eoi = parent('irq_chip_eoi_parent');
        d.callbacks.set_affinity = self('msi_domain_set_affinity');
        d.flow = 'handle_fasteoi_irq';
        d.msiFlags.push('PCI_MSI_MASK_PARENT');
    } else if (p === 'imsic') {
        // MSI_CHIP_FLAG_SET_ACK; PCI MSI on IMSIC moves from interrupt context.
        d.callbacks.ack = parent('irq_chip_ack_parent');
        d.callbacks.set_affinity = self('msi_domain_set_affinity');
        d.flow = 'handle_edge_irq';
        d.msiFlags.push('PCI_MSI_MASK_PARENT');
        if (isPciLeafKind(kind)) d.chipFlags.push('MOVE_DEFERRED');
    } else {
        d.callbacks.set_affinity = self('msi_domain_set_affinity');
    }
    return d;
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

/** Flow handler names accepted in the DSL (others are kept as text and run as edge/fasteoi by trigger). */
export const FLOWS: readonly FlowName[] = [
    'handle_edge_irq', 'handle_fasteoi_irq', 'handle_level_irq', 'handle_fasteoi_ack_irq',
    'handle_fasteoi_mask_irq', 'handle_percpu_devid_irq', 'handle_simple_irq'
];
