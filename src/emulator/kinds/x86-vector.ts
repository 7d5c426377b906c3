// The x86 VECTOR root domain (arch/x86/kernel/apic/vector.c): the per-CPU vector matrix, reservation
// mode, managed reservations, vector_irq[], apic_ack_edge / apic_set_affinity / compose / retrigger.

import { ERRNO, IRQ_SET_MASK_OK, IRQD, VECTOR_SHUTDOWN, VECTOR_UNUSED, VEC_ALLOCATED, VEC_FREE, VEC_MANAGED_ALLOCATED, VEC_MANAGED_RESERVED, X86 } from '../constants.js';
import type { Machine } from '../machine.js';
import type { IrqDesc, VectorData } from '../state.js';
import type { KindImpl } from './kind.js';
import { irqMoveIrqHook } from './hooks.js';

/** The vector level's data of a desc (`irqd_cfg()` / `apic_chip_data()`, the read-only lookup R-DELEGATE-PARENT-ONLY allows). */
export function vectorData(d: IrqDesc): VectorData | null {
    const c = d.levels[d.levels.length - 1].c;
    return c.t === 'vector' ? c : null;
}

function vecLevel(d: IrqDesc): number { return d.levels.length - 1; }

function freeCount(m: Machine, cpu: number): number {
    const mx = m.state.cpus[cpu].matrix;
    let n = 0;
    for (let v = 0; v < 256; v++) if (mx[v] === VEC_FREE) n++;
    return n;
}

/** `global_available` of the matrix: free vectors on online CPUs. */
export function globalAvailable(m: Machine): number {
    let n = 0;
    m.state.cpus.forEach((c, i) => { if (c.online) n += freeCount(m, i); });
    return n;
}

function vectorRes(m: Machine) {
    const r = m.state.domains.find((x) => x.res.t === 'vector')?.res;
    return r && r.t === 'vector' ? r : null;
}

/** `irq_matrix_alloc()`: best CPU (most free) in mask, first free vector from the bottom of the window. */
function matrixAlloc(m: Machine, mask: number[], reserved: boolean): { cpu: number; vector: number } | null {
    let best = -1;
    let bestFree = -1;
    for (const c of mask) {
        const cs = m.state.cpus[c];
        if (!cs || !cs.online) continue;
        const f = freeCount(m, c);
        if (f > bestFree) { best = c; bestFree = f; }
    }
    if (best < 0 || bestFree <= 0) return null;
    const mx = m.state.cpus[best].matrix;
    for (let v = 0; v < 256; v++) {
        if (mx[v] === VEC_FREE) {
            mx[v] = VEC_ALLOCATED;
            m.state.cpus[best].allocated++;
            if (reserved) { const r = vectorRes(m); if (r && r.globalReserved > 0) r.globalReserved--; }
            return { cpu: best, vector: v };
        }
    }
    return null;
}

/** `irq_matrix_alloc_managed()`: a managed-reserved vector on a CPU of the mask. */
function matrixAllocManaged(m: Machine, mask: number[]): { cpu: number; vector: number } | null {
    for (const c of mask) {
        const cs = m.state.cpus[c];
        if (!cs || !cs.online) continue;
        for (let v = 0; v < 256; v++) {
            if (cs.matrix[v] === VEC_MANAGED_RESERVED) {
                cs.matrix[v] = VEC_MANAGED_ALLOCATED;
                cs.allocated++;
                return { cpu: c, vector: v };
            }
        }
    }
    return null;
}

function matrixFree(m: Machine, cpu: number, vector: number, managed: boolean): void {
    const cs = m.state.cpus[cpu];
    if (vector === 0 || vector === X86.MANAGED_IRQ_SHUTDOWN_VECTOR) return;
    cs.matrix[vector] = managed ? VEC_MANAGED_RESERVED : VEC_FREE;
    cs.allocated--;
}

function updateCfg(m: Machine, d: IrqDesc, c: VectorData, vector: number, cpu: number): void {
    c.cfgVector = vector;
    c.cfgCpu = cpu;
    d.effCpu = cpu;
    void m;
}

/** `apic_update_vector()`: the old vector becomes prev (move in progress) when its CPU is online, else it is freed. */
function updateVector(m: Machine, d: IrqDesc, c: VectorData, vector: number, cpu: number): void {
    c.prevVector = 0;
    if (c.vector !== 0 && c.vector !== X86.MANAGED_IRQ_SHUTDOWN_VECTOR) {
        if (m.state.cpus[c.cpu].online) {
            c.moveInProgress = true;
            c.prevVector = c.vector;
            c.prevCpu = c.cpu;
        } else {
            matrixFree(m, c.cpu, c.vector, c.isManaged);
        }
    }
    c.vector = vector;
    c.cpu = cpu;
    m.state.cpus[cpu].vectorIrq[vector] = d.irq;
}

