// What the words of an .irq file mean in the Linux kernel: domain kinds, irq chip callbacks, flags, flow
// handlers, triggers, scenario steps and expectations, each with its kernel struct/function and source file.
// Pure data (hover and completion texts); default bus tokens and chip names come from model.ts. Flag and bus-token
// keys are written without prefix.

import { KINDS, type DomainKind } from './model.js';

/** A kernel concept as shown in hover and completion. */
export interface KernelDescription {
    /** One line (completion detail, first line of a hover). */
    readonly summary: string;
    /** A short explanation in markdown, or empty when the summary says it all. */
    readonly text: string;
    /** The kernel struct member, function or constant it corresponds to, e.g. `irq_chip::irq_ack`. */
    readonly kernel: string;
    /** Kernel source file(s), repository-relative. */
    readonly source: string;
}

/** An irq chip callback (`struct irq_chip` member). */
export interface CallbackDescription extends KernelDescription {
    /** The generic helper a level installs to delegate this callback to its parent (`kernel/irq/chip.c`). */
    readonly parentHelper?: string;
    /** Typical implementations at real levels. */
    readonly examples?: string;
}

/** Role of a domain kind in a hierarchy. */
export type KindRole = 'root' | 'msi-parent' | 'device' | 'wired' | 'global-msi' | 'custom';

/** A domain kind of the DSL. */
export interface DomainKindDescription extends KernelDescription {
    readonly role: KindRole;
    /** Name the kernel gives such a domain (debugfs, `/proc/interrupts`), with placeholders in angle brackets. */
    readonly kernelName: string;
    /** Default bus token, without the `DOMAIN_BUS_` prefix. */
    readonly busToken: string;
    /** Default irq chip name of the level. */
    readonly chipName: string;
    /** What this level's hwirq number is. */
    readonly hwirq: string;
}

/** A bus token (`enum irq_domain_bus_token`). */
export interface BusTokenDescription extends KernelDescription {
    /** Numeric value in v6.17 (the suffix of domain names), where known. */
    readonly value?: number;
}

const irqdomainH = 'include/linux/irqdomain.h';
const irqH = 'include/linux/irq.h';
const msiH = 'include/linux/msi.h';
const chipC = 'kernel/irq/chip.c';
const manageC = 'kernel/irq/manage.c';
const msiC = 'kernel/irq/msi.c';
const irqdomainC = 'kernel/irq/irqdomain.c';
const pciIrqdomainC = 'drivers/pci/msi/irqdomain.c';

/** The texts of a domain kind; its default bus token and chip name are the model's (KINDS). */
type DomainKindText = Omit<DomainKindDescription, 'busToken' | 'chipName'>;

