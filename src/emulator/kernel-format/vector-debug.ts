// x86 VECTOR `debug_show`: x86_vector_debug_show() for one irq (Vector/Target/move flags) and, at domain
// level, irq_matrix_debug_show() (the per-CPU vector matrix summary), both at the caller's indentation.
import type { Machine, VectorData } from '../index.js';
import { VEC_ALLOCATED, VEC_FREE, VEC_MANAGED_ALLOCATED, VEC_MANAGED_RESERVED, VEC_SYSTEM } from '../constants.js';
import { bitList, ind, right } from './printf.js';

/** `x86_vector_debug_show(m, NULL, irqd, ind)` for one irq's vector level. */
export function vectorIrqLines(c: VectorData, indent: number): string[] {
    const lines = [
        `${ind(indent)}Vector: ${right(c.vector, 5)}`,
        `${ind(indent)}Target: ${right(c.cpu, 5)}`
    ];
    if (c.prevVector) {
        lines.push(`${ind(indent)}Previous vector: ${right(c.prevVector, 5)}`, `${ind(indent)}Previous target: ${right(c.prevCpu, 5)}`);
    }
    lines.push(
        `${ind(indent)}move_in_progress: ${c.moveInProgress ? 1 : 0}`,
        `${ind(indent)}is_managed:       ${c.isManaged ? 1 : 0}`,
        `${ind(indent)}can_reserve:      ${c.canReserve ? 1 : 0}`,
        `${ind(indent)}has_reserved:     ${c.hasReserved ? 1 : 0}`,
        `${ind(indent)}cleanup_pending:  ${c.cleanupPending ? 1 : 0}`
    );
    return lines;
}

/** Per-CPU counts of the matrix row, as `struct cpumap` keeps them. */
interface CpuMap {
    cpu: number;
    available: number;
    managed: number;
    managedAllocated: number;
    allocated: number;
    vectors: number[];
}

function cpuMap(row: Uint8Array, cpu: number): CpuMap {
    const map: CpuMap = { cpu, available: 0, managed: 0, managedAllocated: 0, allocated: 0, vectors: [] };
    row.forEach((cell, vector) => {
        if (cell === VEC_FREE) map.available++;
        if (cell === VEC_MANAGED_RESERVED || cell === VEC_MANAGED_ALLOCATED) map.managed++;
        if (cell === VEC_MANAGED_ALLOCATED) map.managedAllocated++;
        if (cell === VEC_ALLOCATED || cell === VEC_MANAGED_ALLOCATED) {
            map.allocated++;
            map.vectors.push(vector);
        }
    });
    return map;
}

/**
 * `irq_matrix_debug_show(sf, vector_matrix, ind)`: the summary lines are not indented, the table is
 * (`%*s` with a " " argument prints at least one space).
 */
export function vectorMatrixLines(m: Machine, indent: number): string[] {
    const online = m.state.cpus.map((c, i) => ({ c, i })).filter(x => x.c.online);
    const maps = online.map(x => cpuMap(x.c.matrix, x.i));
    const globalReserved = m.state.domains.map(d => d.res).find(r => r.t === 'vector');
    const system: number[] = [];
    m.state.cpus[0]?.matrix.forEach((cell, vector) => { if (cell === VEC_SYSTEM) system.push(vector); });
    const pad = ind(Math.max(1, indent));
    return [
        `Online bitmaps:   ${right(online.length, 6)}`,
        `Global available: ${right(maps.reduce((n, x) => n + x.available, 0), 6)}`,
        `Global reserved:  ${right(globalReserved && globalReserved.t === 'vector' ? globalReserved.globalReserved : 0, 6)}`,
        `Total allocated:  ${right(maps.reduce((n, x) => n + x.allocated, 0), 6)}`,
        `System: ${system.length}: ${bitList(system)}`,
        `${pad}| CPU | avl | man | mac | act | vectors`,
        ...maps.map(x => `${pad} ${right(x.cpu, 4)}  ${right(x.available, 4)}  ${right(x.managed, 4)}  ${right(x.managedAllocated, 4)} ${right(x.allocated, 4)}  ${bitList(x.vectors)}`)
    ];
}
