// What the kernel says about hierarchical irq domains, as plain data and pure functions (kernel-irq.md §1).
// Imports nothing: the language (validation, hover) and the emulator may both build on it.

/** The domain kinds of the `.irq` grammar (`domain X : <kind>`). */
export type DomainKind =
    | 'vector' | 'gic-v3' | 'gic-its' | 'riscv-intc' | 'imsic' | 'aplic-msi' | 'aplic-direct'
    | 'intel-ir' | 'amd-ir' | 'ioapic' | 'wired' | 'hpet-msi' | 'dmar-msi'
    | 'pci-msi' | 'pci-msix' | 'ims' | 'device-msi'
    | 'global-pci-msi' | 'platform-msi' | 'dev-msi' | 'custom';

/**
 * Where a kind sits in the hierarchy.
 * `cpu-root`: receives CPU exceptions (VECTOR, GICv3, INTC); `chained-root`: no parent, attached to a CPU
 * interrupt by a chained flow handler (IMSIC, APLIC direct); `intermediate-msi-parent`: an MSI parent with a
 * parent (IR units, ITS); `per-device`: a per-device MSI domain (`IRQ_DOMAIN_FLAG_MSI_DEVICE`); `msi-leaf`: a
 * global MSI domain of one platform function (HPET, DMAR); `wired`: a wired controller (IO-APIC, GPIO, mux);
 * `legacy-global-msi`: a global PCI/MSI, platform-MSI or 2020 dev-msi domain; `custom`: defined by its flags.
 */
export type DomainRole =
    | 'cpu-root' | 'chained-root' | 'intermediate-msi-parent' | 'per-device' | 'msi-leaf' | 'wired'
    | 'legacy-global-msi' | 'custom';

/** A callback implemented at this level (`self`) or delegated to the parent level (`parent`), with the kernel function. */
export interface CallbackDefault {
    readonly mode: 'self' | 'parent';
    /** The kernel function installed for it, e.g. `apic_ack_edge` or `irq_chip_ack_parent`. */
    readonly fn: string;
}

/** The default `struct irq_chip` of a kind: its name (as `/proc/interrupts` shows it), callbacks and IRQCHIP_* flags. */
export interface ChipDefaults {
    readonly name: string;
    readonly callbacks: Readonly<Record<string, CallbackDefault>>;
    /** IRQCHIP_* flags without the prefix. */
    readonly flags: readonly string[];
}

/** `struct msi_parent_ops` of an MSI parent kind. */
export interface MsiParentInfo {
    /** Child bus tokens it serves (`bus_select_mask`, or the x86 switch in `x86_init_dev_msi_info()`). */
    readonly accepts: readonly string[];
    /** Restricted MSI_FLAG_* (bits 16-31) it supports for children; generic flags always pass. */
    readonly supports: readonly string[];
    /** MSI_FLAG_* it forces on for children (`required_flags`). */
    readonly requires: readonly string[];
    /** Prefix of child domain names ("IR-", "ITS-", or none). */
    readonly prefix: string;
    /** `init_dev_msi_info`: decides itself (`self`) or delegates to its own parent (`parent`, `msi_parent_init_dev_msi_info`). */
    readonly initDevMsiInfo: 'self' | 'parent';
    /** Callbacks this parent installs into a child's chip when it decides (`init_dev_msi_info`). */
    readonly childChip: Readonly<Record<string, CallbackDefault>>;
    /** Callbacks that differ when this parent is also the child's immediate parent (x86 without IR: msi_set_affinity). */
    readonly directChildChip: Readonly<Record<string, CallbackDefault>>;
    /** Extra child chip flags when this parent is also the child's immediate parent (x86: MOVE_DEFERRED without IR). */
    readonly directChildChipFlags: readonly string[];
    /** Extra chip flags for PCI/MSI and PCI/MSI-X children (IMSIC: MOVE_DEFERRED, `imsic_init_dev_msi_info()`). */
    readonly pciChildChipFlags: readonly string[];
    /** Flow handler the child gets when this parent decides. */
    readonly childFlow: string;
    /** IRQCHIP_* flags every child chip gets. */
    readonly childChipFlags: readonly string[];
}

/** Everything the model knows about one domain kind. */
export interface KindInfo {
    readonly kind: DomainKind;
    readonly role: DomainRole;
    /** One-line description for hovers and messages. */
    readonly summary: string;
    /** Default bus token name (without `DOMAIN_BUS_`). */
    readonly busToken: string;
    /** Default IRQ_DOMAIN_FLAG_* flags without the prefix. */
    readonly flags: readonly string[];
    /** Default MSI_FLAG_* of the domain's own `msi_domain_info` (device templates), without the prefix. */
    readonly msiFlags: readonly string[];
    /** Present when the kind is an MSI parent. */
    readonly msiParent?: MsiParentInfo;
    readonly chip: ChipDefaults;
    /** Default domain ops (`irq_domain_ops` / `msi_domain_ops`). */
    readonly ops: Readonly<Record<string, CallbackDefault>>;
    /** How this level numbers its interrupts. */
    readonly hwirq: string;
    /** Flow handler this level installs during alloc (MSI leaves install theirs in `msi_init`). */
    readonly flow?: string;
    /** Flow handler chosen per interrupt by trigger, for levels that do not install a fixed one. */
    readonly flowByTrigger?: { readonly edge: string; readonly level: string };
    /** Per-device domain slot (`enum msi_domain_ids`). */
    readonly deviceSlot?: 'default' | 'secondary';
    /** PCI device domain: the message store is a PCI capability or table (never level-triggered). */
    readonly pci?: boolean;
    /** An interrupt-remapping unit. */
    readonly remapping?: boolean;
    /** Root kinds that accept a hierarchy below them (CPU-level controller). */
    readonly cpuLevel?: boolean;
    /** Chip name when the parent is an interrupt-remapping unit (`ioapic_ir_chip` "IR-IO-APIC", "IR-HPET-MSI"). */
    readonly chipNameBehindRemapping?: string;
    /**
     * The deciding MSI parent completes this kind's chip (`init_dev_msi_info`, §2.1 step 4): per-device domains,
     * and the legacy global PCI/MSI domain whose arch chip mirrors it. Kinds with a complete chip of their own
     * (HPET, DMAR, platform-MSI, the 2020 dev-msi) do not take the parent's additions.
     */
    readonly parentCompletesChip?: boolean;
    /**
     * Flow handler this level installs for every interrupt allocated through it, which stays when the levels
     * below install none (R-ONE-FLOW-HANDLER; GICv3: `gic_irq_domain_map()` installs `handle_fasteoi_irq`).
     */
    readonly childrenFlow?: string;
    /** Order in which this level completes its own allocation relative to its parent (§2.2c); default parent first. */
    readonly allocOrder?: 'parent-first' | 'self-first';
    /** Marks every interrupt `IRQD_HANDLE_ENFORCE_IRQCTX`: no software resend (S-9; x86 vector domain, GICv3). */
    readonly enforceIrqCtx?: boolean;
}

const self = (fn: string): CallbackDefault => ({ mode: 'self', fn });
const parent = (fn: string): CallbackDefault => ({ mode: 'parent', fn });

const msiDeviceOps = {
    alloc: self('msi_domain_alloc'), free: self('msi_domain_free'),
    activate: self('msi_domain_activate'), deactivate: self('msi_domain_deactivate'),
    set_desc: self('msi_domain_ops_set_desc'), msi_init: self('msi_domain_ops_init')
};

/** Restricted MSI flags (bits 16-31): only what the parent's `supported_flags` allows survives. */
export const RESTRICTED_MSI_FLAGS: readonly string[] = [
    'MULTI_PCI_MSI', 'PCI_MSIX', 'LEVEL_CAPABLE', 'MSIX_CONTIGUOUS', 'PCI_MSIX_ALLOC_DYN', 'NO_AFFINITY', 'NO_MASK', 'PCI_IMS'
];

/** Generic MSI flags (bits 0-15). */
export const GENERIC_MSI_FLAGS: readonly string[] = [
    'USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS', 'ACTIVATE_EARLY', 'MUST_REACTIVATE', 'DEV_SYSFS', 'ALLOC_SIMPLE_MSI_DESCS',
    'FREE_MSI_DESCS', 'USE_DEV_FWNODE', 'PARENT_PM_DEV', 'PCI_MSI_MASK_PARENT'
];

/** Every MSI_FLAG_* name the model knows. */
export const MSI_FLAGS: readonly string[] = [...GENERIC_MSI_FLAGS, ...RESTRICTED_MSI_FLAGS];

/** Every IRQCHIP_* flag name. */
export const CHIP_FLAGS: readonly string[] = [
    'SET_TYPE_MASKED', 'EOI_IF_HANDLED', 'MASK_ON_SUSPEND', 'ONOFFLINE_ENABLED', 'SKIP_SET_WAKE', 'ONESHOT_SAFE',
    'EOI_THREADED', 'SUPPORTS_LEVEL_MSI', 'SUPPORTS_NMI', 'ENABLE_WAKEUP_ON_SUSPEND', 'AFFINITY_PRE_STARTUP',
    'IMMUTABLE', 'MOVE_DEFERRED'
];