const domainKindTexts: Readonly<Record<DomainKind, DomainKindText>> = {
    'vector': {
        role: 'root', kernelName: 'VECTOR', hwirq: 'the Linux irq number',
        summary: 'x86 vector domain: the root of every x86 hierarchy, hands out (CPU, vector) pairs.',
        text: 'Allocates from the per-CPU irq matrix (device window 0x20 up to FIRST_SYSTEM_VECTOR); MSI parent '
            + 'for PCI device domains when there is no interrupt remapping. Chip "APIC" (`lapic_controller`): '
            + '`irq_ack = apic_ack_edge`, `irq_set_affinity = apic_set_affinity`, `irq_compose_msi_msg`, '
            + '`irq_retrigger = apic_retrigger_irq`; no mask, unmask or eoi.',
        kernel: '`x86_vector_domain`, `x86_vector_domain_ops`, `x86_vector_alloc_irqs()`',
        source: 'arch/x86/kernel/apic/vector.c, arch/x86/kernel/apic/msi.c'
    },
    'gic-v3': {
        role: 'root', kernelName: '<fwnode name>-1', hwirq: 'the GIC INTID',
        summary: 'ARM GICv3 distributor/redistributors: the root of an arm64 hierarchy.',
        text: 'INTID ranges: SGI 0-15, PPI 16-31, SPI 32-1019, LPI from 8192. SPIs and LPIs use `handle_fasteoi_irq`, '
            + 'PPIs `handle_percpu_devid_irq`. Every interrupt is `IRQD_HANDLE_ENFORCE_IRQCTX`: no software resend.',
        kernel: '`gic_irq_domain_ops`, `gic_irq_domain_map()`, `gic_chip`',
        source: 'drivers/irqchip/irq-gic-v3.c'
    },
    'gic-its': {
        role: 'msi-parent', kernelName: '<fwnode name>-5', hwirq: 'the LPI INTID',
        summary: 'GICv3 ITS: translates (DeviceID, EventID) into LPIs; MSI parent on the GICv3 domain, prefix "ITS-".',
        text: 'Requires `USE_DEF_DOM_OPS | USE_DEF_CHIP_OPS | PCI_MSI_MASK_PARENT` from its children and installs '
            + '`irq_chip_eoi_parent`. Affinity is a MOVI command and returns `IRQ_SET_MASK_OK_DONE`: the device '
            + 'message never changes. One ITT per DeviceID, sized to a power of two from the domain\'s hwsize.',
        kernel: '`its_domain_ops`, `its_irq_chip`, `gic_v3_its_msi_parent_ops`',
        source: 'drivers/irqchip/irq-gic-v3-its.c, drivers/irqchip/irq-gic-its-msi-parent.c'
    },
    'riscv-intc': {
        role: 'root', kernelName: 'RISC-V INTC', hwirq: 'the cause number (9 = S-mode external)',
        summary: 'RISC-V per-hart local interrupt controller: the CPU-level root.',
        text: 'The IMSIC is chained to its external-interrupt cause 9, not parented on it.',
        kernel: '`riscv_intc_domain_ops`',
        source: 'drivers/irqchip/irq-riscv-intc.c'
    },
    'imsic': {
        role: 'msi-parent', kernelName: '<fwnode name>-5', hwirq: 'the Linux irq number',
        summary: 'RISC-V AIA IMSIC: per-hart interrupt files; MSI parent without an irq-domain parent (chained to INTC).',
        text: 'Chip "IMSIC": per-hart enable bits for mask/unmask, `irq_ack = irq_move_irq` (no EOI: reading TOPEI claims), '
            + '`irq_retrigger` writes the ID to the page, `irq_set_affinity` allocates a new ID and rewrites the device '
            + 'message. No multi-MSI.',
        kernel: '`imsic_msi_parent_ops`, `imsic_handle_irq()`',
        source: 'drivers/irqchip/irq-riscv-imsic-platform.c, drivers/irqchip/irq-riscv-imsic-early.c'
    },
    'aplic-msi': {
        role: 'device', kernelName: '<fwnode name>-16', hwirq: 'the APLIC source number (1..1023)',
        summary: 'RISC-V APLIC in MSI mode: a per-device MSI domain turning wired sources into IMSIC messages.',
        text: 'Chip "APLIC-MSI": mask = source disable then `irq_chip_mask_parent`, `irq_eoi` re-pends level sources, '
            + '`irq_write_msi_msg` programs the source\'s TARGET register. Flow handler `handle_fasteoi_irq`.',
        kernel: '`aplic_msi_template`, `aplic_msi_write_msg()`',
        source: 'drivers/irqchip/irq-riscv-aplic-msi.c'
    },
    'aplic-direct': {
        role: 'wired', kernelName: '<fwnode name>-1', hwirq: 'the APLIC source number',
        summary: 'RISC-V APLIC in direct mode: a wired controller delivering through per-hart IDCs to the INTC.',
        text: '',
        kernel: '`aplic_direct_domain_ops`',
        source: 'drivers/irqchip/irq-riscv-aplic-direct.c'
    },
    'intel-ir': {
        role: 'msi-parent', kernelName: 'INTEL-IR-<n>-13', hwirq: 'irte_index << 16 | sub_handle',
        summary: 'Intel VT-d interrupt remapping unit: MSI parent on VECTOR, one per DMAR unit, prefix "IR-".',
        text: '65536 IRTEs per unit; sets `IRQ_DOMAIN_FLAG_ISOLATED_MSI`. Chip "INTEL-IR": `irq_ack = apic_ack_irq`, '
            + '`irq_set_affinity = intel_ir_set_affinity` (rewrites only the IRTE, returns `IRQ_SET_MASK_OK_DONE`), '
            + '`irq_compose_msi_msg = intel_ir_compose_msi_msg` (remappable format: a handle, no vector, no CPU), '
            + '`irq_set_vcpu_affinity` (posted interrupts). No mask or unmask.',
        kernel: '`intel_ir_domain_ops`, `intel_ir_chip`, `dmar_msi_parent_ops`',
        source: 'drivers/iommu/intel/irq_remapping.c'
    },
    'amd-ir': {
        role: 'msi-parent', kernelName: 'AMD-IR-<n>-14', hwirq: 'the IRTE index',
        summary: 'AMD-Vi interrupt remapping: MSI parent on VECTOR, mirrors Intel IR, prefix "IR-".',
        text: 'Sets `IRQ_DOMAIN_FLAG_ISOLATED_MSI`; `irq_set_vcpu_affinity` implements AVIC posting.',
        kernel: '`amd_ir_domain_ops`, `amd_ir_chip`',
        source: 'drivers/iommu/amd/iommu.c'
    },
    'ioapic': {
        role: 'wired', kernelName: 'IO-APIC-<n>', hwirq: 'the IO-APIC pin',
        summary: 'x86 IO-APIC: wired interrupt lines, parented on an IR unit or on VECTOR.',
        text: 'Named "IO-APIC-IR-<n>" when remapped. Level-triggered pins use `handle_fasteoi_irq`.',
        kernel: '`mp_ioapic_irqdomain_ops`, `ioapic_chip`, `ioapic_ir_chip`',
        source: 'arch/x86/kernel/apic/io_apic.c'
    },
    'wired': {
        role: 'wired', kernelName: '<fwnode name>-1', hwirq: 'the input line number',
        summary: 'A generic wired interrupt controller (GPIO, mux, legacy lines).',
        text: 'Lines have a trigger type (`irq_set_type`); often chained to a parent interrupt rather than parented.',
        kernel: '`struct irq_domain_ops` with `translate`/`alloc`',
        source: irqdomainC
    },
    'hpet-msi': {
        role: 'device', kernelName: 'HPET-MSI-<n>', hwirq: 'the HPET channel',
        summary: 'x86 HPET timer channels delivering by MSI.',
        text: '',
        kernel: '`hpet_msi_controller`, `hpet_msi_domain_ops`',
        source: 'arch/x86/kernel/hpet.c'
    },
    'dmar-msi': {
        role: 'device', kernelName: 'DMAR-MSI', hwirq: 'the DMAR unit id',
        summary: 'The IOMMU\'s own fault interrupt; always parented on VECTOR, never remapped (R-IR-SELF).',
        text: 'Composed with `__irq_msi_compose_msg(..., dmar = true)`: the only message that puts APIC ID bits 8-31 in '
            + 'address_hi. `IRQCHIP_MOVE_DEFERRED`, `handle_edge_irq`.',
        kernel: '`dmar_get_irq_domain()`, `dmar_msi_compose_msg()`',
        source: 'arch/x86/kernel/apic/msi.c'
    },
    'pci-msi': {
        role: 'device', kernelName: '<prefix>PCI-MSI-<bdf>-11', hwirq: 'the MSI index',
        summary: 'Per-device PCI/MSI domain: 1..32 vectors (power of two), one message for the whole block.',
        text: 'Created from `pci_msi_template` by `pci_setup_msi_device_domain()`. Chip: `irq_mask/unmask = '
            + 'pci_irq_mask_msi/pci_irq_unmask_msi`, `irq_write_msi_msg = pci_msi_domain_write_msg`, '
            + '`IRQCHIP_ONESHOT_SAFE`; `MSI_FLAG_ACTIVATE_EARLY`. A device uses MSI or MSI-X, never both.',
        kernel: '`pci_msi_template`, `msi_create_device_irq_domain()`',
        source: pciIrqdomainC
    },
    'pci-msix': {
        role: 'device', kernelName: '<prefix>PCI-MSIX-<bdf>-12', hwirq: 'the MSI-X table index',
        summary: 'Per-device PCI/MSI-X domain: one table entry (address, data, vector-control mask bit) per interrupt.',
        text: 'Created from `pci_msix_template` by `pci_setup_msix_device_domain()`. Chip: `irq_mask/unmask = '
            + 'pci_irq_mask_msix/pci_irq_unmask_msix` (the entry\'s mask bit), `irq_write_msi_msg = '
            + 'pci_msi_domain_write_msg` (the entry is masked around the write), `IRQCHIP_ONESHOT_SAFE`.',
        kernel: '`pci_msix_template`, `msi_create_device_irq_domain()`',
        source: pciIrqdomainC
    },
    'ims': {
        role: 'device', kernelName: '<prefix><chip>-<bdf>-15', hwirq: 'the IMS slot index',
        summary: 'PCI/IMS device domain (Interrupt Message Store, v6.2-v6.9): message slots inside the device.',
        text: 'Created by `pci_create_ims_domain()` in `MSI_SECONDARY_DOMAIN`, a sibling of the MSI-X domain under the '
            + 'same MSI parent. The chip must have `irq_mask`, `irq_unmask`, `irq_write_msi_msg` and no '
            + '`irq_set_affinity`; queue-memory storage adds `irq_bus_lock/irq_bus_sync_unlock`. Reverted in 2024 '
            + '(no in-tree user).',
        kernel: '`pci_create_ims_domain()`, `pci_ims_alloc_irq()`',
        source: pciIrqdomainC + ' (v6.2-v6.9)'
    },
    'device-msi': {
        role: 'device', kernelName: '<prefix><chip>-<device>-15', hwirq: 'the MSI index',
        summary: 'Per-device MSI domain of a platform device (replaces the global platform-MSI domain).',
        text: '',
        kernel: '`platform_device_msi_init_and_alloc_irqs()`',
        source: 'drivers/base/platform-msi.c, ' + msiC
    },
    'global-pci-msi': {
        role: 'global-msi', kernelName: '<prefix>PCI-MSI-3', hwirq: 'a PCI-derived id (requester ID and index)',
        summary: 'Legacy global PCI/MSI domain shared by all devices of a parent (R-NO-GLOBAL-PCIMSI: prefer MSI parents).',
        text: '',
        kernel: '`pci_msi_create_irq_domain()`',
        source: pciIrqdomainC
    },
    'platform-msi': {
        role: 'global-msi', kernelName: '<fwnode name>-4', hwirq: 'a device-derived id',
        summary: 'Legacy global platform-MSI domain; "a crutch", removed after v6.9 (R-NO-PLATFORM-MSI).',
        text: 'Used a per-device `msi_desc->write_msi_msg` indirection - "borderline abuse of the hierarchy".',
        kernel: '`platform_msi_create_irq_domain()`',
        source: 'drivers/base/platform-msi.c (before v6.10)'
    },
    'dev-msi': {
        role: 'global-msi', kernelName: '<prefix>DEV-MSI-4', hwirq: 'a device-derived id',
        summary: 'The 2020 DEV_MSI RFC domain built on platform-MSI; never merged (IMS device domains replaced it).',
        text: '',
        kernel: '"irq/dev-msi: Add support for a new DEV_MSI irq domain" (RFC v2 02/18, 2020)',
        source: 'not in the kernel'
    },
    'custom': {
        role: 'custom', kernelName: '<name>', hwirq: 'defined by the declaration',
        summary: 'A user-defined level: nothing is assumed, every callback and flag comes from the declaration.',
        text: '',
        kernel: '`struct irq_domain` + `struct irq_domain_ops`',
        source: irqdomainH
    }
};

/** Domain kinds (`domain NAME : kind`). */
export const domainKindDescriptions: Readonly<Record<string, DomainKindDescription>> = Object.fromEntries(
    (Object.entries(domainKindTexts) as Array<[DomainKind, DomainKindText]>).map(([kind, text]) =>
        [kind, { ...text, busToken: KINDS[kind].busToken, chipName: KINDS[kind].chip.name }])
);

