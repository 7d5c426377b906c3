// Kernel names the printers need beyond the domain name: the per-device chip name (`PCI-MSIX-0000:00:02.0`,
// the domain name without its bus-token suffix), the device name of a desc and the x86 handler name.
import type { IrqDesc, Machine, ResolvedDomain } from '../index.js';
import { DOMAIN_FLAG, IRQD, kernelVersionNumber } from '../index.js';

/** The kernel version of the machine as major*1000+minor. */
export function kernelOf(m: Machine): number {
    return kernelVersionNumber(m.topo.spec.kernel);
}

/**
 * `irq_data->chip->name` at a domain: per-device MSI domains name their chip `<prefix><CHIP>-<dev>`
 * (`msi_create_device_irq_domain()`), which is the domain name without `-<bus token>`; others use the chip name.
 */
export function chipNameOf(m: Machine, domain: ResolvedDomain): string {
    if (domain.role !== 'per-device' || domain.device < 0) return domain.chipName;
    const suffix = `-${domain.busTokenNumber}`;
    if (domain.busToken !== 'ANY' && domain.kernelName.endsWith(suffix)) return domain.kernelName.slice(0, -suffix.length);
    const parent = domain.parent >= 0 ? m.topo.domains[domain.parent] : undefined;
    return `${parent?.prefix ?? ''}${domain.chipName}-${m.topo.devices[domain.device].kernelName}`;
}

/** `desc->dev_name`: the device of an MSI interrupt, `(null)` for wired ones. */
export function deviceNameOf(m: Machine, d: IrqDesc): string {
    const leaf = m.topo.domains[d.levels[0].domain];
    const def = m.topo.instances[d.inst];
    if (d.cascade || !def || def.device < 0 || (leaf.domainFlags & DOMAIN_FLAG.MSI) === 0) return '(null)';
    return m.topo.devices[def.device].kernelName;
}

/**
 * `desc->name`: x86 names the flow (`edge`, `fasteoi`) through irq_set_chip_and_handler_name() and
 * `info->handler_name`; arm64 and RISC-V leave it unset (undefined).
 */
export function handlerNameOf(m: Machine, d: IrqDesc): string | undefined {
    if (m.topo.arch !== 'x86_64') return undefined;
    return d.flow.replace(/^handle_/, '').replace(/_irq$/, '');
}

/** The action name of a requested interrupt (the driver's `request_irq()` name): the instance name. */
export function actionNamesOf(m: Machine, d: IrqDesc): string[] {
    if (!d.hasAction) return [];
    return [d.cascade ? `cascade-${d.irq}` : m.topo.instances[d.inst].name];
}

/** Level-triggered (IRQD_LEVEL). */
export function isLevel(d: IrqDesc): boolean {
    return (d.state & IRQD.LEVEL) !== 0;
}