/** Every IRQ_DOMAIN_FLAG_* name. */
export const DOMAIN_FLAGS: readonly string[] = [
    'HIERARCHY', 'IPI_PER_CPU', 'IPI_SINGLE', 'MSI', 'ISOLATED_MSI', 'NO_MAP', 'MSI_PARENT', 'MSI_DEVICE',
    'DESTROY_GC', 'MSI_IMMUTABLE', 'FWNODE_PARENT', 'NONCORE'
];

/**
 * `MSI_COMMON_FLAGS` of the PCI device templates (drivers/pci/msi/irqdomain.c) plus the USE_DEF_* flags every
 * parent requires. MUST_REACTIVATE is `MSI_REACTIVATE`, set only with CONFIG_GENERIC_IRQ_RESERVATION_MODE (x86):
 * the emulator drops it on other architectures.
 */
const COMMON_PCI_MSI_FLAGS = ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS', 'FREE_MSI_DESCS', 'ACTIVATE_EARLY', 'DEV_SYSFS', 'MUST_REACTIVATE'];
const PCI_DEVICE_TOKENS = ['PCI_DEVICE_MSI', 'PCI_DEVICE_MSIX'];
const MSI_LIB_TOKENS = ['PCI_DEVICE_MSI', 'PCI_DEVICE_MSIX', 'DEVICE_MSI', 'WIRED_TO_MSI'];

/**
 * x86: the vector domain decides for every child (IR units delegate to it), `x86_init_dev_msi_info()`
 * (arch/x86/kernel/apic/msi.c): ack/retrigger helpers, `IRQCHIP_SKIP_SET_WAKE | IRQCHIP_AFFINITY_PRE_STARTUP`
 * (the real q35 6.12 dump shows chip flags 0x430 on PCI-MSIX leaves), `handle_edge_irq`; the core installs
 * `msi_domain_set_affinity` (`msi_domain_update_chip_ops()`). Only when the real parent is the bare vector
 * domain (bus token ANY): `msi_set_affinity` and, since v6.14 ("x86/apic: Convert to IRQCHIP_MOVE_DEFERRED"),
 * `IRQCHIP_MOVE_DEFERRED` (§2.1 step 4, S-7). The affinity helpers run at the leaf (they rewrite its message after
 * asking the parent), so they are `self`; R-LEAF-NO-AFFINITY accepts them (CORE_AFFINITY_HELPERS).
 */
const x86Parent = (prefix: string, supportsMulti: boolean, initDevMsiInfo: 'self' | 'parent'): MsiParentInfo => ({
    accepts: [...PCI_DEVICE_TOKENS, 'PCI_DEVICE_IMS'],
    supports: supportsMulti ? ['PCI_MSIX', 'PCI_MSIX_ALLOC_DYN', 'PCI_IMS', 'MULTI_PCI_MSI'] : ['PCI_MSIX', 'PCI_MSIX_ALLOC_DYN', 'PCI_IMS'],
    requires: [],
    prefix,
    initDevMsiInfo,
    childChip: {
        ack: parent('irq_chip_ack_parent'), retrigger: parent('irq_chip_retrigger_hierarchy'),
        set_affinity: self('msi_domain_set_affinity')
    },
    directChildChip: initDevMsiInfo === 'self' ? { set_affinity: self('msi_set_affinity') } : {},
    directChildChipFlags: initDevMsiInfo === 'self' ? ['MOVE_DEFERRED'] : [],
    pciChildChipFlags: [],
    childFlow: 'handle_edge_irq',
    childChipFlags: ['SKIP_SET_WAKE', 'AFFINITY_PRE_STARTUP']
});

/**
 * msi-lib parents (ITS, IMSIC): `msi_lib_init_dev_msi_info()` (drivers/irqchip/irq-msi-lib.c) installs
 * `irq_chip_eoi_parent` / `irq_chip_ack_parent` per `MSI_CHIP_FLAG_SET_EOI/ACK` and `msi_domain_set_affinity`
 * when the chip has none; it installs no `irq_retrigger` (the core's `irq_chip_retrigger_hierarchy()` walk
 * still finds the parent's).
 */
const msiLibParent = (prefix: string, supports: string[], chipFlag: 'eoi' | 'ack', pciChildChipFlags: string[] = []): MsiParentInfo => ({
    accepts: MSI_LIB_TOKENS,
    supports,
    requires: ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS', 'PCI_MSI_MASK_PARENT'],
    prefix,
    initDevMsiInfo: 'self',
    childChip: chipFlag === 'eoi'
        ? { eoi: parent('irq_chip_eoi_parent'), set_affinity: self('msi_domain_set_affinity') }
        : { ack: parent('irq_chip_ack_parent'), set_affinity: self('msi_domain_set_affinity') },
    directChildChip: {},
    directChildChipFlags: [],
    pciChildChipFlags,
    childFlow: chipFlag === 'eoi' ? 'handle_fasteoi_irq' : 'handle_edge_irq',
    childChipFlags: []
});