/** irq chip callbacks (`chip NAME { callback: mode }`), keyed without the `irq_` prefix. */
export const chipCallbackDescriptions: Readonly<Record<string, CallbackDescription>> = {
    mask: {
        summary: 'Stop delivery of this source in this level\'s hardware.',
        text: 'The core (`mask_irq()`) calls only the leaf chip and skips the call when `IRQD_IRQ_MASKED` already says so. '
            + 'Leaves mask the device (MSI-X vector-control bit, IMS slot control bit); a leaf may also mask at the parent.',
        kernel: '`irq_chip::irq_mask`', source: `${irqH}, ${chipC}`, parentHelper: 'irq_chip_mask_parent',
        examples: '`pci_irq_mask_msix()`, `its_mask_irq()`, `gic_mask_irq()`; the x86 APIC and INTEL-IR chips have none'
    },
    unmask: {
        summary: 'Allow delivery of this source again.',
        text: 'Called on the leaf by `unmask_irq()` and at startup; order is parent first, then device.',
        kernel: '`irq_chip::irq_unmask`', source: `${irqH}, ${chipC}`, parentHelper: 'irq_chip_unmask_parent',
        examples: '`pci_irq_unmask_msix()`, `its_unmask_irq()`'
    },
    mask_ack: {
        summary: 'Mask and acknowledge in one call (used by `mask_ack_irq()`).',
        text: 'Falls back to `irq_mask` followed by `irq_ack` when absent.',
        kernel: '`irq_chip::irq_mask_ack`', source: chipC, parentHelper: 'irq_chip_mask_ack_parent'
    },
    ack: {
        summary: 'Acknowledge the start of handling an edge interrupt.',
        text: '`handle_edge_irq()` calls the leaf\'s `irq_ack` unconditionally. At the x86 vector level it is '
            + '`apic_ack_edge()` = `irq_complete_move()` + local APIC EOI (the EOI happens before the handler); '
            + 'INTEL-IR uses `apic_ack_irq()` and does not call the vector chip.',
        kernel: '`irq_chip::irq_ack`', source: `${chipC}, arch/x86/kernel/apic/vector.c`, parentHelper: 'irq_chip_ack_parent',
        examples: '`apic_ack_edge()`, `apic_ack_irq()`, `imsic_irq_ack()`'
    },
    eoi: {
        summary: 'Signal end of interrupt, after the handler ran.',
        text: '`handle_fasteoi_irq()` calls the leaf\'s `irq_eoi` (unless `IRQCHIP_EOI_IF_HANDLED` skips it). GICv3 writes '
            + 'ICC_EOIR1; ITS and MSI leaves on GIC delegate it.',
        kernel: '`irq_chip::irq_eoi`', source: chipC, parentHelper: 'irq_chip_eoi_parent',
        examples: '`gic_eoi_irq()`, `aplic_msi_irq_eoi()`'
    },
    set_affinity: {
        summary: 'Route the interrupt to a CPU mask.',
        text: 'Returns `IRQ_SET_MASK_OK` (an MSI leaf then recomposes and rewrites the device message) or '
            + '`IRQ_SET_MASK_OK_DONE` (IR, ITS, IMSIC: the device is left alone). x86 vector: `apic_set_affinity()` '
            + 'allocates a new vector; MSI leaves get `msi_domain_set_affinity()` from the core.',
        kernel: '`irq_chip::irq_set_affinity`', source: `${manageC}, ${msiC}`, parentHelper: 'irq_chip_set_affinity_parent',
        examples: '`apic_set_affinity()`, `intel_ir_set_affinity()`, `its_set_affinity()`, `msi_set_affinity()`'
    },
    compose_msi_msg: {
        summary: 'Produce the MSI address/data pair for the device.',
        text: '`irq_chip_compose_msi_msg()` walks from the leaf towards the root and uses the first chip that has it: '
            + 'INTEL-IR with remapping, the vector chip without, the ITS on arm64, the IMSIC on RISC-V.',
        kernel: '`irq_chip::irq_compose_msi_msg`', source: `${chipC}, ${msiC}`,
        examples: '`x86_vector_msi_compose_msg()`, `intel_ir_compose_msi_msg()`, `its_irq_compose_msi_msg()`'
    },
    write_msi_msg: {
        summary: 'Store the composed message into the device\'s storage.',
        text: 'Only MSI leaves implement it: PCI `pci_msi_domain_write_msg()` → `__pci_write_msi_msg()` (MSI-X entry '
            + 'masked around the write), IMS writes the slot, APLIC-MSI programs TARGET.',
        kernel: '`irq_chip::irq_write_msi_msg`', source: `${msiC}, ${pciIrqdomainC}`,
        examples: '`pci_msi_domain_write_msg()`, `aplic_msi_write_msg()`'
    },
    retrigger: {
        summary: 'Re-raise a pending interrupt in hardware (on enable).',
        text: '`check_irq_resend()` uses the leaf\'s `irq_retrigger` or `irq_chip_retrigger_hierarchy()`, which walks to '
            + 'the first ancestor that has one: x86 `apic_retrigger_irq()` sends the vector as an IPI, ITS an INT '
            + 'command, IMSIC writes the ID to the page.',
        kernel: '`irq_chip::irq_retrigger`', source: `kernel/irq/resend.c, ${chipC}`, parentHelper: 'irq_chip_retrigger_hierarchy',
        examples: '`apic_retrigger_irq()`'
    },
    set_type: {
        summary: 'Set the trigger type (edge/level, polarity).',
        text: 'Implemented by wired controllers (GIC, APLIC, IO-APIC); MSI is edge by nature.',
        kernel: '`irq_chip::irq_set_type`', source: `${chipC}, ${manageC}`, parentHelper: 'irq_chip_set_type_parent'
    },
    set_vcpu_affinity: {
        summary: 'Post the interrupt directly to a vCPU (or return it to the host).',
        text: '`irq_set_vcpu_affinity()` walks the parents to the first chip that has it: Intel/AMD IR (posted '
            + 'interrupts), GICv4 ITS (vLPIs). A posted interrupt bypasses the host\'s irq_desc.',
        kernel: '`irq_chip::irq_set_vcpu_affinity`', source: manageC, parentHelper: 'irq_chip_set_vcpu_affinity_parent',
        examples: '`intel_ir_set_vcpu_affinity()`, `its_irq_set_vcpu_affinity()`'
    },
    startup: {
        summary: 'Start the interrupt at `request_irq()`/enable; defaults to enable, then unmask.',
        text: '', kernel: '`irq_chip::irq_startup`', source: chipC
    },
    shutdown: {
        summary: 'Shut the interrupt down at `free_irq()`; defaults to disable and mask.',
        text: 'The IDXD IMS example zeroes the slot here.', kernel: '`irq_chip::irq_shutdown`', source: chipC
    },
    enable: {
        summary: 'Enable the interrupt; defaults to unmask.',
        text: '', kernel: '`irq_chip::irq_enable`', source: chipC, parentHelper: 'irq_chip_enable_parent'
    },
    disable: {
        summary: 'Disable the interrupt; without it `disable_irq()` is lazy (the flow handler masks later).',
        text: '', kernel: '`irq_chip::irq_disable`', source: chipC, parentHelper: 'irq_chip_disable_parent'
    },
    bus_lock: {
        summary: 'Take the slow-bus lock before mask/unmask/write (sleeping chips).',
        text: 'Required when the message store is not directly MMIO accessible (queue-memory IMS, R-SLOW-BUS).',
        kernel: '`irq_chip::irq_bus_lock`', source: `${irqH}, ${manageC}`
    },
    bus_sync_unlock: {
        summary: 'Flush the recorded mask/write state over the slow bus and unlock.',
        text: 'Mask requests on such chips take effect here, not at the call.',
        kernel: '`irq_chip::irq_bus_sync_unlock`', source: `${irqH}, ${manageC}`
    },
    set_wake: {
        summary: 'Enable or disable the interrupt as a system wake-up source.',
        text: '', kernel: '`irq_chip::irq_set_wake`', source: manageC, parentHelper: 'irq_chip_set_wake_parent'
    },
    get_irqchip_state: {
        summary: 'Read the pending/active/masked state from the hardware.',
        text: '', kernel: '`irq_chip::irq_get_irqchip_state`', source: manageC, parentHelper: 'irq_chip_get_parent_state'
    },
    set_irqchip_state: {
        summary: 'Force the pending/active/masked state in the hardware.',
        text: '', kernel: '`irq_chip::irq_set_irqchip_state`', source: manageC, parentHelper: 'irq_chip_set_parent_state'
    },
    request_resources: {
        summary: 'Acquire per-interrupt resources at `request_irq()`.',
        text: '', kernel: '`irq_chip::irq_request_resources`', source: manageC, parentHelper: 'irq_chip_request_resources_parent'
    },
    release_resources: {
        summary: 'Release per-interrupt resources at `free_irq()`.',
        text: '', kernel: '`irq_chip::irq_release_resources`', source: manageC, parentHelper: 'irq_chip_release_resources_parent'
    },
    nmi_setup: {
        summary: 'Prepare the line for NMI delivery (root chips with `IRQCHIP_SUPPORTS_NMI` only).',
        text: '', kernel: '`irq_chip::irq_nmi_setup`', source: manageC
    },
    nmi_teardown: {
        summary: 'Undo `irq_nmi_setup`.',
        text: '', kernel: '`irq_chip::irq_nmi_teardown`', source: manageC
    },
    force_complete_move: {
        summary: 'Finish a pending vector move when a CPU goes offline (x86 vector chip).',
        text: '', kernel: '`irq_chip::irq_force_complete_move`', source: 'arch/x86/kernel/apic/vector.c'
    }
};

