// `/sys/kernel/irq/<N>/` (kernel/irq/irqdesc.c sysfs attributes): per_cpu_count, chip_name, hwirq, type,
// wakeup, name, actions - the flat view without the hierarchy, one small file each.
import type { IrqDesc, Machine } from '../index.js';
import type { KstatCounter } from './kstat.js';
import { actionNamesOf, chipNameOf, handlerNameOf, isLevel } from './names.js';

/** The attribute files of one irq, by file name, with the exact bytes the kernel returns. */
export function sysfsIrqFiles(m: Machine, d: IrqDesc, kstat: KstatCounter): Record<string, string> {
    const actions = actionNamesOf(m, d);
    const name = handlerNameOf(m, d);
    return {
        actions: actions.length > 0 ? actions.join(',') + '\n' : '',
        chip_name: chipNameOf(m, m.topo.domains[d.levels[0].domain]) + '\n',
        hwirq: `${d.levels[0].hwirq}\n`,
        name: name !== undefined ? name + '\n' : '',
        per_cpu_count: kstat.perCpu(m, d).join(',') + '\n',
        type: (isLevel(d) ? 'level' : 'edge') + '\n',
        wakeup: 'disabled\n'
    };
}