/** The kinds of the grammar with their kernel defaults (v6.17 unless noted). */
export const KINDS: Readonly<Record<DomainKind, KindInfo>> = {
    'vector': {
        kind: 'vector', role: 'cpu-root', cpuLevel: true, enforceIrqCtx: true,
        summary: 'x86 vector domain (arch/x86/kernel/apic/vector.c): root, MSI parent, one vector per (CPU, interrupt)',
        busToken: 'ANY', flags: ['MSI_PARENT'], msiFlags: [],
        msiParent: x86Parent('', false, 'self'),
        chip: {
            name: 'APIC',
            callbacks: {
                ack: self('apic_ack_edge'), set_affinity: self('apic_set_affinity'),
                compose_msi_msg: self('x86_vector_msi_compose_msg'), retrigger: self('apic_retrigger_irq'),
                force_complete_move: self('x86_vector_force_complete_move')
            },
            flags: []
        },
        ops: { alloc: self('x86_vector_alloc_irqs'), free: self('x86_vector_free_irqs'),
            activate: self('x86_vector_activate'), deactivate: self('x86_vector_deactivate'), select: self('x86_vector_select'),
            init_dev_msi_info: self('x86_init_dev_msi_info') },
        hwirq: 'linux-irq', flowByTrigger: { edge: 'handle_edge_irq', level: 'handle_fasteoi_irq' }
    },
    'gic-v3': {
        // gic_init_bases() updates the bus token to DOMAIN_BUS_WIRED (name suffix "-1"); gic_irq_domain_ops has
        // translate/alloc/free/select and no activate (drivers/irqchip/irq-gic-v3.c). gic_irq_domain_map()
        // installs handle_fasteoi_irq for SPIs and LPIs, which the levels stacked on the GIC keep.
        kind: 'gic-v3', role: 'cpu-root', cpuLevel: true, enforceIrqCtx: true, childrenFlow: 'handle_fasteoi_irq',
        summary: 'ARM GICv3 (drivers/irqchip/irq-gic-v3.c): root; hwirq = INTID (SGI, PPI, SPI, LPI)',
        busToken: 'WIRED', flags: [], msiFlags: [],
        chip: {
            name: 'GICv3',
            callbacks: {
                mask: self('gic_mask_irq'), unmask: self('gic_unmask_irq'), eoi: self('gic_eoi_irq'),
                set_type: self('gic_set_type'), set_affinity: self('gic_set_affinity'), retrigger: self('gic_retrigger'),
                get_irqchip_state: self('gic_irq_get_irqchip_state'), set_irqchip_state: self('gic_irq_set_irqchip_state'),
                nmi_setup: self('gic_irq_nmi_setup'), nmi_teardown: self('gic_irq_nmi_teardown')
            },
            flags: ['SET_TYPE_MASKED', 'SKIP_SET_WAKE', 'MASK_ON_SUSPEND']
        },
        ops: { alloc: self('gic_irq_domain_alloc'), free: self('gic_irq_domain_free'),
            translate: self('gic_irq_domain_translate'), select: self('gic_irq_domain_select') },
        hwirq: 'gic-intid', flowByTrigger: { edge: 'handle_fasteoi_irq', level: 'handle_fasteoi_irq' }
    },
    'riscv-intc': {
        // riscv_intc_chip has an empty irq_eoi (for chained_irq_exit()); riscv_intc_domain_ops = map, xlate, alloc:
        // no free and no activate (drivers/irqchip/irq-riscv-intc.c).
        kind: 'riscv-intc', role: 'cpu-root', cpuLevel: true,
        summary: 'RISC-V per-hart local interrupt controller (drivers/irqchip/irq-riscv-intc.c): root; hwirq = cause',
        busToken: 'ANY', flags: [], msiFlags: [],
        chip: {
            name: 'RISC-V INTC',
            callbacks: { mask: self('riscv_intc_irq_mask'), unmask: self('riscv_intc_irq_unmask'), eoi: self('riscv_intc_irq_eoi') },
            flags: []
        },
        ops: { alloc: self('riscv_intc_domain_alloc'), map: self('riscv_intc_domain_map'), xlate: self('irq_domain_xlate_onecell') },
        hwirq: 'cause', flow: 'handle_percpu_devid_irq'
    },
    'imsic': {
        // imsic_irq_base_chip: IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MASK_ON_SUSPEND; imsic_base_domain_ops = alloc, free,
        // select (no activate); imsic_init_dev_msi_info() = msi-lib plus IRQCHIP_MOVE_DEFERRED for PCI children
        // (drivers/irqchip/irq-riscv-imsic-platform.c; §2.7 "IMSIC PCI").
        kind: 'imsic', role: 'chained-root',
        summary: 'RISC-V IMSIC base domain (drivers/irqchip/irq-riscv-imsic-platform.c): MSI parent chained to INTC cause 9',
        busToken: 'NEXUS', flags: ['MSI_PARENT'], msiFlags: [],
        msiParent: msiLibParent('', ['PCI_MSIX'], 'ack', ['MOVE_DEFERRED']),
        chip: {
            name: 'IMSIC',
            callbacks: {
                mask: self('imsic_irq_mask'), unmask: self('imsic_irq_unmask'), ack: self('imsic_irq_ack'),
                retrigger: self('imsic_irq_retrigger'), compose_msi_msg: self('imsic_irq_compose_msg'),
                set_affinity: self('imsic_irq_set_affinity')
            },
            flags: ['SKIP_SET_WAKE', 'MASK_ON_SUSPEND']
        },
        ops: { alloc: self('imsic_irq_domain_alloc'), free: self('imsic_irq_domain_free'),
            select: self('msi_lib_irq_domain_select'), init_dev_msi_info: self('imsic_init_dev_msi_info') },
        hwirq: 'linux-irq', flow: 'handle_edge_irq'
    },
    'aplic-msi': {
        // aplic_msi_template (drivers/irqchip/irq-riscv-aplic-msi.c): IRQCHIP_SET_TYPE_MASKED | IRQCHIP_SKIP_SET_WAKE |
        // IRQCHIP_MASK_ON_SUSPEND; its own irq_set_affinity = irq_chip_set_affinity_parent stays (msi-lib only fills
        // a missing one).
        kind: 'aplic-msi', role: 'per-device', deviceSlot: 'default', parentCompletesChip: true,
        summary: 'RISC-V APLIC in MSI mode (drivers/irqchip/irq-riscv-aplic-msi.c): per-device WIRED_TO_MSI domain; hwirq = source',
        busToken: 'WIRED_TO_MSI', flags: ['MSI', 'MSI_DEVICE'], msiFlags: ['USE_DEV_FWNODE'],
        chip: {
            name: 'APLIC-MSI',
            callbacks: {
                mask: self('aplic_msi_irq_mask'), unmask: self('aplic_msi_irq_unmask'), set_type: self('aplic_irq_set_type'),
                eoi: self('aplic_msi_irq_eoi'), set_affinity: parent('irq_chip_set_affinity_parent'),
                write_msi_msg: self('aplic_msi_write_msg')
            },
            flags: ['SET_TYPE_MASKED', 'SKIP_SET_WAKE', 'MASK_ON_SUSPEND']
        },
        ops: { ...msiDeviceOps, translate: self('aplic_irqdomain_translate') },
        hwirq: 'aplic-source', flow: 'handle_fasteoi_irq'
    },
    'aplic-direct': {
        // aplic_direct_chip has a dummy irq_eoi ("the fasteoi_handler requires irq_eoi()") and
        // IRQCHIP_SET_TYPE_MASKED | IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MASK_ON_SUSPEND; aplic_direct_irqdomain_ops =
        // translate, alloc, free = irq_domain_free_irqs_top (drivers/irqchip/irq-riscv-aplic-direct.c).
        kind: 'aplic-direct', role: 'chained-root',
        summary: 'RISC-V APLIC in direct mode (drivers/irqchip/irq-riscv-aplic-direct.c): wired, chained to INTC through per-hart IDCs',
        busToken: 'WIRED', flags: [], msiFlags: [],
        chip: {
            name: 'APLIC-DIRECT',
            callbacks: {
                mask: self('aplic_direct_irq_mask'), unmask: self('aplic_direct_irq_unmask'), set_type: self('aplic_irq_set_type'),
                set_affinity: self('aplic_direct_set_affinity'), eoi: self('aplic_direct_irq_eoi')
            },
            flags: ['SET_TYPE_MASKED', 'SKIP_SET_WAKE', 'MASK_ON_SUSPEND']
        },
        ops: { alloc: self('aplic_direct_irqdomain_alloc'), free: self('irq_domain_free_irqs_top'),
            translate: self('aplic_direct_irqdomain_translate') },
        hwirq: 'aplic-source', flowByTrigger: { edge: 'handle_fasteoi_irq', level: 'handle_fasteoi_irq' }
    },
    'gic-its': {
        kind: 'gic-its', role: 'intermediate-msi-parent', allocOrder: 'self-first',
        summary: 'GICv3 ITS (drivers/irqchip/irq-gic-v3-its.c): MSI parent (NEXUS, prefix "ITS-"); hwirq = LPI INTID',
        busToken: 'NEXUS', flags: ['MSI_PARENT', 'ISOLATED_MSI'], msiFlags: [],
        msiParent: msiLibParent('ITS-', ['PCI_MSIX', 'MULTI_PCI_MSI'], 'eoi'),
        chip: {
            name: 'ITS',
            callbacks: {
                mask: self('its_mask_irq'), unmask: self('its_unmask_irq'), eoi: parent('irq_chip_eoi_parent'),
                set_affinity: self('its_set_affinity'), compose_msi_msg: self('its_irq_compose_msi_msg'),
                retrigger: self('its_irq_retrigger'), set_irqchip_state: self('its_irq_set_irqchip_state'),
                set_vcpu_affinity: self('its_irq_set_vcpu_affinity')
            },
            flags: []
        },
        ops: { alloc: self('its_irq_domain_alloc'), free: self('its_irq_domain_free'),
            activate: self('its_irq_domain_activate'), deactivate: self('its_irq_domain_deactivate'),
            select: self('msi_lib_irq_domain_select'), init_dev_msi_info: self('its_init_dev_msi_info') },
        hwirq: 'lpi-intid'
    },
    'intel-ir': {
        kind: 'intel-ir', role: 'intermediate-msi-parent', remapping: true,
        summary: 'Intel VT-d interrupt remapping unit (drivers/iommu/intel/irq_remapping.c): MSI parent, ISOLATED_MSI, 65536 IRTEs',
        busToken: 'DMAR', flags: ['MSI_PARENT', 'ISOLATED_MSI'], msiFlags: [],
        msiParent: x86Parent('IR-', true, 'parent'),
        chip: {
            name: 'INTEL-IR',
            callbacks: {
                ack: self('apic_ack_irq'), set_affinity: self('intel_ir_set_affinity'),
                compose_msi_msg: self('intel_ir_compose_msi_msg'), set_vcpu_affinity: self('intel_ir_set_vcpu_affinity')
            },
            flags: []
        },
        ops: { alloc: self('intel_irq_remapping_alloc'), free: self('intel_irq_remapping_free'),
            activate: self('intel_irq_remapping_activate'), deactivate: self('intel_irq_remapping_deactivate'),
            init_dev_msi_info: parent('msi_parent_init_dev_msi_info') },
        hwirq: 'irte-index<<16|sub-handle'
    },
    'amd-ir': {
        kind: 'amd-ir', role: 'intermediate-msi-parent', remapping: true,
        summary: 'AMD-Vi interrupt remapping unit (drivers/iommu/amd/iommu.c): MSI parent, ISOLATED_MSI',
        busToken: 'AMDVI', flags: ['MSI_PARENT', 'ISOLATED_MSI'], msiFlags: [],
        msiParent: x86Parent('IR-', true, 'parent'),
        chip: {
            name: 'AMD-IR',
            callbacks: {
                ack: self('apic_ack_irq'), set_affinity: self('amd_ir_set_affinity'),
                compose_msi_msg: self('ir_compose_msi_msg'), set_vcpu_affinity: self('amd_ir_set_vcpu_affinity')
            },
            flags: []
        },
        ops: { alloc: self('irq_remapping_alloc'), free: self('irq_remapping_free'),
            activate: self('irq_remapping_activate'), deactivate: self('irq_remapping_deactivate'),
            init_dev_msi_info: parent('msi_parent_init_dev_msi_info') },
        hwirq: 'irte-index'
    },
    'ioapic': {
        // mp_irqdomain_create() names the domain from the named-id fwnode "IO-APIC-<n>" and sets no bus token (the
        // real q35 6.12 dump: domains/IO-APIC-0). mp_irqdomain_alloc() picks ioapic_ir_chip ("IR-IO-APIC") when the
        // parent is not the vector domain. ioapic_chip has irq_startup = startup_ioapic_irq and no irq_write_msi_msg:
        // the RTE is programmed by ioapic_configure_entry() (arch/x86/kernel/apic/io_apic.c).
        kind: 'ioapic', role: 'wired', chipNameBehindRemapping: 'IR-IO-APIC',
        summary: 'x86 IO-APIC (arch/x86/kernel/apic/io_apic.c): wired pins on VECTOR or an IR unit',
        busToken: 'ANY', flags: [], msiFlags: [],
        chip: {
            name: 'IO-APIC',
            callbacks: {
                mask: self('mask_ioapic_irq'), unmask: self('unmask_ioapic_irq'), ack: parent('irq_chip_ack_parent'),
                eoi: self('ioapic_ack_level'), set_affinity: self('ioapic_set_affinity'),
                retrigger: parent('irq_chip_retrigger_hierarchy'), startup: self('startup_ioapic_irq')
            },
            flags: ['SKIP_SET_WAKE', 'AFFINITY_PRE_STARTUP']
        },
        ops: { alloc: self('mp_irqdomain_alloc'), free: self('mp_irqdomain_free'),
            activate: self('mp_irqdomain_activate'), deactivate: self('mp_irqdomain_deactivate') },
        hwirq: 'pin', flowByTrigger: { edge: 'handle_edge_irq', level: 'handle_fasteoi_irq' }
    },
    'wired': {
        // A generic hierarchical wired controller masks its own line (kind summary; §1.2 "irq_set_type: wired
        // domains"): delegating mask to the parent would dereference NULL on x86, whose APIC chip has no mask
        // (§1.8, R-DELEGATE-EXISTS). It installs no flow handler of its own: under a GICv3 the GIC's
        // handle_fasteoi_irq stays (childrenFlow); elsewhere edge lines use handle_edge_irq (ack at the parent) and
        // level lines handle_level_irq (own mask + parent ack).
        kind: 'wired', role: 'wired',
        summary: 'A wired hierarchical controller (GPIO, mux, wire-to-MSI bridge) with its own mask and trigger',
        busToken: 'WIRED', flags: [], msiFlags: [],
        chip: {
            name: 'WIRED',
            callbacks: {
                mask: self('wired_irq_mask'), unmask: self('wired_irq_unmask'), set_type: self('wired_irq_set_type'),
                ack: parent('irq_chip_ack_parent'), eoi: parent('irq_chip_eoi_parent'),
                set_affinity: parent('irq_chip_set_affinity_parent'), retrigger: parent('irq_chip_retrigger_hierarchy')
            },
            flags: []
        },
        ops: { alloc: self('wired_irq_domain_alloc'), free: self('irq_domain_free_irqs_common'), translate: self('wired_irq_domain_translate') },
        hwirq: 'pin', flowByTrigger: { edge: 'handle_edge_irq', level: 'handle_level_irq' }
    },
    'hpet-msi': {
        // hpet_create_irq_domain() (arch/x86/kernel/hpet.c): a global msi_create_irq_domain() domain (IRQ_DOMAIN_FLAG_MSI,
        // not MSI_DEVICE) on a named-id fwnode "HPET-MSI-<id>" with no bus token - GENERIC_MSI is only the token it
        // looks its parent up with (real q35 6.12 dump: domains/HPET-MSI-0, flags HIERARCHY | NAME_ALLOCATED | MSI).
        // hpet_msi_controller: SKIP_SET_WAKE | AFFINITY_PRE_STARTUP, no MOVE_DEFERRED (v6.14 commit "x86/apic:
        // Convert to IRQCHIP_MOVE_DEFERRED" left HPET immediate); renamed "IR-HPET-MSI" behind a remapping unit.
        kind: 'hpet-msi', role: 'msi-leaf', chipNameBehindRemapping: 'IR-HPET-MSI',
        summary: 'x86 HPET MSI domain (arch/x86/kernel/hpet.c): MSI leaf of the HPET channels',
        busToken: 'ANY', flags: ['MSI'], msiFlags: ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS'],
        chip: {
            name: 'HPET-MSI',
            callbacks: {
                mask: self('hpet_msi_mask'), unmask: self('hpet_msi_unmask'), write_msi_msg: self('hpet_msi_write_msg'),
                ack: parent('irq_chip_ack_parent'), set_affinity: self('msi_domain_set_affinity'),
                retrigger: parent('irq_chip_retrigger_hierarchy')
            },
            flags: ['SKIP_SET_WAKE', 'AFFINITY_PRE_STARTUP']
        },
        ops: msiDeviceOps, hwirq: 'hpet-channel', flow: 'handle_edge_irq'
    },
    'dmar-msi': {
        // dmar_get_irq_domain() (arch/x86/kernel/apic/msi.c): msi_create_irq_domain() on the vector domain, named
        // "DMAR-MSI", no bus token (T7). dmar_msi_controller composes itself (dmar_msi_compose_msg(), dmar = true) and
        // has SKIP_SET_WAKE | MOVE_DEFERRED | AFFINITY_PRE_STARTUP (§2.7, T7).
        kind: 'dmar-msi', role: 'msi-leaf',
        summary: "x86 DMAR-MSI (arch/x86/kernel/apic/msi.c): the IOMMU's own fault interrupt, always on VECTOR",
        busToken: 'ANY', flags: ['MSI'], msiFlags: ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS'],
        chip: {
            name: 'DMAR-MSI',
            callbacks: {
                mask: self('dmar_msi_mask'), unmask: self('dmar_msi_unmask'), write_msi_msg: self('dmar_msi_write_msg'),
                compose_msi_msg: self('dmar_msi_compose_msg'),
                ack: parent('irq_chip_ack_parent'), set_affinity: self('msi_domain_set_affinity'),
                retrigger: parent('irq_chip_retrigger_hierarchy')
            },
            flags: ['SKIP_SET_WAKE', 'MOVE_DEFERRED', 'AFFINITY_PRE_STARTUP']
        },
        ops: msiDeviceOps, hwirq: 'dmar-unit', flow: 'handle_edge_irq'
    },
    'pci-msi': {
        kind: 'pci-msi', role: 'per-device', deviceSlot: 'default', pci: true, parentCompletesChip: true,
        summary: 'per-device PCI/MSI domain (drivers/pci/msi/irqdomain.c, pci_msi_template): 1..32 vectors, one msi_desc',
        busToken: 'PCI_DEVICE_MSI', flags: ['MSI', 'MSI_DEVICE'], msiFlags: [...COMMON_PCI_MSI_FLAGS, 'MULTI_PCI_MSI'],
        chip: {
            name: 'PCI-MSI',
            callbacks: { mask: self('pci_irq_mask_msi'), unmask: self('pci_irq_unmask_msi'), write_msi_msg: self('pci_msi_domain_write_msg') },
            flags: ['ONESHOT_SAFE']
        },
        ops: msiDeviceOps, hwirq: 'msi-index'
    },
    'pci-msix': {
        kind: 'pci-msix', role: 'per-device', deviceSlot: 'default', pci: true, parentCompletesChip: true,
        summary: 'per-device PCI/MSI-X domain (drivers/pci/msi/irqdomain.c, pci_msix_template): table of 1..2048 entries',
        busToken: 'PCI_DEVICE_MSIX', flags: ['MSI', 'MSI_DEVICE'], msiFlags: [...COMMON_PCI_MSI_FLAGS, 'PCI_MSIX', 'PCI_MSIX_ALLOC_DYN'],
        chip: {
            name: 'PCI-MSIX',
            callbacks: { mask: self('pci_irq_mask_msix'), unmask: self('pci_irq_unmask_msix'), write_msi_msg: self('pci_msi_domain_write_msg') },
            flags: ['ONESHOT_SAFE']
        },
        ops: msiDeviceOps, hwirq: 'msi-index'
    },
    'ims': {
        // The kernel has no generic IMS template: the driver supplies it. Following the IDXD example (T3, patch 33/33
        // "PCI-IDXD": name "PCI-<driver>", irq_shutdown = idxd_shutdown zeroing and masking the slot, ONESHOT_SAFE),
        // the generic default chip is "PCI-IMS" with a shutdown that clears the slot (§1.2 table, T3 teardown).
        kind: 'ims', role: 'per-device', deviceSlot: 'secondary', pci: true, parentCompletesChip: true,
        summary: 'per-device PCI/IMS domain (pci_create_ims_domain(), v6.2-v6.9): slots in device storage, sibling of MSI-X',
        busToken: 'PCI_DEVICE_IMS', flags: ['MSI', 'MSI_DEVICE'],
        msiFlags: ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS', 'ALLOC_SIMPLE_MSI_DESCS', 'FREE_MSI_DESCS', 'PCI_IMS'],
        chip: {
            name: 'PCI-IMS',
            callbacks: {
                mask: self('ims_slot_mask'), unmask: self('ims_slot_unmask'), write_msi_msg: self('ims_slot_write_msg'),
                shutdown: self('ims_slot_shutdown')
            },
            flags: ['ONESHOT_SAFE']
        },
        ops: { ...msiDeviceOps, prepare_desc: self('ims_prepare_desc') }, hwirq: 'slot'
    },
    'device-msi': {
        // platform_msi_template (drivers/base/platform-msi.c, v6.9+): the message is written through the device's
        // callback by platform_msi_write_msi_msg().
        kind: 'device-msi', role: 'per-device', deviceSlot: 'default', parentCompletesChip: true,
        summary: 'per-device platform MSI domain (drivers/base/platform-msi.c template, DEVICE_MSI, v6.9+)',
        busToken: 'DEVICE_MSI', flags: ['MSI', 'MSI_DEVICE'], msiFlags: ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS', 'ALLOC_SIMPLE_MSI_DESCS', 'FREE_MSI_DESCS'],
        chip: {
            name: 'DEVICE-MSI',
            callbacks: { mask: self('device_msi_mask'), unmask: self('device_msi_unmask'), write_msi_msg: self('platform_msi_write_msi_msg') },
            flags: []
        },
        ops: msiDeviceOps, hwirq: 'msi-index'
    },
    'global-pci-msi': {
        // pci_msi_create_irq_domain() (drivers/pci/msi/irqdomain.c) adds FREE_MSI_DESCS, ACTIVATE_EARLY, DEV_SYSFS,
        // MUST_REACTIVATE (reservation mode) and ONESHOT_SAFE. Ack, retrigger, affinity and the flow handler come
        // from the arch chip, which mirrors what the MSI parent installs: x86 pci_msi_controller (edge,
        // msi_set_affinity on the bare vector domain), the ITS PCI/MSI chip (irq_chip_eoi_parent, fasteoi).
        kind: 'global-pci-msi', role: 'legacy-global-msi', parentCompletesChip: true,
        summary: 'legacy global PCI/MSI domain (pci_msi_create_irq_domain(), DOMAIN_BUS_PCI_MSI) shared by all devices',
        busToken: 'PCI_MSI', flags: ['MSI'], msiFlags: [...COMMON_PCI_MSI_FLAGS, 'MULTI_PCI_MSI', 'PCI_MSIX'],
        chip: {
            name: 'PCI-MSI',
            callbacks: { mask: self('pci_msi_mask_irq'), unmask: self('pci_msi_unmask_irq'), write_msi_msg: self('pci_msi_domain_write_msg') },
            flags: ['ONESHOT_SAFE']
        },
        ops: msiDeviceOps, hwirq: 'pci-msi-hwirq'
    },
    'platform-msi': {
        // platform_msi_update_chip_ops() (drivers/base/platform-msi.c before v6.10): mask/unmask/eoi at the parent,
        // msi_domain_set_affinity, platform_msi_write_msg.
        kind: 'platform-msi', role: 'legacy-global-msi',
        summary: 'legacy global platform-MSI domain (platform_msi_create_irq_domain(), removed after v6.9)',
        busToken: 'PLATFORM_MSI', flags: ['MSI'], msiFlags: ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS'],
        chip: {
            name: 'PLATFORM-MSI',
            callbacks: {
                mask: parent('irq_chip_mask_parent'), unmask: parent('irq_chip_unmask_parent'), eoi: parent('irq_chip_eoi_parent'),
                write_msi_msg: self('platform_msi_write_msg'), set_affinity: self('msi_domain_set_affinity')
            },
            flags: []
        },
        ops: msiDeviceOps, hwirq: 'platform-msi-hwirq', flow: 'handle_fasteoi_irq'
    },
    'dev-msi': {
        // RFC v2 02/18 "irq/dev-msi: Add support for a new DEV_MSI irq domain" (drivers/base/dev-msi.c, never merged):
        // a global msi_create_irq_domain() domain whose token is updated to DOMAIN_BUS_PLATFORM_MSI; chip "DEV-MSI" =
        // platform_msi_mask_irq/unmask_irq/write_msg (per-device ops behind the msi_desc), irq_chip_ack_parent,
        // irq_chip_retrigger_hierarchy, IRQCHIP_SKIP_SET_WAKE, handle_edge_irq; affinity from USE_DEF_CHIP_OPS.
        kind: 'dev-msi', role: 'legacy-global-msi',
        summary: 'the 2020 DEV_MSI RFC domain: a global dev-msi domain built on platform-MSI (never merged)',
        busToken: 'PLATFORM_MSI', flags: ['MSI'], msiFlags: ['USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS'],
        chip: {
            name: 'DEV-MSI',
            callbacks: {
                mask: self('platform_msi_mask_irq'), unmask: self('platform_msi_unmask_irq'), write_msi_msg: self('platform_msi_write_msg'),
                ack: parent('irq_chip_ack_parent'), set_affinity: self('msi_domain_set_affinity'),
                retrigger: parent('irq_chip_retrigger_hierarchy')
            },
            flags: ['SKIP_SET_WAKE']
        },
        ops: msiDeviceOps, hwirq: 'dev-msi-hwirq', flow: 'handle_edge_irq'
    },
    'custom': {
        kind: 'custom', role: 'custom',
        summary: 'a domain described only by what the file says (flags, chip, ops)',
        busToken: 'ANY', flags: [], msiFlags: [],
        chip: { name: 'CUSTOM', callbacks: {}, flags: [] },
        ops: { alloc: self('alloc'), free: self('free') }, hwirq: 'custom'
    }
};

