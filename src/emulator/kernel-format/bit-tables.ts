// The bit-description tables of kernel/irq/debugfs.c (irqdomain_flags, irqdesc_states, irqdesc_istates,
// irqdata_states, irqchip_flags) in the kernel's order, with the bit values the emulator's state uses.
import { DOMAIN_FLAG, IRQCHIP, IRQD, IRQS } from '../index.js';
import { IRQ_TYPE } from '../constants.js';

/** One `struct irq_bit_descr`: the printed name and its mask. */
export interface BitDescr {
    readonly name: string;
    readonly mask: number;
    /** First kernel (major*1000+minor) whose table has the entry. */
    readonly since?: number;
}

/** `irqdomain_flags[]` (printed under `flags:` of a domain file). */
export const IRQDOMAIN_FLAGS: readonly BitDescr[] = [
    { name: 'IRQ_DOMAIN_FLAG_HIERARCHY', mask: DOMAIN_FLAG.HIERARCHY },
    { name: 'IRQ_DOMAIN_NAME_ALLOCATED', mask: DOMAIN_FLAG.NAME_ALLOCATED },
    { name: 'IRQ_DOMAIN_FLAG_IPI_PER_CPU', mask: DOMAIN_FLAG.IPI_PER_CPU },
    { name: 'IRQ_DOMAIN_FLAG_IPI_SINGLE', mask: DOMAIN_FLAG.IPI_SINGLE },
    { name: 'IRQ_DOMAIN_FLAG_MSI', mask: DOMAIN_FLAG.MSI },
    { name: 'IRQ_DOMAIN_FLAG_ISOLATED_MSI', mask: DOMAIN_FLAG.ISOLATED_MSI },
    { name: 'IRQ_DOMAIN_FLAG_NO_MAP', mask: DOMAIN_FLAG.NO_MAP },
    { name: 'IRQ_DOMAIN_FLAG_MSI_PARENT', mask: DOMAIN_FLAG.MSI_PARENT },
    { name: 'IRQ_DOMAIN_FLAG_MSI_DEVICE', mask: DOMAIN_FLAG.MSI_DEVICE },
    { name: 'IRQ_DOMAIN_FLAG_NONCORE', mask: DOMAIN_FLAG.NONCORE }
];

/** `desc->status_use_accessors` bits (`IRQ_*` of include/linux/irq.h) the printer sets. */
export const IRQ_STATUS = {
    LEVEL: 1 << 8,
    PER_CPU: 1 << 9,
    NOPROBE: 1 << 10,
    NOREQUEST: 1 << 11,
    NOAUTOEN: 1 << 12,
    NO_BALANCING: 1 << 13,
    NESTED_THREAD: 1 << 15,
    NOTHREAD: 1 << 16,
    PER_CPU_DEVID: 1 << 17,
    IS_POLLED: 1 << 18,
    DISABLE_UNLAZY: 1 << 19,
    HIDDEN: 1 << 20
} as const;

/** `irqdesc_states[]` (under `status:`). */
export const IRQDESC_STATES: readonly BitDescr[] = [
    { name: '_IRQ_NOPROBE', mask: IRQ_STATUS.NOPROBE },
    { name: '_IRQ_NOREQUEST', mask: IRQ_STATUS.NOREQUEST },
    { name: '_IRQ_NOTHREAD', mask: IRQ_STATUS.NOTHREAD },
    { name: '_IRQ_NOAUTOEN', mask: IRQ_STATUS.NOAUTOEN },
    { name: '_IRQ_NESTED_THREAD', mask: IRQ_STATUS.NESTED_THREAD },
    { name: '_IRQ_PER_CPU_DEVID', mask: IRQ_STATUS.PER_CPU_DEVID },
    { name: '_IRQ_IS_POLLED', mask: IRQ_STATUS.IS_POLLED },
    { name: '_IRQ_DISABLE_UNLAZY', mask: IRQ_STATUS.DISABLE_UNLAZY },
    { name: '_IRQ_HIDDEN', mask: IRQ_STATUS.HIDDEN }
];

/** `irqdesc_istates[]` (under `istate:`). */
export const IRQDESC_ISTATES: readonly BitDescr[] = [
    { name: 'IRQS_AUTODETECT', mask: IRQS.AUTODETECT },
    { name: 'IRQS_SPURIOUS_DISABLED', mask: IRQS.SPURIOUS_DISABLED },
    { name: 'IRQS_POLL_INPROGRESS', mask: IRQS.POLL_INPROGRESS },
    { name: 'IRQS_ONESHOT', mask: IRQS.ONESHOT },
    { name: 'IRQS_REPLAY', mask: IRQS.REPLAY },
    { name: 'IRQS_WAITING', mask: IRQS.WAITING },
    { name: 'IRQS_PENDING', mask: IRQS.PENDING },
    { name: 'IRQS_SUSPENDED', mask: IRQS.SUSPENDED },
    { name: 'IRQS_NMI', mask: IRQS.NMI }
];