/** Domain and MSI domain operations (`ops { op: mode }`). */
export const domainOpDescriptions: Readonly<Record<string, CallbackDescription>> = {
    alloc: {
        summary: 'Reserve this level\'s resource, fill its irq_data and ask the parent (`irq_domain_alloc_irqs_parent()`).',
        text: 'Ordering of the parent call is the domain\'s choice: MSI and IR domains allocate the parent first, the ITS '
            + 'its own EventID first.',
        kernel: '`irq_domain_ops::alloc`', source: irqdomainC, parentHelper: 'irq_domain_alloc_irqs_parent'
    },
    free: {
        summary: 'Release this level\'s resource, then the parent\'s.',
        text: '', kernel: '`irq_domain_ops::free`', source: irqdomainC, parentHelper: 'irq_domain_free_irqs_parent'
    },
    activate: {
        summary: 'Program the hardware for one interrupt; the core activates parents first.',
        text: '`reserve` = only reserve a vector (x86 reservation mode).', kernel: '`irq_domain_ops::activate`', source: irqdomainC
    },
    deactivate: {
        summary: 'Disarm the hardware; the core deactivates children first.',
        text: '', kernel: '`irq_domain_ops::deactivate`', source: irqdomainC
    },
    translate: {
        summary: 'Decode a firmware specifier (DT/ACPI cells) into hwirq and trigger type.',
        text: '', kernel: '`irq_domain_ops::translate`', source: irqdomainH
    },
    select: {
        summary: 'Domain lookup by fwspec and bus token (preferred over `match`).',
        text: '', kernel: '`irq_domain_ops::select`', source: irqdomainC
    },
    match: {
        summary: 'Legacy domain lookup by fwnode and bus token.',
        text: '', kernel: '`irq_domain_ops::match`', source: irqdomainC
    },
    map: { summary: 'Legacy (non-hierarchical) mapping of one hwirq.', text: '', kernel: '`irq_domain_ops::map`', source: irqdomainC },
    unmap: { summary: 'Legacy (non-hierarchical) unmapping of one hwirq.', text: '', kernel: '`irq_domain_ops::unmap`', source: irqdomainC },
    xlate: { summary: 'Legacy firmware specifier decoding.', text: '', kernel: '`irq_domain_ops::xlate`', source: irqdomainC },
    msi_prepare: {
        summary: 'Prepare a device for allocation, once per device domain (ITS: create the ITT from hwsize).',
        text: '', kernel: '`msi_domain_ops::msi_prepare`', source: `${msiH}, ${msiC}`
    },
    prepare_desc: {
        summary: 'Complete an msi_desc before allocation (IMS: compute the slot address, pre-mask the slot).',
        text: '', kernel: '`msi_domain_ops::prepare_desc`', source: msiC
    },
    set_desc: {
        summary: 'Set `arg->desc` and `arg->hwirq` (the msi_index for device domains).',
        text: '', kernel: '`msi_domain_ops::set_desc`', source: msiC
    },
    msi_init: {
        summary: 'Initialise the leaf level: hwirq, chip, chip data and flow handler.',
        text: '', kernel: '`msi_domain_ops::msi_init`', source: msiC
    },
    msi_free: { summary: 'Undo `msi_init`.', text: '', kernel: '`msi_domain_ops::msi_free`', source: msiC },
    get_hwirq: { summary: 'Compute the hwirq of an allocation (legacy global MSI domains).', text: '', kernel: '`msi_domain_ops::get_hwirq`', source: msiC },
    msi_teardown: { summary: 'Undo `msi_prepare` when the device domain goes away.', text: '', kernel: '`msi_domain_ops::msi_teardown`', source: msiC },
    msi_post_free: { summary: 'Called after the interrupts of a device were freed.', text: '', kernel: '`msi_domain_ops::msi_post_free`', source: msiC },
    msi_translate: { summary: 'Translate a wired specifier for wire-to-MSI bridges (MBIGEN).', text: '', kernel: '`msi_domain_ops::msi_translate`', source: msiC },
    init_dev_msi_info: {
        summary: 'MSI parent hook: restrict/extend a child device domain\'s flags and chip at creation.',
        text: 'Intermediate parents delegate it downwards (`msi_parent_init_dev_msi_info()`), so the root decides.',
        kernel: '`msi_parent_ops::init_dev_msi_info`', source: `${msiC}, drivers/irqchip/irq-msi-lib.c`
    }
};

/** Callback modes (`callback: mode`). */
export const callbackModeDescriptions: Readonly<Record<string, KernelDescription>> = {
    self: {
        summary: 'Implemented by this level\'s own hardware.',
        text: 'The level touches only its own state.', kernel: 'a function in this level\'s `struct irq_chip`', source: irqH
    },
    parent: {
        summary: 'Delegated to the immediate parent level with the generic `irq_chip_*_parent` helper.',
        text: 'The helpers dereference exactly `data->parent_data`: one level, never further (R-DELEGATE-PARENT-ONLY).',
        kernel: '`irq_chip_*_parent()`', source: chipC
    },
    none: {
        summary: 'Not implemented at this level (the chip member is NULL).',
        text: 'The core then uses its fallback (e.g. lazy disable, software resend) or fails with -ENOSYS.',
        kernel: 'NULL member', source: irqH
    },
    platform: {
        summary: 'Routed through a per-platform indirection (legacy platform-MSI `msi_desc->write_msi_msg`).',
        text: 'A "zoo of platform callbacks" is what the 2020 review rejected (R-NO-PLATFORM-CALLBACKS).',
        kernel: '`msi_desc::write_msi_msg`', source: 'drivers/base/platform-msi.c (before v6.10)'
    },
    target: {
        summary: 'Delegated to the named level.',
        text: 'Only the immediate parent is legal; walking further is reserved to the core (R-DELEGATE-PARENT-ONLY).',
        kernel: '`irq_data::parent_data`', source: chipC
    }
};

/** irq chip flags (`flags` in a chip), keyed without the `IRQCHIP_` prefix. */
export const chipFlagDescriptions: Readonly<Record<string, KernelDescription>> = {
    SET_TYPE_MASKED: { summary: 'Mask before calling `irq_set_type()`.', text: '', kernel: 'IRQCHIP_SET_TYPE_MASKED', source: irqH },
    EOI_IF_HANDLED: { summary: 'Only issue `irq_eoi()` when the interrupt was handled.', text: '', kernel: 'IRQCHIP_EOI_IF_HANDLED', source: irqH },
    MASK_ON_SUSPEND: { summary: 'Mask non-wake interrupts in the suspend path.', text: '', kernel: 'IRQCHIP_MASK_ON_SUSPEND', source: irqH },
    ONOFFLINE_ENABLED: { summary: 'Only call `irq_on/off_line` callbacks when the interrupt is enabled.', text: '', kernel: 'IRQCHIP_ONOFFLINE_ENABLED', source: irqH },
    SKIP_SET_WAKE: { summary: 'Skip the chip\'s `irq_set_wake()`.', text: '', kernel: 'IRQCHIP_SKIP_SET_WAKE', source: irqH },
    ONESHOT_SAFE: {
        summary: 'Threaded oneshot interrupts need no mask/unmask at this chip.',
        text: 'PCI/MSI leaf chips set it, so a threaded irq with a NULL primary handler may omit `IRQF_ONESHOT` (R-ONESHOT).',
        kernel: 'IRQCHIP_ONESHOT_SAFE', source: `${irqH}, ${manageC}`
    },
    EOI_THREADED: { summary: 'Issue the EOI only after the thread handler finished.', text: '', kernel: 'IRQCHIP_EOI_THREADED', source: irqH },
    SUPPORTS_LEVEL_MSI: {
        summary: 'The chip can supply two doorbells for level-triggered MSI.',
        text: 'Needed together with `MSI_FLAG_LEVEL_CAPABLE` (R-LEVEL-MSI).', kernel: 'IRQCHIP_SUPPORTS_LEVEL_MSI', source: `${irqH}, ${msiC}`
    },
    SUPPORTS_NMI: { summary: 'The chip can deliver NMIs - only for root irqchips (R-NMI-ROOT).', text: '', kernel: 'IRQCHIP_SUPPORTS_NMI', source: irqH },
    ENABLE_WAKEUP_ON_SUSPEND: { summary: 'Enable wake-up interrupts that are disabled at suspend.', text: '', kernel: 'IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND', source: irqH },
    AFFINITY_PRE_STARTUP: { summary: 'Set the affinity before startup (x86 MSI leaves).', text: '', kernel: 'IRQCHIP_AFFINITY_PRE_STARTUP', source: `${irqH}, ${chipC}` },
    IMMUTABLE: { summary: 'The core must never patch this chip structure.', text: '', kernel: 'IRQCHIP_IMMUTABLE', source: irqH },
    MOVE_DEFERRED: {
        summary: 'Move the interrupt only from interrupt context (at the next ack).',
        text: 'x86 non-remapped PCI/MSI and DMAR-MSI: `irq_set_affinity()` only records `IRQD_SETAFFINITY_PENDING`; '
            + '`irq_move_irq()` applies it when the next interrupt is acknowledged.',
        kernel: 'IRQCHIP_MOVE_DEFERRED', source: `${irqH}, kernel/irq/migration.c`
    }
};

