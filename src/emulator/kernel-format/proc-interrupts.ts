// `/proc/interrupts` (kernel/irq/proc.c show_interrupts(), x86 arch_show_interrupts()): the CPU header, one
// row per irq with an action or a count, chip name, hwirq, Level/Edge (arm64, RISC-V), desc name, actions.
import type { Machine } from '../index.js';
import type { KstatCounter } from './kstat.js';
import { actionNamesOf, chipNameOf, handlerNameOf, isLevel } from './names.js';
import { ind, left, right } from './printf.js';

/** x86 arch rows: name and description (counts are not modelled and print as 0). */
const X86_ARCH_ROWS: readonly [string, string][] = [
    ['NMI', 'Non-maskable interrupts'], ['LOC', 'Local timer interrupts'], ['SPU', 'Spurious interrupts'],
    ['PMI', 'Performance monitoring interrupts'], ['IWI', 'IRQ work interrupts'], ['RTR', 'APIC ICR read retries'],
    ['RES', 'Rescheduling interrupts'], ['CAL', 'Function call interrupts'], ['TLB', 'TLB shootdowns'],
    ['TRM', 'Thermal event interrupts'], ['THR', 'Threshold APIC interrupts'], ['DFR', 'Deferred Error APIC interrupts'],
    ['MCE', 'Machine check exceptions'], ['MCP', 'Machine check polls']
];

/** Width of the irq-number column: 3, one more per decade from 1000 (`prec` in show_interrupts()). */
export function precisionOf(m: Machine): number {
    const nrIrqs = m.state.descs.length;
    let prec = 3;
    for (let j = 1000; prec < 10 && j <= nrIrqs; j *= 10) prec++;
    return prec;
}

/** The text of `/proc/interrupts`. */
export function procInterrupts(m: Machine, kstat: KstatCounter): string {
    const prec = precisionOf(m);
    const online = m.state.cpus.map((c, i) => ({ c, i })).filter(x => x.c.online).map(x => x.i);
    const showLevel = m.topo.arch !== 'x86_64';
    const lines = [ind(prec + 8) + online.map(cpu => `CPU${left(String(cpu), 8)}`).join('')];
    m.state.descs.forEach((d, irq) => {
        if (!d) return;
        const counts = kstat.perCpu(m, d);
        if (!d.hasAction && !online.some(cpu => counts[cpu] > 0)) return;
        let row = `${right(irq, prec)}: ` + online.map(cpu => `${right(counts[cpu], 10)} `).join('');
        row += ` ${right(chipNameOf(m, m.topo.domains[d.levels[0].domain]), 8)}`;
        row += ` ${right(d.levels[0].hwirq, prec)}`;
        if (showLevel) row += ` ${left(isLevel(d) ? 'Level' : 'Edge', 8)}`;
        const name = handlerNameOf(m, d);
        if (name !== undefined) row += `-${left(name, 8)}`;
        const actions = actionNamesOf(m, d);
        if (actions.length > 0) row += `  ${actions.join(', ')}`;
        lines.push(row);
    });
    if (m.topo.arch === 'x86_64') {
        for (const [name, text] of X86_ARCH_ROWS) lines.push(`${right(name, prec)}: ` + online.map(() => `${right(0, 10)} `).join('') + `  ${text}`);
        lines.push(`${right('ERR', prec)}: ${right(0, 10)}`, `${right('MIS', prec)}: ${right(0, 10)}`);
    }
    return lines.map(l => l + '\n').join('');
}