/** `irqdata_states[]` (under `dstate:`); the trigger entries test bits of the IRQ_TYPE field. */
export const IRQDATA_STATES: readonly BitDescr[] = [
    { name: 'IRQ_TYPE_EDGE_RISING', mask: IRQ_TYPE.EDGE_RISING },
    { name: 'IRQ_TYPE_EDGE_FALLING', mask: IRQ_TYPE.EDGE_FALLING },
    { name: 'IRQ_TYPE_LEVEL_HIGH', mask: IRQ_TYPE.LEVEL_HIGH },
    { name: 'IRQ_TYPE_LEVEL_LOW', mask: IRQ_TYPE.LEVEL_LOW },
    { name: 'IRQD_LEVEL', mask: IRQD.LEVEL },
    { name: 'IRQD_ACTIVATED', mask: IRQD.ACTIVATED },
    { name: 'IRQD_IRQ_STARTED', mask: IRQD.IRQ_STARTED },
    { name: 'IRQD_IRQ_DISABLED', mask: IRQD.IRQ_DISABLED },
    { name: 'IRQD_IRQ_MASKED', mask: IRQD.IRQ_MASKED },
    { name: 'IRQD_IRQ_INPROGRESS', mask: IRQD.IRQ_INPROGRESS },
    { name: 'IRQD_PER_CPU', mask: IRQD.PER_CPU },
    { name: 'IRQD_NO_BALANCING', mask: IRQD.NO_BALANCING },
    { name: 'IRQD_SINGLE_TARGET', mask: IRQD.SINGLE_TARGET },
    { name: 'IRQD_AFFINITY_SET', mask: IRQD.AFFINITY_SET },
    { name: 'IRQD_SETAFFINITY_PENDING', mask: IRQD.SETAFFINITY_PENDING },
    { name: 'IRQD_AFFINITY_MANAGED', mask: IRQD.AFFINITY_MANAGED },
    { name: 'IRQD_AFFINITY_ON_ACTIVATE', mask: IRQD.AFFINITY_ON_ACTIVATE },
    { name: 'IRQD_MANAGED_SHUTDOWN', mask: IRQD.MANAGED_SHUTDOWN },
    { name: 'IRQD_CAN_RESERVE', mask: IRQD.CAN_RESERVE },
    { name: 'IRQD_FORWARDED_TO_VCPU', mask: IRQD.FORWARDED_TO_VCPU },
    { name: 'IRQD_WAKEUP_STATE', mask: IRQD.WAKEUP_STATE },
    { name: 'IRQD_WAKEUP_ARMED', mask: IRQD.WAKEUP_ARMED },
    { name: 'IRQD_DEFAULT_TRIGGER_SET', mask: IRQD.DEFAULT_TRIGGER_SET },
    { name: 'IRQD_HANDLE_ENFORCE_IRQCTX', mask: IRQD.HANDLE_ENFORCE_IRQCTX },
    { name: 'IRQD_IRQ_ENABLED_ON_SUSPEND', mask: IRQD.IRQ_ENABLED_ON_SUSPEND },
    { name: 'IRQD_RESEND_WHEN_IN_PROGRESS', mask: IRQD.RESEND_WHEN_IN_PROGRESS }
];

/** `irqchip_flags[]` (under a chip's `flags:`). IRQCHIP_AFFINITY_PRE_STARTUP is not in the table. */
export const IRQCHIP_FLAGS: readonly BitDescr[] = [
    { name: 'IRQCHIP_SET_TYPE_MASKED', mask: IRQCHIP.SET_TYPE_MASKED },
    { name: 'IRQCHIP_EOI_IF_HANDLED', mask: IRQCHIP.EOI_IF_HANDLED },
    { name: 'IRQCHIP_MASK_ON_SUSPEND', mask: IRQCHIP.MASK_ON_SUSPEND },
    { name: 'IRQCHIP_ONOFFLINE_ENABLED', mask: IRQCHIP.ONOFFLINE_ENABLED },
    { name: 'IRQCHIP_SKIP_SET_WAKE', mask: IRQCHIP.SKIP_SET_WAKE },
    { name: 'IRQCHIP_ONESHOT_SAFE', mask: IRQCHIP.ONESHOT_SAFE },
    { name: 'IRQCHIP_EOI_THREADED', mask: IRQCHIP.EOI_THREADED },
    { name: 'IRQCHIP_SUPPORTS_LEVEL_MSI', mask: IRQCHIP.SUPPORTS_LEVEL_MSI },
    { name: 'IRQCHIP_SUPPORTS_NMI', mask: IRQCHIP.SUPPORTS_NMI },
    { name: 'IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND', mask: IRQCHIP.ENABLE_WAKEUP_ON_SUSPEND },
    { name: 'IRQCHIP_IMMUTABLE', mask: IRQCHIP.IMMUTABLE },
    { name: 'IRQCHIP_MOVE_DEFERRED', mask: IRQCHIP.MOVE_DEFERRED, since: 6013 }
];

/** Every name the tables can print (the vocabulary the structure tests check against). */
export const FLAG_VOCABULARY: ReadonlySet<string> = new Set(
    [IRQDOMAIN_FLAGS, IRQDESC_STATES, IRQDESC_ISTATES, IRQDATA_STATES, IRQCHIP_FLAGS].flat().map(b => b.name)
);

/** The names `irq_debug_show_bits()` prints for a value, in table order, for a kernel version. */
export function decodeBits(value: number, table: readonly BitDescr[], kernel: number): string[] {
    return table.filter(b => (b.since === undefined || kernel >= b.since) && (value & b.mask) !== 0).map(b => b.name);
}