/** Domain flags (`flags` in a domain), keyed without the `IRQ_DOMAIN_FLAG_` prefix. */
export const domainFlagDescriptions: Readonly<Record<string, KernelDescription>> = {
    HIERARCHY: { summary: 'The domain is hierarchical (set when `ops->alloc` exists).', text: '', kernel: 'IRQ_DOMAIN_FLAG_HIERARCHY', source: `${irqdomainH}, ${irqdomainC}` },
    NAME_ALLOCATED: { summary: 'The domain name was allocated by the core.', text: '', kernel: 'IRQ_DOMAIN_NAME_ALLOCATED', source: irqdomainH },
    IPI_PER_CPU: { summary: 'The domain hands out one IPI per CPU.', text: '', kernel: 'IRQ_DOMAIN_FLAG_IPI_PER_CPU', source: irqdomainH },
    IPI_SINGLE: { summary: 'The domain hands out a single IPI for all CPUs.', text: '', kernel: 'IRQ_DOMAIN_FLAG_IPI_SINGLE', source: irqdomainH },
    MSI: { summary: 'The domain implements MSI (set by `__msi_create_irq_domain()`).', text: '', kernel: 'IRQ_DOMAIN_FLAG_MSI', source: `${irqdomainH}, ${msiC}` },
    ISOLATED_MSI: {
        summary: 'Hardware on the path checks that a device only raises its own interrupts.',
        text: 'Set by Intel/AMD IR; VFIO requires it on the parent chain of assigned devices (R-ISOLATION).',
        kernel: 'IRQ_DOMAIN_FLAG_ISOLATED_MSI', source: `${irqdomainH}, ${msiC}: msi_device_has_isolated_msi()`
    },
    NO_MAP: { summary: 'The domain does no hwirq translation (legacy NOMAP).', text: '', kernel: 'IRQ_DOMAIN_FLAG_NO_MAP', source: irqdomainH },
    MSI_PARENT: {
        summary: 'Per-device MSI domains may be stacked on this domain.',
        text: 'Vector, Intel/AMD IR, ITS and IMSIC domains; comes with `struct msi_parent_ops`.',
        kernel: 'IRQ_DOMAIN_FLAG_MSI_PARENT', source: `${irqdomainH}, ${msiC}: msi_create_parent_irq_domain()`
    },
    MSI_DEVICE: {
        summary: 'A per-device MSI domain (a leaf).',
        text: '', kernel: 'IRQ_DOMAIN_FLAG_MSI_DEVICE', source: `${irqdomainH}, ${msiC}: msi_create_device_irq_domain()`
    },
    DESTROY_GC: { summary: 'Free the generic chip when the domain is removed.', text: '', kernel: 'IRQ_DOMAIN_FLAG_DESTROY_GC', source: irqdomainH },
    MSI_IMMUTABLE: {
        summary: 'The address/data pair does not change on `irq_set_affinity()` (GICv3 ITS since 2025).',
        text: '', kernel: 'IRQ_DOMAIN_FLAG_MSI_IMMUTABLE', source: irqdomainH
    },
    FWNODE_PARENT: { summary: 'The parent is looked up through the fwnode.', text: '', kernel: 'IRQ_DOMAIN_FLAG_FWNODE_PARENT', source: irqdomainH },
    NONCORE: { summary: 'First of the driver-private flag bits.', text: '', kernel: 'IRQ_DOMAIN_FLAG_NONCORE', source: irqdomainH }
};

/** MSI domain flags (`msi-flags`, `supports`, `requires`), keyed without the `MSI_FLAG_` prefix. */
export const msiFlagDescriptions: Readonly<Record<string, KernelDescription>> = {
    USE_DEF_DOM_OPS: { summary: 'Use the default MSI domain ops.', text: '', kernel: 'MSI_FLAG_USE_DEF_DOM_OPS', source: msiH },
    USE_DEF_CHIP_OPS: { summary: 'Use the default MSI chip ops.', text: '', kernel: 'MSI_FLAG_USE_DEF_CHIP_OPS', source: msiH },
    ACTIVATE_EARLY: {
        summary: 'Activate at allocation, so the device never latches an unprogrammed message (all PCI device domains).',
        text: '', kernel: 'MSI_FLAG_ACTIVATE_EARLY', source: `${msiH}, ${msiC}: msi_init_virq()`
    },
    MUST_REACTIVATE: { summary: 'Re-activate when the interrupt is started again.', text: '', kernel: 'MSI_FLAG_MUST_REACTIVATE', source: msiH },
    DEV_SYSFS: { summary: 'Populate the per-device sysfs msi_irqs entries.', text: '', kernel: 'MSI_FLAG_DEV_SYSFS', source: msiH },
    ALLOC_SIMPLE_MSI_DESCS: { summary: 'The core allocates simple msi_descs (required for IMS).', text: '', kernel: 'MSI_FLAG_ALLOC_SIMPLE_MSI_DESCS', source: msiH },
    FREE_MSI_DESCS: { summary: 'The core frees the msi_descs after freeing the interrupts (required for IMS).', text: '', kernel: 'MSI_FLAG_FREE_MSI_DESCS', source: msiH },
    USE_DEV_FWNODE: { summary: 'Use the device\'s fwnode for the domain.', text: '', kernel: 'MSI_FLAG_USE_DEV_FWNODE', source: msiH },
    PARENT_PM_DEV: { summary: 'Use the parent\'s device for runtime PM.', text: '', kernel: 'MSI_FLAG_PARENT_PM_DEV', source: msiH },
    PCI_MSI_MASK_PARENT: {
        summary: 'The leaf also masks at the parent (ITS and IMSIC require it; x86 cannot).',
        text: 'Legal only if the parent chip has mask/unmask (R-MASK-PARENT).',
        kernel: 'MSI_FLAG_PCI_MSI_MASK_PARENT', source: `${msiH}, ${pciIrqdomainC}: cond_mask_parent()`
    },
    MULTI_PCI_MSI: {
        summary: 'Multi-vector PCI MSI is supported (not by the bare x86 vector domain, not by IMSIC).',
        text: '', kernel: 'MSI_FLAG_MULTI_PCI_MSI', source: msiH
    },
    PCI_MSIX: { summary: 'PCI MSI-X is supported.', text: '', kernel: 'MSI_FLAG_PCI_MSIX', source: msiH },
    LEVEL_CAPABLE: { summary: 'Level-triggered MSI (two messages) is supported.', text: '', kernel: 'MSI_FLAG_LEVEL_CAPABLE', source: `${msiH}, ${msiC}: msi_check_level()` },
    MSIX_CONTIGUOUS: { summary: 'MSI-X vectors must be allocated contiguously.', text: '', kernel: 'MSI_FLAG_MSIX_CONTIGUOUS', source: msiH },
    PCI_MSIX_ALLOC_DYN: { summary: 'MSI-X vectors may be allocated after MSI-X was enabled.', text: '', kernel: 'MSI_FLAG_PCI_MSIX_ALLOC_DYN', source: msiH },
    NO_AFFINITY: { summary: 'The leaf has no affinity setting of its own (muxed parents).', text: '', kernel: 'MSI_FLAG_NO_AFFINITY', source: msiH },
    NO_MASK: { summary: 'The interrupt cannot be masked at the device.', text: '', kernel: 'MSI_FLAG_NO_MASK', source: msiH },
    PCI_IMS: { summary: 'PCI/IMS is supported (v6.2-v6.9 only).', text: '', kernel: 'MSI_FLAG_PCI_IMS', source: `${msiH} (v6.2-v6.9)` }
};