/** Every kind name of the grammar. */
export const DOMAIN_KINDS: readonly DomainKind[] = Object.keys(KINDS) as DomainKind[];

/** The kind info, or undefined for a name the model does not know. */
export function kindInfo(kind: string): KindInfo | undefined {
    return (KINDS as Record<string, KindInfo | undefined>)[kind];
}

// ---------------------------------------------------------------------------------------------------------
// Effective defaults: what a level gets when the file says nothing (one source for the emulator and the tests)

/** The MSI parent whose `init_dev_msi_info` decides a leaf's chip, and whether it is the leaf's immediate parent. */
export interface DecidingParent {
    readonly kind: DomainKind;
    readonly direct: boolean;
}

/**
 * The deciding MSI parent of a leaf whose ancestors (immediate parent first) have these kinds: the immediate
 * parent, or further up while each level delegates (`msi_parent_init_dev_msi_info()`, R-MSIPARENT-CHAIN).
 * Undefined when the immediate parent is no MSI parent the model knows.
 */
export function decidingParent(ancestors: readonly DomainKind[]): DecidingParent | undefined {
    if (ancestors.length === 0 || !KINDS[ancestors[0]]?.msiParent) return undefined;
    let i = 0;
    while (KINDS[ancestors[i]].ops.init_dev_msi_info?.mode === 'parent' && i + 1 < ancestors.length && KINDS[ancestors[i + 1]]?.msiParent) i++;
    return { kind: ancestors[i], direct: i === 0 };
}

