// Kernel constants the emulator mirrors: IRQD_* / IRQS_* / IRQCHIP_* / domain and MSI flags, bus tokens,
// errno values and the x86 vector numbers, with their bit values from include/linux/irq.h and friends.

/** `IRQD_*` state bits (irq_common_data.state_use_accessors, shared by all levels - S-2). */
export const IRQD = {
    TRIGGER_MASK: 0xf,
    SETAFFINITY_PENDING: 1 << 8,
    ACTIVATED: 1 << 9,
    NO_BALANCING: 1 << 10,
    PER_CPU: 1 << 11,
    AFFINITY_SET: 1 << 12,
    LEVEL: 1 << 13,
    WAKEUP_STATE: 1 << 14,
    IRQ_DISABLED: 1 << 16,
    IRQ_MASKED: 1 << 17,
    IRQ_INPROGRESS: 1 << 18,
    WAKEUP_ARMED: 1 << 19,
    FORWARDED_TO_VCPU: 1 << 20,
    AFFINITY_MANAGED: 1 << 21,
    IRQ_STARTED: 1 << 22,
    MANAGED_SHUTDOWN: 1 << 23,
    SINGLE_TARGET: 1 << 24,
    DEFAULT_TRIGGER_SET: 1 << 25,
    CAN_RESERVE: 1 << 26,
    HANDLE_ENFORCE_IRQCTX: 1 << 27,
    AFFINITY_ON_ACTIVATE: 1 << 28,
    IRQ_ENABLED_ON_SUSPEND: 1 << 29,
    RESEND_WHEN_IN_PROGRESS: 1 << 30
} as const;

/** `IRQS_*` core-internal istate bits (kernel/irq/internals.h). */
export const IRQS = {
    AUTODETECT: 0x1,
    SPURIOUS_DISABLED: 0x2,
    POLL_INPROGRESS: 0x8,
    ONESHOT: 0x20,
    REPLAY: 0x40,
    WAITING: 0x80,
    PENDING: 0x200,
    SUSPENDED: 0x800,
    NMI: 0x2000,
    SYSFS: 0x4000
} as const;

/** IRQ_TYPE_* trigger values (low IRQD bits). */
export const IRQ_TYPE = {
    NONE: 0,
    EDGE_RISING: 1,
    EDGE_FALLING: 2,
    EDGE_BOTH: 3,
    LEVEL_HIGH: 4,
    LEVEL_LOW: 8
} as const;

/** `IRQCHIP_*` chip flags. */
export const IRQCHIP: Record<string, number> = {
    SET_TYPE_MASKED: 1 << 0,
    EOI_IF_HANDLED: 1 << 1,
    MASK_ON_SUSPEND: 1 << 2,
    ONOFFLINE_ENABLED: 1 << 3,
    SKIP_SET_WAKE: 1 << 4,
    ONESHOT_SAFE: 1 << 5,
    EOI_THREADED: 1 << 6,
    SUPPORTS_LEVEL_MSI: 1 << 7,
    SUPPORTS_NMI: 1 << 8,
    ENABLE_WAKEUP_ON_SUSPEND: 1 << 9,
    AFFINITY_PRE_STARTUP: 1 << 10,
    IMMUTABLE: 1 << 11,
    MOVE_DEFERRED: 1 << 12
};

/** `IRQ_DOMAIN_FLAG_*` (v6.17 values). */
export const DOMAIN_FLAG: Record<string, number> = {
    HIERARCHY: 1 << 0,
    NAME_ALLOCATED: 1 << 1,
    IPI_PER_CPU: 1 << 2,
    IPI_SINGLE: 1 << 3,
    MSI: 1 << 4,
    ISOLATED_MSI: 1 << 5,
    NO_MAP: 1 << 6,
    MSI_PARENT: 1 << 8,
    MSI_DEVICE: 1 << 9,
    DESTROY_GC: 1 << 10,
    MSI_IMMUTABLE: 1 << 11,
    FWNODE_PARENT: 1 << 12,
    NONCORE: 1 << 16
};

