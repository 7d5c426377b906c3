// Per-CPU interrupt counts (`desc->kstat_irqs`): the machine keeps one total per desc, so the per-CPU split is
// collected from `handle` events while a scenario runs, and reconciled with the desc's total when printed.
import type { IrqDesc, Machine, MachineEvent } from '../index.js';

/** Counts of flow-handler runs per (Linux irq, CPU), filled by `sink`. */
export class KstatCounter {
    private readonly counts = new Map<number, Map<number, number>>();

    /** An event sink to install on the machine (or call with every event of a run). */
    readonly sink = (event: MachineEvent): void => {
        if (event.kind !== 'handle' || event.irq === undefined || event.cpu < 0) return;
        const row = this.counts.get(event.irq) ?? new Map<number, number>();
        row.set(event.cpu, (row.get(event.cpu) ?? 0) + 1);
        this.counts.set(event.irq, row);
    };

    /**
     * The count of each CPU (index = CPU) for a desc. The event split is scaled to the desc's kstat total:
     * any difference goes to the CPU that handled it last (or CPU 0).
     */
    perCpu(m: Machine, d: IrqDesc): number[] {
        const out = m.state.cpus.map((_, cpu) => this.counts.get(d.irq)?.get(cpu) ?? 0);
        const diff = d.count - out.reduce((a, b) => a + b, 0);
        const target = d.lastCpu >= 0 && d.lastCpu < out.length ? d.lastCpu : 0;
        if (out.length > 0) out[target] = Math.max(0, out[target] + diff);
        return out;
    }
}