/** A level that stores MSI messages: per-device, legacy global and global MSI leaves (HPET, DMAR). */
export function isMsiLeafRole(role: DomainRole): boolean {
    return role === 'per-device' || role === 'legacy-global-msi' || role === 'msi-leaf';
}

/** The role of a domain: the kind's, or for `custom` what its IRQ_DOMAIN_FLAG_* say (as validation reads them). */
export function effectiveRole(kind: DomainKind, flags: Iterable<string>, hasParent: boolean): DomainRole {
    const info = KINDS[kind];
    if (info.role !== 'custom') return info.role;
    const set = new Set(flags);
    if (set.has('MSI_DEVICE')) return 'per-device';
    if (set.has('MSI_PARENT')) return hasParent ? 'intermediate-msi-parent' : 'chained-root';
    if (set.has('MSI')) return 'msi-leaf';
    return 'custom';
}

/**
 * MSI_FLAG_* of a domain after its MSI parent restricted them (`info->flags &= supported_flags; |= required_flags`
 * in `x86_init_dev_msi_info()` / `msi_lib_init_dev_msi_info()`, with the real parent's ops); msi-lib drops
 * PCI_MSI_MASK_PARENT from the required flags of DEVICE_MSI and WIRED_TO_MSI children. Kinds whose chip the
 * parent does not complete keep their own flags.
 */
export function defaultMsiFlags(kind: DomainKind, ancestors: readonly DomainKind[]): string[] {
    const info = KINDS[kind];
    const pops = info.parentCompletesChip && ancestors.length > 0 ? KINDS[ancestors[0]]?.msiParent : undefined;
    if (!pops) return [...info.msiFlags];
    return parentRestrictedMsiFlags(info.msiFlags, pops.supports, pops.requires, info.busToken);
}