/** Bus tokens (`bus-token`, `accepts`), keyed without the `DOMAIN_BUS_` prefix. */
export const busTokenDescriptions: Readonly<Record<string, BusTokenDescription>> = {
    ANY: { value: 0, summary: 'Matches any domain; no name suffix.', text: '', kernel: 'DOMAIN_BUS_ANY', source: 'include/linux/irqdomain_defs.h' },
    WIRED: { value: 1, summary: 'Wired interrupt lines.', text: '', kernel: 'DOMAIN_BUS_WIRED', source: 'include/linux/irqdomain_defs.h' },
    GENERIC_MSI: { value: 2, summary: 'Generic MSI.', text: '', kernel: 'DOMAIN_BUS_GENERIC_MSI', source: 'include/linux/irqdomain_defs.h' },
    PCI_MSI: { value: 3, summary: 'Legacy global PCI/MSI domain.', text: '', kernel: 'DOMAIN_BUS_PCI_MSI', source: 'include/linux/irqdomain_defs.h' },
    PLATFORM_MSI: { value: 4, summary: 'Legacy global platform-MSI domain.', text: '', kernel: 'DOMAIN_BUS_PLATFORM_MSI', source: 'include/linux/irqdomain_defs.h' },
    NEXUS: { value: 5, summary: 'An MSI parent serving several child bus types (ITS, IMSIC, GIC MBI).', text: '', kernel: 'DOMAIN_BUS_NEXUS', source: 'include/linux/irqdomain_defs.h' },
    IPI: { value: 6, summary: 'Inter-processor interrupts.', text: '', kernel: 'DOMAIN_BUS_IPI', source: 'include/linux/irqdomain_defs.h' },
    FSL_MC_MSI: { value: 7, summary: 'Freescale management-complex MSI.', text: '', kernel: 'DOMAIN_BUS_FSL_MC_MSI', source: 'include/linux/irqdomain_defs.h' },
    TI_SCI_INTA_MSI: { value: 8, summary: 'TI SCI interrupt aggregator MSI.', text: '', kernel: 'DOMAIN_BUS_TI_SCI_INTA_MSI', source: 'include/linux/irqdomain_defs.h' },
    WAKEUP: { value: 9, summary: 'Wake-up controllers.', text: '', kernel: 'DOMAIN_BUS_WAKEUP', source: 'include/linux/irqdomain_defs.h' },
    VMD_MSI: { value: 10, summary: 'Intel VMD MSI demultiplexer.', text: '', kernel: 'DOMAIN_BUS_VMD_MSI', source: 'include/linux/irqdomain_defs.h' },
    PCI_DEVICE_MSI: { value: 11, summary: 'Per-device PCI/MSI domain.', text: '', kernel: 'DOMAIN_BUS_PCI_DEVICE_MSI', source: 'include/linux/irqdomain_defs.h' },
    PCI_DEVICE_MSIX: { value: 12, summary: 'Per-device PCI/MSI-X domain.', text: '', kernel: 'DOMAIN_BUS_PCI_DEVICE_MSIX', source: 'include/linux/irqdomain_defs.h' },
    DMAR: { value: 13, summary: 'Intel VT-d interrupt remapping parent.', text: '', kernel: 'DOMAIN_BUS_DMAR', source: 'include/linux/irqdomain_defs.h' },
    AMDVI: { value: 14, summary: 'AMD-Vi interrupt remapping parent.', text: '', kernel: 'DOMAIN_BUS_AMDVI', source: 'include/linux/irqdomain_defs.h' },
    PCI_DEVICE_IMS: {
        value: 15, summary: 'Per-device PCI/IMS domain (v6.2-v6.9; numbered 15 there, between AMDVI and DEVICE_MSI).',
        text: '', kernel: 'DOMAIN_BUS_PCI_DEVICE_IMS', source: 'include/linux/irqdomain_defs.h (v6.2-v6.9)'
    },
    DEVICE_MSI: { value: 15, summary: 'Per-device MSI domain of a platform device.', text: '', kernel: 'DOMAIN_BUS_DEVICE_MSI', source: 'include/linux/irqdomain_defs.h' },
    WIRED_TO_MSI: { value: 16, summary: 'Per-device domain turning wired lines into MSIs (APLIC-MSI, MBIGEN).', text: '', kernel: 'DOMAIN_BUS_WIRED_TO_MSI', source: 'include/linux/irqdomain_defs.h' }
};

/** Flow handlers (`flow NAME` on an interrupt), stored in `irq_desc::handle_irq`. */
export const flowHandlerDescriptions: Readonly<Record<string, KernelDescription>> = {
    handle_edge_irq: {
        summary: 'Edge flow: `irq_ack` first, then the handler; re-runs while IRQS_PENDING is set.',
        text: 'If the interrupt cannot be handled (disabled, no action, in progress) it sets IRQS_PENDING and masks+acks. '
            + 'x86 MSI and RISC-V IMSIC PCI interrupts use it.',
        kernel: '`handle_edge_irq()`', source: chipC
    },
    handle_fasteoi_irq: {
        summary: 'Fast-EOI flow: the handler, then `irq_eoi` (ONESHOT interrupts masked around the thread).',
        text: 'GIC SPIs and LPIs, APLIC-MSI.', kernel: '`handle_fasteoi_irq()`', source: chipC
    },
    handle_level_irq: {
        summary: 'Level flow: mask and ack, run the handler, unmask.',
        text: '', kernel: '`handle_level_irq()`', source: chipC
    },
    handle_fasteoi_ack_irq: {
        summary: 'Fast-EOI flow that also acks at the start (hierarchies with an ack-needing parent).',
        text: '', kernel: '`handle_fasteoi_ack_irq()`', source: chipC
    },
    handle_fasteoi_mask_irq: {
        summary: 'Fast-EOI flow that masks during handling.',
        text: '', kernel: '`handle_fasteoi_mask_irq()`', source: chipC
    },
    handle_percpu_devid_irq: {
        summary: 'Per-CPU device-id flow (GIC PPIs): no locking, per-CPU dev_id.',
        text: '', kernel: '`handle_percpu_devid_irq()`', source: chipC
    },
    handle_percpu_irq: {
        summary: 'Per-CPU flow without locking.',
        text: '', kernel: '`handle_percpu_irq()`', source: chipC
    },
    handle_simple_irq: {
        summary: 'Simple flow: no ack, mask or eoi (demultiplexed child interrupts).',
        text: '', kernel: '`handle_simple_irq()`', source: chipC
    },
    handle_edge_eoi_irq: {
        summary: 'Edge flow for chips that only have an EOI.',
        text: '', kernel: '`handle_edge_eoi_irq()`', source: chipC
    },
    handle_untracked_irq: {
        summary: 'Flow for interrupts whose state the core does not track.',
        text: '', kernel: '`handle_untracked_irq()`', source: chipC
    },
    handle_fasteoi_nmi: {
        summary: 'Fast-EOI flow for NMIs.',
        text: '', kernel: '`handle_fasteoi_nmi()`', source: chipC
    },
    handle_bad_irq: {
        summary: 'Spurious or unhandled interrupt.',
        text: '', kernel: '`handle_bad_irq()`', source: 'kernel/irq/handle.c'
    }
};

/** Trigger types (`trigger ...` on an interrupt). */
export const triggerDescriptions: Readonly<Record<string, KernelDescription>> = {
    'edge': { summary: 'Edge triggered (MSI is always edge on the wire).', text: '', kernel: 'IRQ_TYPE_EDGE_BOTH / IRQD_TRIGGER_MASK', source: irqH },
    'edge-rising': { summary: 'Rising edge.', text: '', kernel: 'IRQ_TYPE_EDGE_RISING', source: irqH },
    'edge-falling': { summary: 'Falling edge.', text: '', kernel: 'IRQ_TYPE_EDGE_FALLING', source: irqH },
    'level': {
        summary: 'Level triggered: the hardware re-asserts, so pending level interrupts are never resent.',
        text: 'Level MSI needs `MSI_FLAG_LEVEL_CAPABLE` and `IRQCHIP_SUPPORTS_LEVEL_MSI` (R-LEVEL-MSI).',
        kernel: 'IRQ_TYPE_LEVEL_MASK, IRQD_LEVEL', source: irqH
    },
    'level-high': { summary: 'Active-high level.', text: '', kernel: 'IRQ_TYPE_LEVEL_HIGH', source: irqH },
    'level-low': { summary: 'Active-low level.', text: '', kernel: 'IRQ_TYPE_LEVEL_LOW', source: irqH }
};