function emitAssign(m: Machine, d: IrqDesc, fn: string, note: string, before: string, after: string): void {
    if (m.sink !== null) m.emit({ kind: 'alloc', resource: `vector ${after}`, fn, note, changes: [{ what: 'vector', before, after }], ...m.at(d, vecLevel(d)) });
    else m.tick();
}

function fmt(cpu: number, vector: number): string { return vector ? `CPU${cpu}/0x${vector.toString(16)}` : 'none'; }

/** `assign_vector_locked()`. */
function assignVector(m: Machine, d: IrqDesc, c: VectorData, dest: number[], reserved: boolean): number {
    if (c.vector && m.state.cpus[c.cpu].online && dest.includes(c.cpu)) return 0;
    if (c.moveInProgress || c.cleanupPending) return -ERRNO.EBUSY;
    const r = matrixAlloc(m, dest, reserved);
    if (!r) return -ERRNO.ENOSPC;
    const before = fmt(c.cpu, c.vector);
    updateVector(m, d, c, r.vector, r.cpu);
    updateCfg(m, d, c, r.vector, r.cpu);
    emitAssign(m, d, 'assign_vector_locked', 'irq_matrix_alloc', before, fmt(r.cpu, r.vector));
    return 0;
}

/** `assign_irq_vector_any_locked()`: affinity ∩ online, then any online CPU. */
function assignAny(m: Machine, d: IrqDesc, c: VectorData, reserved: boolean): number {
    const online = m.onlineCpus();
    const aff = d.affinity.filter((x) => online.includes(x));
    if (aff.length && assignVector(m, d, c, aff, reserved) === 0) return 0;
    const ret = assignVector(m, d, c, online, reserved);
    if (ret === 0 && aff.length && !aff.includes(c.cpu)) m.fault('Affinity broken due to vector space exhaustion (R-VECTORS)', 'warning', m.at(d, vecLevel(d)));
    return ret;
}

/** `vector_assign_managed_shutdown()`: park on MANAGED_IRQ_SHUTDOWN_VECTOR of the first online CPU. */
function assignShutdown(m: Machine, d: IrqDesc, c: VectorData): void {
    const cpu = m.onlineCpus()[0] ?? 0;
    updateCfg(m, d, c, X86.MANAGED_IRQ_SHUTDOWN_VECTOR, cpu);
    if (m.sink !== null) m.emit({ kind: 'alloc', resource: `shutdown vector CPU${cpu}/0xef`, fn: 'vector_assign_managed_shutdown', note: 'reservation mode: no real vector yet (S-10)', ...m.at(d, vecLevel(d)) });
    else m.tick();
}

/** `clear_irq_vector()`: vector_irq entries become VECTOR_SHUTDOWN (S-22), the matrix bits are freed. */
function clearVector(m: Machine, d: IrqDesc, c: VectorData): void {
    if (!c.vector) return;
    m.state.cpus[c.cpu].vectorIrq[c.vector] = VECTOR_SHUTDOWN;
    matrixFree(m, c.cpu, c.vector, c.isManaged);
    if (m.sink !== null) m.emit({ kind: 'free', resource: `vector ${fmt(c.cpu, c.vector)}`, fn: 'clear_irq_vector', ...m.at(d, vecLevel(d)) });
    else m.tick();
    c.vector = 0;
    if (c.prevVector) {
        m.state.cpus[c.prevCpu].vectorIrq[c.prevVector] = VECTOR_SHUTDOWN;
        matrixFree(m, c.prevCpu, c.prevVector, c.isManaged);
        c.prevVector = 0;
    }
    c.moveInProgress = false;
    c.cleanupPending = false;
}

/** The old vector is released (the cleanup timer, `__vector_cleanup()`). */
export function cleanupPrev(m: Machine, d: IrqDesc): void {
    const c = vectorData(d);
    if (!c || !c.prevVector) { if (c) { c.moveInProgress = false; c.cleanupPending = false; } return; }
    const cpu = c.prevCpu;
    const vector = c.prevVector;
    m.state.cpus[cpu].vectorIrq[vector] = VECTOR_UNUSED;
    matrixFree(m, cpu, vector, c.isManaged);
    c.prevVector = 0;
    c.moveInProgress = false;
    c.cleanupPending = false;
    if (m.sink !== null) m.emit({ kind: 'cleanup', cpu, vector, fn: '__vector_cleanup', ...m.at(d, vecLevel(d)) });
    else m.tick();
}

