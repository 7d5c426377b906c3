// `/sys/kernel/debug/irq/domains/<name>`: irq_domain_debug_show_one() - name, size, mapped, flags with their
// decoded names, the domain's debug_show (VECTOR: the matrix), then the parent chain recursively at ind+4.
import type { Machine, ResolvedDomain } from '../index.js';
import { decodeBits, IRQDOMAIN_FLAGS } from './bit-tables.js';
import { kernelOf } from './names.js';
import { hex8, ind } from './printf.js';
import { vectorMatrixLines } from './vector-debug.js';

/** `revmap_size`: linear domains (IO-APIC pins, an IR unit's IRTE table) have one, tree domains print 0. */
export function revmapSize(domain: ResolvedDomain): number {
    if (domain.kind === 'ioapic' || domain.kind === 'intel-ir' || domain.kind === 'amd-ir') return domain.res.entries;
    return 0;
}

/** The lines of `irq_domain_debug_show_one(m, d, ind)`. */
export function domainLines(m: Machine, index: number, indent = 0): string[] {
    const domain = m.topo.domains[index];
    const lines = [
        `${ind(indent)}name:   ${domain.kernelName}`,
        `${ind(indent + 1)}size:   ${revmapSize(domain)}`,
        `${ind(indent + 1)}mapped: ${m.state.domains[index].revmap.size}`,
        `${ind(indent + 1)}flags:  ${hex8(domain.domainFlags)}`,
        ...decodeBits(domain.domainFlags, IRQDOMAIN_FLAGS, kernelOf(m)).map(name => `${ind(indent + 12)}${name}`)
    ];
    if (domain.kind === 'vector') lines.push(...vectorMatrixLines(m, indent + 1));
    if (domain.parent >= 0) {
        lines.push(`${ind(indent + 1)}parent: ${m.topo.domains[domain.parent].kernelName}`);
        lines.push(...domainLines(m, domain.parent, indent + 4));
    }
    return lines;
}

/** The file text of `domains/<name>` (every line newline-terminated). */
export function domainFile(m: Machine, index: number): string {
    return domainLines(m, index).map(l => l + '\n').join('');
}

/** `irq_default_domain`: the x86 vector domain, the RISC-V INTC; none on arm64. */
export function defaultDomainIndex(m: Machine): number {
    const kind = m.topo.arch === 'x86_64' ? 'vector' : m.topo.arch === 'riscv64' ? 'riscv-intc' : undefined;
    return kind ? m.topo.domains.findIndex(d => d.kind === kind) : -1;
}

/** The text of `domains/default`: the default domain's file, or empty when none is set. */
export function defaultDomainFile(m: Machine): string {
    const index = defaultDomainIndex(m);
    return index >= 0 ? domainFile(m, index) : '';
}