/**
 * MSI_FLAG_* of a child after its MSI parent applied `supported_flags` / `required_flags` (the step of
 * `defaultMsiFlags`, for callers whose flags, supported or required sets are not the kinds' own, e.g. validation
 * with what a file writes): restricted flags the parent does not support are dropped, required ones added, except
 * PCI_MSI_MASK_PARENT for a child on the DEVICE_MSI or WIRED_TO_MSI bus token.
 */
export function parentRestrictedMsiFlags(own: Iterable<string>, supports: Iterable<string>, requires: Iterable<string>, busToken: string): string[] {
    const supported = new Set(supports);
    const flags = [...own].filter(f => !RESTRICTED_MSI_FLAGS.includes(f) || supported.has(f));
    const wired = busToken === 'DEVICE_MSI' || busToken === 'WIRED_TO_MSI';
    for (const f of requires) if (!flags.includes(f) && !(wired && f === 'PCI_MSI_MASK_PARENT')) flags.push(f);
    return flags;
}

/**
 * The default chip of a level: what the deciding MSI parent installs (for kinds it completes), overridden by the
 * kind's own callbacks; `msi_domain_update_chip_ops()` gives an MSI leaf without irq_set_affinity
 * `msi_domain_set_affinity` (USE_DEF_CHIP_OPS, not NO_AFFINITY); behind a remapping unit some kinds rename
 * their chip (IR-IO-APIC, IR-HPET-MSI).
 */
export function defaultChip(kind: DomainKind, ancestors: readonly DomainKind[]): ChipDefaults {
    return composeDefaultChip(kind, KINDS[kind].parentCompletesChip ? decidingParent(ancestors) : undefined, ancestors[0]);
}

/**
 * The step of `defaultChip` once the deciding MSI parent is known: `decider` is the MSI parent that completes
 * the chip (undefined when none does; callers pass it only for kinds it completes), `parentKind` the immediate
 * parent's kind (remapping rename, MSI flag restriction). For callers that find the decider themselves
 * (validation, where a file may write `init_dev_msi_info`).
 */
export function composeDefaultChip(kind: DomainKind, decider: DecidingParent | undefined, parentKind: DomainKind | undefined): ChipDefaults {
    const info = KINDS[kind];
    const ancestors: readonly DomainKind[] = parentKind ? [parentKind] : [];
    const callbacks: Record<string, CallbackDefault> = {};
    const flags = new Set<string>();
    const pops = decider ? KINDS[decider.kind].msiParent : undefined;
    if (decider && pops) {
        Object.assign(callbacks, pops.childChip);
        pops.childChipFlags.forEach(f => flags.add(f));
        if (info.pci) pops.pciChildChipFlags.forEach(f => flags.add(f));
        if (decider.direct) {
            Object.assign(callbacks, pops.directChildChip);
            pops.directChildChipFlags.forEach(f => flags.add(f));
        }
    }
    Object.assign(callbacks, info.chip.callbacks);
    info.chip.flags.forEach(f => flags.add(f));
    const msiFlags = defaultMsiFlags(kind, ancestors);
    if (isMsiLeafRole(info.role) && !callbacks.set_affinity && msiFlags.includes('USE_DEF_CHIP_OPS') && !msiFlags.includes('NO_AFFINITY')) {
        callbacks.set_affinity = self('msi_domain_set_affinity');
    }
    const remapped = ancestors.length > 0 && KINDS[ancestors[0]]?.remapping === true;
    const name = remapped && info.chipNameBehindRemapping ? info.chipNameBehindRemapping : info.chip.name;
    return { name, callbacks, flags: CHIP_FLAGS.filter(f => flags.has(f)) };
}

/**
 * The flow handler an interrupt on a level of this kind ends up with when the file names none
 * (R-ONE-FLOW-HANDLER, S-17): the kind's own (`msi_init` of MSI leaves), else the deciding MSI parent's, else the
 * one the nearest ancestor installs for everything below it (GICv3), else the kind's choice by trigger.
 * Undefined when nothing installs one.
 */
export function defaultFlowHandler(kind: DomainKind, ancestors: readonly DomainKind[], level = false): string | undefined {
    const info = KINDS[kind];
    const installed = installedFlowHandler(kind, info.parentCompletesChip ? decidingParent(ancestors) : undefined, ancestors);
    if (installed) return installed;
    return info.flowByTrigger ? (level ? info.flowByTrigger.level : info.flowByTrigger.edge) : undefined;
}

/**
 * The flow handler installed during allocation for an interrupt on a level of this kind, whatever its trigger
 * (the part of `defaultFlowHandler` before the choice by trigger): the kind's own, else the completing MSI
 * parent's (`decider`, passed only for kinds it completes), else the one the nearest ancestor installs for
 * everything below it (GICv3). Undefined when nothing installs one.
 */
export function installedFlowHandler(kind: DomainKind, decider: DecidingParent | undefined, ancestors: readonly DomainKind[]): string | undefined {
    const info = KINDS[kind];
    if (info.flow) return info.flow;
    const childFlow = decider ? KINDS[decider.kind].msiParent?.childFlow : undefined;
    if (childFlow) return childFlow;
    const installer = ancestors.find(a => KINDS[a]?.childrenFlow);
    return installer ? KINDS[installer].childrenFlow : undefined;
}

/** Everything a level of a kind gets by default, in a given position of the hierarchy. */
export interface EffectiveKindDefaults {
    readonly kind: DomainKind;
    readonly role: DomainRole;
    readonly chip: ChipDefaults;
    readonly busToken: string;
    /** IRQ_DOMAIN_FLAG_* without the prefix (HIERARCHY and NAME_ALLOCATED are the core's, not listed). */
    readonly flags: readonly string[];
    readonly msiFlags: readonly string[];
    /** Flow handler of an edge-triggered interrupt (undefined: nothing installs one). */
    readonly flow?: string;
    /** Flow handler of a level-triggered interrupt. */
    readonly levelFlow?: string;
    /** Prefix this level gives child device-domain names (MSI parents). */
    readonly prefix: string;
    readonly ops: Readonly<Record<string, CallbackDefault>>;
    readonly hwirq: string;
    readonly allocOrder: 'parent-first' | 'self-first';
    readonly enforceIrqCtx: boolean;
}

/** The effective defaults of `kind` with these ancestor kinds (immediate parent first; empty for a root). */
export function effectiveKindDefaults(kind: DomainKind, ancestors: readonly DomainKind[] = []): EffectiveKindDefaults {
    const info = KINDS[kind];
    return {
        kind, role: info.role, chip: defaultChip(kind, ancestors), busToken: info.busToken, flags: [...info.flags],
        msiFlags: defaultMsiFlags(kind, ancestors),
        flow: defaultFlowHandler(kind, ancestors, false), levelFlow: defaultFlowHandler(kind, ancestors, true),
        prefix: info.msiParent?.prefix ?? '', ops: info.ops, hwirq: info.hwirq,
        allocOrder: info.allocOrder ?? 'parent-first', enforceIrqCtx: info.enforceIrqCtx === true
    };
}

/** Bus tokens of v6.17 (`enum irq_domain_bus_token`) with their numbers. */
export const BUS_TOKENS_V6_17: Readonly<Record<string, number>> = {
    ANY: 0, WIRED: 1, GENERIC_MSI: 2, PCI_MSI: 3, PLATFORM_MSI: 4, NEXUS: 5, IPI: 6, FSL_MC_MSI: 7,
    TI_SCI_INTA_MSI: 8, WAKEUP: 9, VMD_MSI: 10, PCI_DEVICE_MSI: 11, PCI_DEVICE_MSIX: 12, DMAR: 13, AMDVI: 14,
    DEVICE_MSI: 15, WIRED_TO_MSI: 16
};

/** Every bus token name ever known (v6.17 plus PCI_DEVICE_IMS of v6.2-v6.9). */
export const BUS_TOKENS: readonly string[] = [...Object.keys(BUS_TOKENS_V6_17), 'PCI_DEVICE_IMS'];

/** Per-device bus tokens (leaf domains created by `msi_create_device_irq_domain()`). */
export const DEVICE_BUS_TOKENS: readonly string[] = ['PCI_DEVICE_MSI', 'PCI_DEVICE_MSIX', 'PCI_DEVICE_IMS', 'DEVICE_MSI', 'WIRED_TO_MSI'];

/**
 * The number of a bus token in the given kernel (the `-<n>` suffix of domain names), or undefined when the
 * token does not exist there. In v6.2-v6.9 PCI_DEVICE_IMS sat between AMDVI and DEVICE_MSI.
 */
export function busTokenNumber(token: string, version: KernelVersion = REFERENCE_KERNEL): number | undefined {
    const base = BUS_TOKENS_V6_17[token];
    if (hasImsApi(version)) {
        if (token === 'PCI_DEVICE_IMS') return BUS_TOKENS_V6_17.AMDVI + 1;
        if (base !== undefined && base > BUS_TOKENS_V6_17.AMDVI) return base + 1;
    }
    if (token === 'DEVICE_MSI' || token === 'WIRED_TO_MSI') return compareVersions(version, v(6, 9)) >= 0 ? base : undefined;
    return base;
}