/** How an interrupt's index in its domain is named (`index`, `slot`, ...). */
export const indexKindDescriptions: Readonly<Record<string, KernelDescription>> = {
    index: { summary: 'The msi_index: MSI-X table entry or MSI vector number (the device domain\'s hwirq).', text: '', kernel: '`msi_desc::msi_index`', source: msiH },
    slot: { summary: 'The IMS slot in the device\'s message store.', text: '', kernel: '`msi_desc::msi_index` (IMS domain)', source: pciIrqdomainC },
    pin: { summary: 'The IO-APIC pin.', text: '', kernel: 'IO-APIC pin (hwirq)', source: 'arch/x86/kernel/apic/io_apic.c' },
    source: { summary: 'The APLIC source number (1..1023).', text: '', kernel: 'APLIC source (hwirq)', source: 'drivers/irqchip/irq-riscv-aplic-msi.c' },
    event: { summary: 'The ITS EventID (allocated by the ITS, not the MSI-X index).', text: '', kernel: 'ITS EventID', source: 'drivers/irqchip/irq-gic-v3-its.c' },
    any: { summary: 'Any free index, chosen by the domain (`MSI_ANY_INDEX`).', text: '', kernel: 'MSI_ANY_INDEX', source: `${msiC}: msi_domain_alloc_irq_at()` }
};

/** Scenario steps, keyed by their first keyword. */
export const stepDescriptions: Readonly<Record<string, KernelDescription>> = {
    allocate: {
        summary: 'Allocate the interrupt: every level reserves its resource, leaf first asking its parent.',
        text: 'PCI device domains also activate early (`MSI_FLAG_ACTIVATE_EARLY`).',
        kernel: '`msi_domain_alloc_irqs()` → `__irq_domain_alloc_irqs()`', source: `${msiC}, ${irqdomainC}`
    },
    activate: {
        summary: 'Activate: program the hardware parent first, then compose and write the message at the leaf.',
        text: '', kernel: '`irq_domain_activate_irq()`', source: irqdomainC
    },
    request: {
        summary: 'Request the interrupt: install the action, activate and start it (unmask).',
        text: '', kernel: '`request_irq()` → `__setup_irq()` → `irq_startup()`', source: `${manageC}, ${chipC}`
    },
    raise: {
        summary: 'The device raises the interrupt: message write (or line), delivery and the flow handler.',
        text: '', kernel: '`common_interrupt()` / `gic_handle_irq()` → `desc->handle_irq`', source: `arch/x86/kernel/irq.c, ${chipC}`
    },
    mask: { summary: 'Mask at the leaf chip.', text: '', kernel: '`mask_irq()` → leaf `irq_mask`', source: chipC },
    unmask: { summary: 'Unmask at the leaf chip.', text: '', kernel: '`unmask_irq()` → leaf `irq_unmask`', source: chipC },
    disable: {
        summary: 'Disable: lazily, only IRQD_IRQ_DISABLED is set until the next interrupt arrives.',
        text: '', kernel: '`disable_irq()` → `irq_disable()`', source: `${manageC}, ${chipC}`
    },
    enable: {
        summary: 'Enable: unmask, then resend a pending edge interrupt (retrigger).',
        text: '', kernel: '`enable_irq()` → `irq_startup()` → `check_irq_resend()`', source: `${manageC}, kernel/irq/resend.c`
    },
    free: {
        summary: 'Free: shut down, deactivate child first, then free every level leaf first.',
        text: '', kernel: '`free_irq()` + `irq_domain_free_irqs()`', source: `${manageC}, ${irqdomainC}`
    },
    retrigger: {
        summary: 'Re-raise in hardware at the first capable level.',
        text: '', kernel: '`check_irq_resend()` → `irq_chip_retrigger_hierarchy()`', source: `kernel/irq/resend.c, ${chipC}`
    },
    deactivate: {
        summary: 'Deactivate child first: the leaf writes an all-zero message, IR clears the IRTE.',
        text: '', kernel: '`irq_domain_deactivate_irq()`', source: irqdomainC
    },
    'set-affinity': {
        summary: 'Change the affinity: the leaf\'s `irq_set_affinity` (possibly deferred to the next interrupt).',
        text: '', kernel: '`irq_set_affinity()` → `irq_set_affinity_locked()`', source: manageC
    },
    cpu: {
        summary: 'Take a CPU offline or bring it online: interrupts on it are migrated or shut down.',
        text: '', kernel: '`fixup_irqs()` / `irq_migrate_all_off_this_cpu()`, `irq_startup_managed()`', source: 'kernel/irq/cpuhotplug.c'
    },
    post: {
        summary: 'Post the interrupt to a vCPU vector (posted interrupts).',
        text: '', kernel: '`irq_set_vcpu_affinity(irq, vcpu_info)`', source: manageC
    },
    unpost: {
        summary: 'Return a posted interrupt to host delivery.',
        text: '', kernel: '`irq_set_vcpu_affinity(irq, NULL)`', source: manageC
    }
};

/** Expectations in scenarios, keyed by their distinguishing keyword. */
export const expectationDescriptions: Readonly<Record<string, KernelDescription>> = {
    expect: { summary: 'An expectation: the scenario fails when it does not hold.', text: '', kernel: '-', source: '-' },
    delivered: { summary: 'The interrupt reached a driver handler (optionally on this CPU and vector).', text: '', kernel: '`handle_irq_event()`', source: 'kernel/irq/handle.c' },
    message: { summary: 'The MSI message last written to the device storage.', text: '', kernel: '`struct msi_msg` / `msi_desc::msg`', source: msiH },
    writes: { summary: 'How many message writes reached the device storage for this interrupt so far.', text: '', kernel: '`irq_write_msi_msg` calls', source: msiC },
    error: { summary: 'The previous step failed with this errno.', text: '', kernel: 'negative errno return', source: 'include/uapi/asm-generic/errno-base.h' },
    ok: { summary: 'The previous step succeeded.', text: '', kernel: '0 return', source: '-' },
    on: { summary: 'Where the interrupt is routed now (effective affinity and vector).', text: '', kernel: '`irq_common_data::effective_affinity`, `irq_cfg`', source: irqH },
    hwirq: { summary: 'The hwirq number of the interrupt at one level.', text: '', kernel: '`irq_data::hwirq`', source: irqH },
    not: { summary: 'Negates the expectation.', text: '', kernel: '-', source: '-' }
};

/** Interrupt states checked by `expect x.q STATE`. */
export const irqStateDescriptions: Readonly<Record<string, KernelDescription>> = {
    'pending': { summary: 'An interrupt arrived while it could not be handled.', text: '', kernel: 'IRQS_PENDING', source: 'kernel/irq/internals.h' },
    'masked': { summary: 'Masked (at the named level\'s hardware with `at`, else the core\'s bit).', text: '', kernel: 'IRQD_IRQ_MASKED', source: irqH },
    'disabled': { summary: 'Disabled by `disable_irq()`.', text: '', kernel: 'IRQD_IRQ_DISABLED', source: irqH },
    'started': { summary: 'Started by `irq_startup()`.', text: '', kernel: 'IRQD_IRQ_STARTED', source: irqH },
    'activated': { summary: 'Activated (hardware programmed, message written).', text: '', kernel: 'IRQD_ACTIVATED', source: irqH },
    'allocated': { summary: 'Allocated at every level (IRQ_NOREQUEST cleared).', text: '', kernel: '`irq_domain_insert_irq()`', source: irqdomainC },
    'shutdown': { summary: 'Shut down (managed shutdown or after `free_irq()`).', text: '', kernel: 'IRQD_MANAGED_SHUTDOWN', source: irqH },
    'posted': { summary: 'Delivered in posted mode to a vCPU.', text: '', kernel: 'posted IRTE (`irq_2_iommu::posted_vcpu`)', source: 'drivers/iommu/intel/irq_remapping.c' },
    'move-pending': { summary: 'An affinity change waits for the next interrupt.', text: '', kernel: 'IRQD_SETAFFINITY_PENDING', source: `${irqH}, kernel/irq/migration.c` }
};