/** `MSI_FLAG_*` (v6.17 values; PCI_IMS is the v6.2-v6.9 bit 21). */
export const MSI_FLAG: Record<string, number> = {
    USE_DEF_DOM_OPS: 1 << 0,
    USE_DEF_CHIP_OPS: 1 << 1,
    ACTIVATE_EARLY: 1 << 2,
    MUST_REACTIVATE: 1 << 3,
    DEV_SYSFS: 1 << 4,
    ALLOC_SIMPLE_MSI_DESCS: 1 << 5,
    FREE_MSI_DESCS: 1 << 6,
    USE_DEV_FWNODE: 1 << 7,
    PARENT_PM_DEV: 1 << 8,
    PCI_MSI_MASK_PARENT: 1 << 9,
    MULTI_PCI_MSI: 1 << 16,
    PCI_MSIX: 1 << 17,
    LEVEL_CAPABLE: 1 << 18,
    MSIX_CONTIGUOUS: 1 << 19,
    PCI_MSIX_ALLOC_DYN: 1 << 20,
    PCI_IMS: 1 << 21,
    NO_AFFINITY: 1 << 22,
    NO_MASK: 1 << 23
};

/** `enum irq_domain_bus_token` numbers in v6.17 (PCI_DEVICE_IMS: see busTokenNumber()). */
export const BUS_TOKEN: Record<string, number> = {
    ANY: 0, WIRED: 1, GENERIC_MSI: 2, PCI_MSI: 3, PLATFORM_MSI: 4, NEXUS: 5, IPI: 6, FSL_MC_MSI: 7,
    TI_SCI_INTA_MSI: 8, WAKEUP: 9, VMD_MSI: 10, PCI_DEVICE_MSI: 11, PCI_DEVICE_MSIX: 12, DMAR: 13,
    AMDVI: 14, DEVICE_MSI: 15, WIRED_TO_MSI: 16
};

/** errno values used in results. */
export const ERRNO: Record<string, number> = {
    EPERM: 1, ENOENT: 2, EIO: 5, EBUSY: 16, EEXIST: 17, ENODEV: 19, EINVAL: 22, ENOSPC: 28, ERANGE: 34,
    ENOSYS: 38, EOPNOTSUPP: 95, ENOTSUPP: 524
};

/** Formats a negative errno as "-ENOSPC". */
export function errnoName(err: number): string {
    for (const [k, v] of Object.entries(ERRNO)) if (v === -err) return '-' + k;
    return String(err);
}

/** x86 vector numbers (arch/x86/include/asm/irq_vectors.h). */
export const X86 = {
    NR_VECTORS: 256,
    FIRST_EXTERNAL_VECTOR: 0x20,
    IA32_SYSCALL_VECTOR: 0x80,
    FIRST_SYSTEM_VECTOR_POSTED: 0xeb,
    FIRST_SYSTEM_VECTOR_LEGACY: 0xec,
    MANAGED_IRQ_SHUTDOWN_VECTOR: 0xef,
    POSTED_INTR_WAKEUP_VECTOR: 0xf1,
    POSTED_INTR_VECTOR: 0xf2,
    MSI_BASE_ADDRESS_LOW: 0xfee00000,
    /** Intel VT-d interrupt remapping table size. */
    INTR_REMAP_TABLE_ENTRIES: 65536
} as const;

/** vector_irq[] sentinel values (>= 0 = Linux irq number). */
export const VECTOR_UNUSED = -1;
export const VECTOR_SHUTDOWN = -2;
export const VECTOR_RETRIGGERED = -3;

/** Per-CPU vector matrix cell states. */
export const VEC_FREE = 0;
export const VEC_SYSTEM = 1;
export const VEC_ALLOCATED = 2;
export const VEC_MANAGED_RESERVED = 3;
export const VEC_MANAGED_ALLOCATED = 4;

/** GICv3 INTID ranges. */
export const GIC = {
    SGI_END: 15, PPI_END: 31, SPI_START: 32, SPI_END: 1019, EPPI_START: 1056, EPPI_END: 1119,
    ESPI_START: 4096, ESPI_END: 5119, LPI_START: 8192,
    /** GITS_TRANSLATER offset from the ITS base. */
    GITS_TRANSLATER: 0x10040
} as const;

/** `irq_set_affinity` return codes. */
export const IRQ_SET_MASK_OK = 0;
export const IRQ_SET_MASK_OK_NOCOPY = 1;
export const IRQ_SET_MASK_OK_DONE = 2;

/** Names for a bit mask using a table, in ascending bit order, with a prefix. */
export function flagNames(value: number, table: Record<string, number>, prefix: string): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(table)) {
        if (v !== 0 && (value & v) === v && k !== 'TRIGGER_MASK') out.push(prefix + k);
    }
    return out;
}

/** Parses a flag name with or without its prefix into its bit (0 when unknown). */
export function flagBit(name: string, table: Record<string, number>, prefix: string): number {
    const key = name.startsWith(prefix) ? name.slice(prefix.length) : name;
    return table[key] ?? 0;
}
