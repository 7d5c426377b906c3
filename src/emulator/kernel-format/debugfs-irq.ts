// `/sys/kernel/debug/irq/irqs/<N>`: irq_debug_show() - handler, device, status/istate/dstate with decoded
// names, depths, node, masks (with the `effectiv:` spelling), then irq_debug_show_data() per level.
import type { IrqDesc, Machine } from '../index.js';
import { DOMAIN_FLAG, IRQD, IRQS } from '../index.js';
import { decodeBits, IRQ_STATUS, IRQCHIP_FLAGS, IRQDATA_STATES, IRQDESC_ISTATES, IRQDESC_STATES } from './bit-tables.js';
import { chipNameOf, deviceNameOf, kernelOf } from './names.js';
import { bitList, hex8, hexl, ind } from './printf.js';
import { vectorIrqLines } from './vector-debug.js';

/** First kernel with msi_domain_debug_show() (the address/data block of MSI levels). */
export const MSI_DEBUG_SHOW_SINCE = 6015;

/** `desc->status_use_accessors` as the kernel would hold it for this desc. */
export function statusOf(m: Machine, d: IrqDesc): number {
    let status = 0;
    if (d.state & IRQD.LEVEL) status |= IRQ_STATUS.LEVEL;
    if (d.state & IRQD.PER_CPU) status |= IRQ_STATUS.PER_CPU;
    if (d.state & IRQD.NO_BALANCING) status |= IRQ_STATUS.NO_BALANCING;
    if (m.topo.options.disableUnlazy) status |= IRQ_STATUS.DISABLE_UNLAZY;
    return status;
}

/** `desc->istate`; IRQS_SYSFS is set on every desc once /sys/kernel/irq/<N> exists. */
export function istateOf(d: IrqDesc): number {
    return d.istate | IRQS.SYSFS;
}

/** `irq_data_get_node()`: managed interrupts take the node of their CPUs, MSI descs the device's (none). */
export function nodeOf(m: Machine, d: IrqDesc): number {
    if (d.state & IRQD.AFFINITY_MANAGED) return 0;
    const leaf = m.topo.domains[d.levels[0].domain];
    return (leaf.domainFlags & DOMAIN_FLAG.MSI) !== 0 && m.topo.instances[d.inst]?.device >= 0 ? -1 : 0;
}

function levelLines(m: Machine, d: IrqDesc, level: number, indent: number): string[] {
    const data = d.levels[level];
    const domain = m.topo.domains[data.domain];
    const kernel = kernelOf(m);
    const lines = [
        `${ind(indent)}domain:  ${domain.kernelName}`,
        `${ind(indent + 1)}hwirq:   ${hexl(data.hwirq)}`,
        `${ind(indent + 1)}chip:    ${chipNameOf(m, domain)}`,
        `${ind(indent + 2)}flags:   ${hexl(domain.chipFlags)}`,
        ...decodeBits(domain.chipFlags, IRQCHIP_FLAGS, kernel).map(name => `${ind(indent + 1 + 12)}${name}`)
    ];
    if (data.c.t === 'vector') lines.push(...vectorIrqLines(data.c, indent + 1));
    if ((domain.domainFlags & DOMAIN_FLAG.MSI) !== 0 && kernel >= MSI_DEBUG_SHOW_SINCE && !d.cascade) {
        const msg = m.message(d.inst);
        if (msg) {
            // msi_domain_debug_show(): every line starts with "\n", so a blank line opens the block.
            lines.push('', `${ind(indent + 2)}address_hi: ${hex8(msg.addressHi)}`, `${ind(indent + 2)}address_lo: ${hex8(msg.addressLo)}`,
                `${ind(indent + 2)}msg_data:   ${hex8(msg.data)}`);
        }
    }
    if (level + 1 < d.levels.length) {
        lines.push(`${ind(indent + 1)}parent:`);
        lines.push(...levelLines(m, d, level + 1, indent + 4));
    }
    return lines;
}

/** The lines of `irqs/<N>` for an allocated irq. */
export function irqLines(m: Machine, d: IrqDesc): string[] {
    const kernel = kernelOf(m);
    const status = statusOf(m, d);
    const istate = istateOf(d);
    const lines = [
        `handler:  ${d.flow}`,
        `device:   ${deviceNameOf(m, d)}`,
        `status:   ${hex8(status)}`,
        ...decodeBits(status, IRQDESC_STATES, kernel).map(n => `${ind(12)}${n}`),
        `istate:   ${hex8(istate)}`,
        ...decodeBits(istate, IRQDESC_ISTATES, kernel).map(n => `${ind(12)}${n}`),
        `ddepth:   ${d.depth}`,
        `wdepth:   0`,
        `dstate:   ${hex8(d.state)}`,
        ...decodeBits(d.state, IRQDATA_STATES, kernel).map(n => `${ind(12)}${n}`),
        `node:     ${nodeOf(m, d)}`,
        `affinity: ${bitList(d.affinity)}`,
        `effectiv: ${d.effCpu >= 0 ? bitList([d.effCpu]) : ''}`
    ];
    if (m.topo.arch === 'x86_64') lines.push(`pending:  ${bitList(d.pendingMask ?? [])}`);
    lines.push(...levelLines(m, d, 0, 0));
    return lines;
}

/** The file text of `irqs/<N>`. */
export function irqFile(m: Machine, d: IrqDesc): string {
    return irqLines(m, d).map(l => l + '\n').join('');
}