// ---------------------------------------------------------------------------------------------------------
// Callbacks, flags and flow handlers

/** `struct irq_chip` callbacks, without the `irq_` prefix. */
export const CHIP_CALLBACKS: readonly string[] = [
    'mask', 'unmask', 'mask_ack', 'ack', 'eoi', 'enable', 'disable', 'startup', 'shutdown', 'set_affinity', 'set_type',
    'set_wake', 'set_vcpu_affinity', 'compose_msi_msg', 'write_msi_msg', 'retrigger', 'bus_lock', 'bus_sync_unlock',
    'request_resources', 'release_resources', 'get_irqchip_state', 'set_irqchip_state', 'nmi_setup', 'nmi_teardown',
    'force_complete_move', 'calc_mask', 'print_chip', 'suspend', 'resume', 'pm_shutdown', 'cpu_online', 'cpu_offline',
    'ipi_send_single', 'ipi_send_mask', 'pre_redirect', 'post_redirect'
];

/** `struct irq_domain_ops`, `struct msi_domain_ops` and `msi_parent_ops` hooks. */
export const DOMAIN_OPS: readonly string[] = [
    'alloc', 'free', 'activate', 'deactivate', 'translate', 'select', 'match', 'map', 'unmap', 'xlate', 'debug_show',
    'get_hwirq', 'msi_init', 'msi_free', 'msi_prepare', 'msi_teardown', 'prepare_desc', 'set_desc', 'domain_alloc_irqs',
    'domain_free_irqs', 'msi_post_free', 'msi_translate', 'init_dev_msi_info'
];

/**
 * The results of a pure function of a name, kept for the names seen so far (dropped wholesale past a bound): a large
 * file normalises the same few names (`mask`, `ONESHOT_SAFE`, `edge`) for every element, and each normalisation
 * makes upper/lower-cased copies and scans the known names.
 */
class NameCache<T> {
    private readonly results = new Map<string, T>();

    constructor(private readonly compute: (name: string) => T, private readonly limit = 4096) {}

    /** `compute(name)`, computed once per name. */
    get(name: string): T {
        const known = this.results.get(name);
        if (known !== undefined || this.results.has(name)) return known as T;
        const result = this.compute(name);
        if (this.results.size >= this.limit) this.results.clear();
        this.results.set(name, result);
        return result;
    }
}

/**
 * The canonical name of a chip callback or domain op: lower case, `-` as `_`, and the `irq_` prefix of chip
 * callbacks dropped (`irq_mask` and `mask` are the same). Undefined for a name the model does not know.
 */
export function normalizeCallbackName(name: string): string | undefined {
    return callbackNames.get(name);
}

const callbackNames = new NameCache(computeCallbackName);

function computeCallbackName(name: string): string | undefined {
    const plain = name.toLowerCase().replace(/-/g, '_');
    if (CHIP_CALLBACKS.includes(plain) || DOMAIN_OPS.includes(plain)) return plain;
    if (plain.startsWith('irq_') && CHIP_CALLBACKS.includes(plain.slice(4))) return plain.slice(4);
    return undefined;
}

/** True for a chip callback (as opposed to a domain op). */
export function isChipCallback(canonical: string): boolean {
    return CHIP_CALLBACKS.includes(canonical);
}

/** Parent-delegation helpers that dereference the parent unconditionally (NULL deref when it lacks the op). */
export const DELEGATION_REQUIRED: readonly string[] = ['ack', 'mask', 'unmask', 'mask_ack', 'eoi'];
/** Parent-delegation helpers that return -ENOSYS when the parent lacks the op. */
export const DELEGATION_ENOSYS: readonly string[] = ['set_affinity', 'set_type', 'set_vcpu_affinity', 'set_wake'];
/** Callbacks whose `parent` helper walks to the first ancestor that has one (core walks). */
export const HIERARCHY_WALKS: readonly string[] = ['retrigger', 'compose_msi_msg', 'set_vcpu_affinity'];

/**
 * `irq_set_affinity` implementations the core (or the x86 MSI parent) installs into a device-domain chip: they
 * ask the parent and rewrite the message, so a leaf that names them still leaves affinity to the parent.
 */
export const CORE_AFFINITY_HELPERS: readonly string[] = ['msi_domain_set_affinity', 'msi_set_affinity', 'irq_chip_set_affinity_parent'];

/** Which flag family a name belongs to. */
export type FlagFamily = 'chip' | 'domain' | 'msi';

const FLAG_PREFIXES: Record<FlagFamily, string> = { chip: 'IRQCHIP_', domain: 'IRQ_DOMAIN_FLAG_', msi: 'MSI_FLAG_' };
const FLAG_NAMES: Record<FlagFamily, readonly string[]> = { chip: CHIP_FLAGS, domain: DOMAIN_FLAGS, msi: MSI_FLAGS };

/** The flag name without its kernel prefix (`IRQCHIP_ONESHOT_SAFE` → `ONESHOT_SAFE`), or undefined if unknown. */
export function normalizeFlag(family: FlagFamily, name: string): string | undefined {
    return flagNames[family].get(name);
}

const flagNames: Record<FlagFamily, NameCache<string | undefined>> = {
    chip: new NameCache(name => computeFlag('chip', name)),
    domain: new NameCache(name => computeFlag('domain', name)),
    msi: new NameCache(name => computeFlag('msi', name))
};

function computeFlag(family: FlagFamily, name: string): string | undefined {
    const upper = name.toUpperCase().replace(/-/g, '_');
    const plain = upper.startsWith(FLAG_PREFIXES[family]) ? upper.slice(FLAG_PREFIXES[family].length) : upper;
    return FLAG_NAMES[family].includes(plain) ? plain : undefined;
}

/** The kernel spelling of a flag (`ONESHOT_SAFE` → `IRQCHIP_ONESHOT_SAFE`). */
export function kernelFlagName(family: FlagFamily, plain: string): string {
    return FLAG_PREFIXES[family] + plain;
}

/** The bus token name without `DOMAIN_BUS_`, or undefined if unknown. */
export function normalizeBusToken(name: string): string | undefined {
    return busTokenNames.get(name);
}

const busTokenNames = new NameCache(computeBusToken);

function computeBusToken(name: string): string | undefined {
    const upper = name.toUpperCase().replace(/-/g, '_');
    const plain = upper.startsWith('DOMAIN_BUS_') ? upper.slice('DOMAIN_BUS_'.length) : upper;
    return BUS_TOKENS.includes(plain) ? plain : undefined;
}

/** A flow handler (`desc->handle_irq`) and the chip callbacks it calls unconditionally. */
export interface FlowHandler {
    readonly name: string;
    /** Alternatives: the handler works when every callback of one alternative resolves. Empty: needs none. */
    readonly requires: readonly (readonly string[])[];
}

/** The flow handlers of `kernel/irq/chip.c` the model knows. */
export const FLOW_HANDLERS: Readonly<Record<string, FlowHandler>> = {
    handle_edge_irq: { name: 'handle_edge_irq', requires: [['ack']] },
    handle_fasteoi_irq: { name: 'handle_fasteoi_irq', requires: [['eoi']] },
    handle_level_irq: { name: 'handle_level_irq', requires: [['mask_ack'], ['mask', 'ack']] },
    handle_fasteoi_ack_irq: { name: 'handle_fasteoi_ack_irq', requires: [['ack', 'eoi']] },
    handle_fasteoi_mask_irq: { name: 'handle_fasteoi_mask_irq', requires: [['mask', 'eoi']] },
    handle_edge_eoi_irq: { name: 'handle_edge_eoi_irq', requires: [['eoi']] },
    handle_fasteoi_nmi: { name: 'handle_fasteoi_nmi', requires: [['eoi']] },
    handle_percpu_devid_irq: { name: 'handle_percpu_devid_irq', requires: [] },
    handle_percpu_devid_fasteoi_nmi: { name: 'handle_percpu_devid_fasteoi_nmi', requires: [['eoi']] },
    handle_percpu_irq: { name: 'handle_percpu_irq', requires: [] },
    handle_simple_irq: { name: 'handle_simple_irq', requires: [] },
    handle_untracked_irq: { name: 'handle_untracked_irq', requires: [] },
    handle_nested_irq: { name: 'handle_nested_irq', requires: [] },
    handle_bad_irq: { name: 'handle_bad_irq', requires: [] }
};

/** The kernel name of a flow handler written as `edge`, `fasteoi`, `handle_edge_irq`, `percpu-devid`…; undefined if unknown. */
export function normalizeFlowHandler(name: string): string | undefined {
    return flowHandlerNames.get(name);
}

