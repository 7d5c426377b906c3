// Public API of the kernel-format printers: the emulated state as the kernel prints it (debugfs irq domains
// and irqs, /proc/interrupts, /sys/kernel/irq), as a tree of paths → file contents.
import type { Machine } from '../index.js';
import { defaultDomainFile, domainFile } from './debugfs-domain.js';
import { irqFile } from './debugfs-irq.js';
import { KstatCounter } from './kstat.js';
import { procInterrupts } from './proc-interrupts.js';
import { sysfsIrqFiles } from './sysfs-irq.js';

export { FLAG_VOCABULARY, decodeBits } from './bit-tables.js';
export { defaultDomainFile, domainFile, domainLines } from './debugfs-domain.js';
export { irqFile, irqLines } from './debugfs-irq.js';
export { KstatCounter } from './kstat.js';
export { procInterrupts } from './proc-interrupts.js';
export { sysfsIrqFiles } from './sysfs-irq.js';
export { chipNameOf } from './names.js';

/** What to dump: debugfs domain files, debugfs irq files, /proc/interrupts, /sys/kernel/irq, or all. */
export type DumpPart = 'domains' | 'irqs' | 'interrupts' | 'sysfs';

/** One dumped file: its absolute path on a real machine and its content. */
export interface DumpFile {
    path: string;
    content: string;
}

/** A file name the kernel would use for a domain (`/` is replaced by `:` in irq_domain names). */
function fileName(name: string): string {
    return name.replace(/\//g, ':');
}

/** The files of the requested parts, in the order a reader expects (domains, irqs, interrupts, sysfs). */
export function kernelDump(m: Machine, parts: readonly DumpPart[], kstat: KstatCounter = new KstatCounter()): DumpFile[] {
    const files: DumpFile[] = [];
    const descs = m.state.descs.flatMap((d, irq) => (d ? [{ d, irq }] : []));
    if (parts.includes('domains')) {
        const names = m.topo.domains.map((d, i) => ({ name: d.kernelName, i })).sort((a, b) => a.name.localeCompare(b.name));
        for (const { name, i } of names) files.push({ path: `/sys/kernel/debug/irq/domains/${fileName(name)}`, content: domainFile(m, i) });
        files.push({ path: '/sys/kernel/debug/irq/domains/default', content: defaultDomainFile(m) });
    }
    if (parts.includes('irqs')) {
        for (const { d, irq } of descs) files.push({ path: `/sys/kernel/debug/irq/irqs/${irq}`, content: irqFile(m, d) });
    }
    if (parts.includes('interrupts')) files.push({ path: '/proc/interrupts', content: procInterrupts(m, kstat) });
    if (parts.includes('sysfs')) {
        for (const { d, irq } of descs) {
            for (const [name, content] of Object.entries(sysfsIrqFiles(m, d, kstat))) files.push({ path: `/sys/kernel/irq/${irq}/${name}`, content });
        }
    }
    return files;
}