/** Other keywords of the language. */
export const keywordDescriptions: Readonly<Record<string, KernelDescription>> = {
    'import': { summary: 'Makes another file\'s topologies, domains, devices and interrupts visible here.', text: '', kernel: '-', source: '-' },
    'topology': { summary: 'A machine: architecture, CPUs, kernel version, the domain hierarchy and its devices.', text: '', kernel: '-', source: '-' },
    'extend': { summary: 'Adds domains and devices to a topology declared elsewhere.', text: '', kernel: '-', source: '-' },
    'scenario': { summary: 'A sequence of steps and expectations run on a topology.', text: '', kernel: '-', source: '-' },
    'arch': { summary: 'The CPU architecture.', text: '', kernel: '-', source: '-' },
    'cpus': { summary: 'Number of CPUs (or, on an interrupt, the CPUs of its affinity).', text: '', kernel: '`nr_cpu_ids` / `irq_common_data::affinity`', source: irqH },
    'kernel': { summary: 'Kernel version the topology is checked against (e.g. IMS exists only in v6.2-v6.9).', text: '', kernel: 'LINUX_VERSION_CODE', source: 'Makefile' },
    'option': { summary: 'A documented choice where the kernel leaves one.', text: '', kernel: '-', source: '-' },
    'domain': { summary: 'An irq domain: one level of the hierarchy.', text: '', kernel: '`struct irq_domain`', source: irqdomainH },
    'parent': { summary: 'The single parent domain, towards the CPU.', text: '', kernel: '`irq_domain::parent`', source: irqdomainH },
    'chained-to': { summary: 'A chained cascade onto a CPU-level interrupt - a separate hierarchy, not a parent link.', text: '', kernel: '`irq_set_chained_handler()`', source: chipC },
    'cause': { summary: 'The cause/line of the interrupt the chained handler sits on.', text: '', kernel: '-', source: '-' },
    'size': { summary: 'hwirq space size (0 = radix tree).', text: '', kernel: '`irq_domain::revmap_size`, `hwirq_max`', source: irqdomainH },
    'hwirq': { summary: 'How this level encodes its hwirq number.', text: '', kernel: '`irq_data::hwirq`', source: irqH },
    'flags': { summary: 'Flags of the domain (IRQ_DOMAIN_FLAG_*) or the chip (IRQCHIP_*), without prefix.', text: '', kernel: '`irq_domain::flags` / `irq_chip::flags`', source: `${irqdomainH}, ${irqH}` },
    'msi-flags': { summary: 'MSI_FLAG_* of the domain\'s `msi_domain_info`, without prefix.', text: '', kernel: '`msi_domain_info::flags`', source: msiH },
    'bus-token': { summary: 'The domain\'s bus token, without the DOMAIN_BUS_ prefix.', text: '', kernel: '`irq_domain::bus_token`', source: 'include/linux/irqdomain_defs.h' },
    'prefix': { summary: 'Name prefix an MSI parent gives its child domains ("IR-", "ITS-").', text: '', kernel: '`msi_parent_ops::prefix`', source: msiH },
    'accepts': { summary: 'Child bus tokens this MSI parent serves.', text: '', kernel: '`msi_parent_ops::bus_select_mask`', source: msiH },
    'supports': { summary: 'MSI flags this parent lets its children use.', text: '', kernel: '`msi_parent_ops::supported_flags`', source: msiH },
    'requires': { summary: 'MSI flags this parent forces on its children.', text: '', kernel: '`msi_parent_ops::required_flags`', source: msiH },
    'vectors': { summary: 'The allocatable vector window (or the number of MSI vectors of a device).', text: '', kernel: 'FIRST_EXTERNAL_VECTOR..FIRST_SYSTEM_VECTOR', source: 'arch/x86/include/asm/irq_vectors.h' },
    'reserve': { summary: 'Vectors excluded from allocation (system and legacy vectors).', text: '', kernel: '`irq_matrix_assign_system()`', source: 'kernel/irq/matrix.c' },
    'entries': { summary: 'Number of remapping table entries (IRTEs).', text: '', kernel: 'INTR_REMAP_TABLE_ENTRIES', source: 'drivers/iommu/intel/irq_remapping.c' },
    'lpis': { summary: 'The LPI INTID range.', text: '', kernel: '`its_lpi_init()`', source: 'drivers/irqchip/irq-gic-v3-its.c' },
    'ids': { summary: 'IMSIC interrupt identities per hart (riscv,num-ids).', text: '', kernel: '`imsic_global_config::nr_ids`', source: 'drivers/irqchip/irq-riscv-imsic-state.c' },
    'sources': { summary: 'Number of APLIC sources.', text: '', kernel: '`aplic_priv::nr_irqs`', source: 'drivers/irqchip/irq-riscv-aplic-main.c' },
    'address': { summary: 'Doorbell or message address.', text: '', kernel: '`msi_msg::address_lo/hi`', source: msiH },
    'desc-data': { summary: 'Per-interrupt data the domain keeps in the msi_desc (only the cookies are sanctioned).', text: '', kernel: '`msi_desc_data::dcookie/icookie`', source: msiH },
    'slot-alloc': { summary: 'Who allocates IMS slots: the domain (correct) or the driver (R-SLOT-IN-DOMAIN).', text: '', kernel: '`msi_domain_alloc_irq_at()`', source: msiC },
    'ops': { summary: 'Domain operations implemented at this level.', text: '', kernel: '`struct irq_domain_ops` / `struct msi_domain_ops`', source: `${irqdomainH}, ${msiH}` },
    'chip': { summary: 'The irq chip of this level: its callbacks and IRQCHIP_* flags.', text: '', kernel: '`struct irq_chip`', source: irqH },
    'device': { summary: 'A PCI function or platform device with its message storage, domains and interrupts.', text: '', kernel: '`struct device`, `struct msi_device_data`', source: msiC },
    'pci': { summary: 'PCI bus:device.function address (the requester ID).', text: '', kernel: '`struct pci_dev`', source: 'include/linux/pci.h' },
    'platform': { summary: 'A platform device by name.', text: '', kernel: '`struct platform_device`', source: 'include/linux/platform_device.h' },
    'behind': { summary: 'The interrupt remapping unit the device sits behind (R-IR-UNIT).', text: '', kernel: '`dev->msi.domain`', source: 'drivers/iommu/intel/irq_remapping.c: intel_irq_remap_add_device()' },
    'assigned': { summary: 'Who owns the device: host, VFIO, a guest or an SIOV virtual device (R-ISOLATION).', text: '', kernel: '-', source: '-' },
    'device-id': { summary: 'The DeviceID the interconnect supplies to the ITS.', text: '', kernel: '`msi-map` / IORT', source: 'drivers/irqchip/irq-gic-its-msi-parent.c' },
    'msi': { summary: 'PCI MSI capability: 1..32 vectors, optionally maskable.', text: '', kernel: '`struct pci_msi_desc`', source: 'drivers/pci/msi/msi.c' },
    'msix': { summary: 'PCI MSI-X capability with its table size (1..2048).', text: '', kernel: '`pci_msix_vec_count()`', source: 'drivers/pci/msi/msi.c' },
    'ims': { summary: 'Interrupt Message Store: device-specific message slots.', text: '', kernel: '`pci_create_ims_domain()`', source: pciIrqdomainC },
    'irq': { summary: 'A device interrupt (or an array of them): domain, index, trigger, flow handler, affinity.', text: '', kernel: '`struct irq_desc`', source: 'include/linux/irqdesc.h' },
    'flow': { summary: 'The flow handler (`irq_desc::handle_irq`); one per interrupt, the leaf wins.', text: '', kernel: '`irq_desc::handle_irq`', source: 'include/linux/irqdesc.h' },
    'trigger': { summary: 'The trigger type.', text: '', kernel: '`irq_set_irq_type()`', source: manageC },
    'affinity': { summary: 'The requested CPU affinity.', text: '', kernel: '`irq_common_data::affinity`', source: irqH },
    'managed': { summary: 'Kernel-managed affinity: spread by the kernel, not changeable from user space.', text: '', kernel: 'IRQD_AFFINITY_MANAGED', source: irqH },
    'threaded': { summary: 'Handled in a kernel thread.', text: '', kernel: '`request_threaded_irq()`', source: manageC },
    'oneshot': { summary: 'Keep the line masked until the thread ran.', text: '', kernel: 'IRQF_ONESHOT', source: 'include/linux/interrupt.h' },
    'nmi': { summary: 'Delivered as an NMI.', text: '', kernel: '`request_nmi()`', source: manageC },
    'cookie': { summary: 'The instance cookie supplied at allocation (e.g. a PASID).', text: '', kernel: '`msi_desc_data::icookie`', source: msiH },
    'times': { summary: 'Repeat the step.', text: '', kernel: '-', source: '-' },
    'to': { summary: 'Target of a posting or delivery.', text: '', kernel: '-', source: '-' },
    'vcpu': { summary: 'A virtual CPU of a guest.', text: '', kernel: '`struct vcpu_data`', source: irqH },
    'vector': { summary: 'A CPU vector number.', text: '', kernel: '`irq_cfg::vector`', source: 'arch/x86/include/asm/hw_irq.h' },
    'at': { summary: 'The level (domain) the expectation looks at.', text: '', kernel: '`irq_data` of that level', source: irqH }
};