const flowHandlerNames = new NameCache(computeFlowHandler);

function computeFlowHandler(name: string): string | undefined {
    const plain = name.toLowerCase().replace(/-/g, '_');
    if (FLOW_HANDLERS[plain]) return plain;
    if (plain === 'fasteoi_nmi') return 'handle_fasteoi_nmi';
    const full = `handle_${plain}_irq`;
    return FLOW_HANDLERS[full] ? full : undefined;
}

/** How a level numbers its interrupts (the `hwirq` of its `irq_data`), by encoding name (`hwirq X` in a file). */
export const HWIRQ_ENCODINGS: Readonly<Record<string, string>> = {
    'linux-irq': 'the Linux irq number itself (x86 vector domain, RISC-V IMSIC base domain)',
    'irte-index<<16|sub-handle': 'Intel IR: (IRTE index << 16) | sub-handle',
    'irte-index': 'AMD IR: the IRTE index',
    'lpi-intid': 'GICv3 ITS: the LPI INTID (EventID = hwirq - lpi_base of the device)',
    'gic-intid': 'GICv3: the INTID (SGI 0-15, PPI 16-31, SPI 32-1019, EPPI 1056-1119, ESPI 4096-5119, LPI >= 8192)',
    'cause': 'RISC-V INTC: the cause number (9 = supervisor external)',
    'aplic-source': 'APLIC: the wired source number, 1..N',
    'msi-index': 'per-device MSI/MSI-X/device-MSI domains: msi_desc::msi_index',
    'slot': 'IMS: the slot index in the device storage',
    'pin': 'wired controllers (IO-APIC, GPIO): the input pin',
    'hpet-channel': 'HPET: the channel number',
    'dmar-unit': 'DMAR-MSI: the DMAR unit id',
    'pci-msi-hwirq': 'global PCI/MSI: pci_msi_domain_calc_hwirq() (device id << 11 | index)',
    'platform-msi-hwirq': 'global platform-MSI: device id and index, per platform_msi_calc_hwirq()',
    'dev-msi-hwirq': 'the 2020 dev-msi RFC: device id and index, like platform-MSI',
    'custom': 'whatever the file says'
};

// ---------------------------------------------------------------------------------------------------------
// Kernel versions

/** A kernel version `major.minor[.patch]`. */
export interface KernelVersion {
    readonly major: number;
    readonly minor: number;
    readonly patch: number;
}

const v = (major: number, minor: number): KernelVersion => ({ major, minor, patch: 0 });

/** The reference kernel of the model (kernel-irq.md): v6.17. Topologies without `kernel` are checked against it. */
export const REFERENCE_KERNEL: KernelVersion = v(6, 17);

/** Parses "6.5", "6.17.2" or "6" (= 6.0) into a version; undefined when it is not one. */
export function parseKernelVersion(text: string | number | undefined): KernelVersion | undefined {
    if (text === undefined) return undefined;
    const match = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(String(text));
    if (!match) return undefined;
    return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0) };
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: KernelVersion, b: KernelVersion): number {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** "6.5" style text. */
export function formatVersion(version: KernelVersion): string {
    return version.patch ? `${version.major}.${version.minor}.${version.patch}` : `${version.major}.${version.minor}`;
}

const between = (version: KernelVersion, from: KernelVersion, to: KernelVersion): boolean =>
    compareVersions(version, from) >= 0 && compareVersions(version, to) <= 0;

/** PCI/IMS (`pci_create_ims_domain`, `DOMAIN_BUS_PCI_DEVICE_IMS`, `MSI_FLAG_PCI_IMS`, `MSI_SECONDARY_DOMAIN`): v6.2-v6.9. */
export function hasImsApi(version: KernelVersion): boolean {
    return between(version, v(6, 2), v(6, 9));
}

/** The old global platform-MSI API (`platform_msi_create_irq_domain`): removed after v6.9. */
export function hasLegacyPlatformMsi(version: KernelVersion): boolean {
    return compareVersions(version, v(6, 9)) <= 0;
}

/** MSI parents and per-device MSI domains: v6.2 and later. */
export function hasMsiParents(version: KernelVersion): boolean {
    return compareVersions(version, v(6, 2)) >= 0;
}

/** `MSI_MAX_DEVICE_IRQDOMAINS`: 2 (DEFAULT + SECONDARY) in v6.2-v6.9, 1 otherwise. */
export function maxDeviceDomains(version: KernelVersion): number {
    return hasImsApi(version) ? 2 : 1;
}

/** x86 `FIRST_SYSTEM_VECTOR`: 0xEB from v6.10 (posted-MSI notification vector), 0xEC before. */
export function firstSystemVector(version: KernelVersion): number {
    return compareVersions(version, v(6, 10)) >= 0 ? 0xEB : 0xEC;
}

// ---------------------------------------------------------------------------------------------------------
// Resource constants

/** x86 `FIRST_EXTERNAL_VECTOR`. */
export const FIRST_EXTERNAL_VECTOR = 0x20;
/** x86 `IA32_SYSCALL_VECTOR`, reserved inside the device window by default. */
export const IA32_SYSCALL_VECTOR = 0x80;
/** Intel `INTR_REMAP_TABLE_ENTRIES`. */
export const IRTE_ENTRIES = 65536;
/** GICv3: the first LPI INTID. */
export const FIRST_LPI = 8192;
/** GICv3 ITS: `ITS_MAX_LPI_NRBITS` = 16 → LPI INTIDs up to 65535. */
export const LAST_LPI = 65535;
/** Smallest ITT for DeviceID 0 and platform devices (`its_pci_msi_prepare()`, `its_pmsi_prepare()`). */
export const ITS_MIN_PLATFORM_ITT = 32;
/** RISC-V IMSIC: allowed range of `riscv,num-ids`. */
export const IMSIC_MIN_IDS = 63;
export const IMSIC_MAX_IDS = 2047;
/** Default IMSIC interrupt identities per hart when the file does not say (`ids`). */
export const IMSIC_DEFAULT_IDS = 255;
/** PCI MSI: at most 32 vectors, a power of two. */
export const PCI_MSI_MAX_VECTORS = 32;
/** PCI MSI-X: at most 2048 table entries. */
export const PCI_MSIX_MAX_ENTRIES = 2048;
/** `MSI_MAX_INDEX + 1`: the largest hwsize of any per-device domain. */
export const MSI_MAX_HWSIZE = 65536;
/** x86 APIC IDs reachable by a compatibility-format MSI (8 bits), and with the extended destination ID (15 bits). */
export const MAX_MSI_APIC_ID = 255;
export const MAX_EXT_DEST_APIC_ID = 32767;
/** Only these two `msi_desc` fields may carry device or driver data (`struct msi_desc_data`). */
export const MSI_DESC_COOKIES: readonly string[] = ['dcookie', 'icookie'];

/** The x86 device vector window of a kernel: `[FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR)` as inclusive bounds. */
export function defaultVectorWindow(version: KernelVersion): { from: number; to: number } {
    return { from: FIRST_EXTERNAL_VECTOR, to: firstSystemVector(version) - 1 };
}

/** The smallest power of two ≥ n (1 for n ≤ 1). */
export function roundUpPowerOfTwo(n: number): number {
    let p = 1;
    while (p < n) p *= 2;
    return p;
}

/** True for 1, 2, 4, 8… */
export function isPowerOfTwo(n: number): boolean {
    return n >= 1 && Number.isInteger(n) && (n & (n - 1)) === 0;
}

/** ITT entries the ITS reserves for a device domain of `hwsize` entries (`its_create_device()`). */
export function itsIttSize(hwsize: number, platformOrDeviceIdZero: boolean): number {
    const rounded = roundUpPowerOfTwo(Math.max(2, hwsize));
    return platformOrDeviceIdZero ? Math.max(ITS_MIN_PLATFORM_ITT, rounded) : rounded;
}

// ---------------------------------------------------------------------------------------------------------
// Naming

/**
 * The name the kernel gives a per-device domain: `<prefix><CHIP>-<dev>` plus `-<bus token number>` once the
 * token is set (`msi_create_device_irq_domain()`, `irq_domain_update_bus_token()`), e.g. `IR-PCI-MSIX-0000:03:00.0-12`.
 */
export function deviceDomainName(prefix: string, chip: string, device: string, busToken: string, version: KernelVersion = REFERENCE_KERNEL): string {
    const number = busTokenNumber(busToken, version);
    const base = `${prefix}${chip}-${device}`;
    return number === undefined || number === 0 ? base : `${base}-${number}`;
}

/** The name of a named-fwnode domain with its token suffix, e.g. `INTEL-IR-0` + DMAR → `INTEL-IR-0-13`. */
export function namedDomainName(fwnodeName: string, busToken: string, version: KernelVersion = REFERENCE_KERNEL): string {
    const number = busTokenNumber(busToken, version);
    return number === undefined || number === 0 ? fwnodeName : `${fwnodeName}-${number}`;
}