/** `vector_schedule_cleanup()` (IR path): the old vector is released right after the IRTE update. */
export function vectorScheduleCleanup(m: Machine, d: IrqDesc): void {
    const c = vectorData(d);
    if (c && c.moveInProgress) cleanupPrev(m, d);
}

/** `irq_force_complete_move()` (CPU offline). */
export function forceCompleteMove(m: Machine, d: IrqDesc): void {
    const c = vectorData(d);
    if (c && (c.moveInProgress || c.cleanupPending)) cleanupPrev(m, d);
}

/** The vector domain's ops table. */
export const VECTOR_KIND: KindImpl = {
    initRes: () => ({ t: 'vector', globalReserved: 0 }),
    alloc(m, descs, lvl) {
        const r = vectorRes(m)!;
        for (let i = 0; i < descs.length; i++) {
            const d = descs[i];
            const managed = (d.state & IRQD.AFFINITY_MANAGED) !== 0;
            const c: VectorData = {
                t: 'vector', vector: 0, cpu: 0, prevVector: 0, prevCpu: 0, moveInProgress: false, cleanupPending: false,
                isManaged: managed, canReserve: false, hasReserved: false, cfgVector: 0, cfgCpu: -1, managedCpus: []
            };
            d.levels[lvl].c = c;
            d.levels[lvl].hwirq = d.irq;
            d.state |= IRQD.SINGLE_TARGET | IRQD.AFFINITY_ON_ACTIVATE | IRQD.HANDLE_ENFORCE_IRQCTX;
            let err = 0;
            let what = '';
            if (managed) {
                // reserve_managed_vector(): one vector on every CPU of the mask.
                for (const cpu of d.affinity) {
                    const cs = m.state.cpus[cpu];
                    const v = cs ? cs.matrix.indexOf(VEC_FREE) : -1;
                    if (v < 0) { err = -ERRNO.ENOSPC; break; }
                    cs.matrix[v] = VEC_MANAGED_RESERVED;
                    c.managedCpus.push(cpu);
                }
                what = `managed reservation on CPUs ${d.affinity.join(',')}`;
            } else if (r.globalReserved >= globalAvailable(m)) {
                err = -ERRNO.ENOSPC;
                what = 'global vector reservation';
            } else {
                r.globalReserved++;
                c.canReserve = true;
                c.hasReserved = true;
                d.state |= IRQD.CAN_RESERVE;
                what = 'global vector reservation';
            }
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: what, error: err ? '-ENOSPC' : undefined, fn: 'x86_vector_alloc_irqs', ...m.at(d, lvl) });
            else m.tick();
            if (err) {
                releaseManaged(m, c);
                VECTOR_KIND.free(m, descs.slice(0, i), lvl, true);
                return err;
            }
        }
        return 0;
    },
    free(m, descs, lvl, unwind) {
        const r = vectorRes(m)!;
        for (const d of descs) {
            const c = d.levels[lvl].c;
            if (c.t !== 'vector') continue;
            clearVector(m, d, c);
            releaseManaged(m, c);
            if (c.hasReserved) { r.globalReserved--; c.hasReserved = false; }
            if (m.sink !== null) m.emit({ kind: 'free', resource: 'apic_chip_data', unwind, fn: 'x86_vector_free_irqs', ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate(m, d, lvl, reserve) {
        const c = d.levels[lvl].c as VectorData;
        if (!c.canReserve && !c.isManaged) return assignAny(m, d, c, false);
        if (reserve || (d.state & IRQD.MANAGED_SHUTDOWN && c.isManaged)) { assignShutdown(m, d, c); return 0; }
        if (c.isManaged) {
            const dest = d.affinity.filter((x) => m.state.cpus[x]?.online);
            if (!dest.length) { m.fault('managed startup irq without online CPU', 'error', m.at(d, lvl), -ERRNO.EINVAL); return -ERRNO.EINVAL; }
            if (c.vector && dest.includes(c.cpu)) return 0;
            const a = matrixAllocManaged(m, dest);
            if (!a) return -ERRNO.ENOSPC;
            const before = fmt(c.cpu, c.vector);
            updateVector(m, d, c, a.vector, a.cpu);
            updateCfg(m, d, c, a.vector, a.cpu);
            emitAssign(m, d, 'activate_managed', 'irq_matrix_alloc_managed', before, fmt(a.cpu, a.vector));
            return 0;
        }
        if (c.hasReserved) {
            const ret = assignAny(m, d, c, true);
            if (ret === 0) {
                c.hasReserved = false;
                if (!(d.state & IRQD.CAN_RESERVE)) c.canReserve = false;
            }
            return ret;
        }
        return 0;
    },
    deactivate(m, d, lvl) {
        const c = d.levels[lvl].c as VectorData;
        if (!c.isManaged && !c.canReserve) return;
        if (c.hasReserved) return;
        clearVector(m, d, c);
        if (c.canReserve) {
            const r = vectorRes(m)!;
            r.globalReserved++;
            c.hasReserved = true;
            d.state |= IRQD.CAN_RESERVE;
            assignShutdown(m, d, c);
        } else {
            assignShutdown(m, d, c);
        }
    },
    self: {
        /** apic_ack_edge(): irq_complete_move(), irq_move_irq(), apic_eoi(). */
        ack(m, d, lvl) {
            const c = d.levels[lvl].c as VectorData;
            if (c.moveInProgress && m.currentVector === c.vector && m.currentCpu === c.cpu) {
                c.cleanupPending = true;
                c.moveInProgress = false;
                cleanupPrev(m, d);
            }
            irqMoveIrqHook.fn(m, d);
            return 0;
        },
        /** apic_set_affinity(). */
        set_affinity(m, d, lvl, arg) {
            const c = d.levels[lvl].c as VectorData;
            const mask = arg.mask ?? [];
            const from = fmt(c.cpu, c.vector);
            let ret: number;
            if (c.isManaged) {
                if (c.vector && mask.includes(c.cpu)) ret = 0;
                else {
                    const a = matrixAllocManaged(m, mask);
                    if (!a) ret = -ERRNO.ENOSPC;
                    else { updateVector(m, d, c, a.vector, a.cpu); updateCfg(m, d, c, a.vector, a.cpu); ret = 0; }
                }
            } else {
                ret = assignVector(m, d, c, mask, false);
            }
            if (m.sink !== null) m.emit({
                kind: 'move', result: ret === 0 ? 'IRQ_SET_MASK_OK' : ret === -ERRNO.EBUSY ? '-EBUSY' : '-ENOSPC', fn: 'apic_set_affinity',
                fromCpu: c.prevVector ? c.prevCpu : c.cpu, toCpu: c.cpu, changes: [{ what: 'vector', before: from, after: fmt(c.cpu, c.vector) }],
                ...m.at(d, lvl, m.domOf(d, lvl).chip.set_affinity.loc)
            });
            else m.tick();
            return ret === 0 ? IRQ_SET_MASK_OK : ret;
        },
        /** x86_vector_msi_compose_msg() / __irq_msi_compose_msg(cfg, msg, dmar=false). */
        compose(m, d, lvl, arg) {
            const c = d.levels[lvl].c as VectorData;
            arg.msg = composeCompat(m, d, c, false);
            return 0;
        },
        /** apic_retrigger_irq(): an IPI with the vector to the target CPU. */
        retrigger(m, d, lvl) {
            const c = d.levels[lvl].c as VectorData;
            if (m.sink !== null) m.emit({ kind: 'retrigger', delegate: false, how: `IPI vector 0x${c.vector.toString(16)} to CPU${c.cpu}`, fn: 'apic_retrigger_irq', ...m.at(d, lvl) });
            else m.tick();
            m.state.hwQueue.push({ t: 'vector', a: c.cpu, b: c.vector, c: 0, d: 0 });
            return 1;
        }
    }
};

function releaseManaged(m: Machine, c: VectorData): void {
    for (const cpu of c.managedCpus) {
        const mx = m.state.cpus[cpu].matrix;
        const v = mx.indexOf(VEC_MANAGED_RESERVED);
        if (v >= 0) mx[v] = VEC_FREE;
    }
    c.managedCpus = [];
}

/**
 * `__irq_msi_compose_msg()`: compatibility format. address_lo = 0xFEE00000 | destid[7:0] << 12; for the
 * DMAR-MSI (dmar = true) APIC ID bits 8-31 go to address_hi (R-IR-SELF); data = vector (fixed, edge).
 */
export function composeCompat(m: Machine, d: IrqDesc, c: VectorData, dmar: boolean): { addressLo: number; addressHi: number; data: number } {
    const apic = m.state.cpus[c.cfgCpu]?.apicId ?? 0;
    if (apic > 0xff && !dmar) m.fault(`APIC ID ${apic} > 255 cannot be targeted by a compatibility-format MSI without IR (R-IR-APICID)`, 'error', m.at(d, d.levels.length - 1));
    return {
        addressLo: (X86.MSI_BASE_ADDRESS_LOW | ((apic & 0xff) << 12)) >>> 0,
        addressHi: dmar ? (apic & ~0xff) >>> 0 : 0,
        data: c.cfgVector & 0xff
    };
}
