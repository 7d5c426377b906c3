// The readable delivery trace of `irqt run`: one row per event (kind, level, kernel domain, kernel function,
// hwirq, Linux irq, then the message, vector/CPU or note), with columns aligned across a scenario.
import type { MachineEvent, MsiMsg } from '../emulator/index.js';

/** Column cells of one event row. */
export type TraceRow = [seq: string, kind: string, level: string, domain: string, fn: string, hwirq: string, irq: string, detail: string];

/** The header row of the trace table. */
export const TRACE_HEADER: TraceRow = ['#', 'event', 'lvl', 'domain', 'function', 'hwirq', 'irq', 'detail'];

const hex = (n: number): string => '0x' + (n >>> 0).toString(16);
const hex8 = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** A message as `address 0x00000000:0xfee02000 data 0x00000022`. */
export function formatMsg(msg: MsiMsg): string {
    return `address ${hex8(msg.addressHi)}:${hex8(msg.addressLo)} data ${hex8(msg.data)}`;
}

function cpuVector(cpu: number | undefined, vector: number | undefined): string {
    return [cpu !== undefined && cpu >= 0 ? `cpu ${cpu}` : '', vector !== undefined && vector >= 0 ? `vector ${hex(vector)}` : ''].filter(Boolean).join(' ');
}

/** What an event says beyond its level fields. */
export function eventDetail(e: MachineEvent): string {
    const parts: string[] = [];
    switch (e.kind) {
        case 'alloc': parts.push(e.resource); if (e.error) parts.push(e.error); break;
        case 'free': parts.push(e.resource); if (e.unwind) parts.push('(unwind)'); break;
        case 'activate': if (e.reserve) parts.push('reserve'); if (e.error) parts.push(e.error); break;
        case 'deactivate': if (e.rollback) parts.push('rollback'); break;
        case 'compose': parts.push(formatMsg(e.msg)); break;
        case 'write': parts.push(`${e.storage}[${e.entry}]`); if (e.msg) parts.push(formatMsg(e.msg)); break;
        case 'raise': if (e.msg) parts.push(formatMsg(e.msg)); break;
        case 'deliver': parts.push(e.hop, cpuVector(e.cpu, e.vector)); break;
        case 'ack': case 'eoi': case 'mask': case 'unmask': case 'retrigger':
            if (e.delegate) parts.push('delegate');
            if (e.kind === 'retrigger') parts.push(e.how);
            break;
        case 'handle': parts.push(cpuVector(e.cpu, e.vector)); break;
        case 'pending': parts.push(`${e.set ? 'set' : 'clear'} ${e.where}`); break;
        case 'move': parts.push(e.result); if (e.fromCpu !== undefined || e.toCpu !== undefined) parts.push(`cpu ${e.fromCpu ?? '?'} -> ${e.toCpu ?? '?'}`); break;
        case 'cleanup': parts.push(cpuVector(e.cpu, e.vector)); break;
        case 'shutdown': if (e.managed) parts.push('managed'); break;
        case 'post': parts.push(`vcpu ${e.vcpu} vector ${hex(e.vector)}`); break;
        case 'stray': parts.push(`stray ${cpuVector(e.cpu, e.vector)}`); break;
        case 'fault': parts.push(`${e.severity}: ${e.reason}`); if (e.errno) parts.push(e.errno); break;
        case 'expect': parts.push(e.pass ? 'PASS' : 'FAIL', e.expected, e.pass ? '' : `(actual: ${e.actual})`); break;
        default: break;
    }
    for (const c of e.changes ?? []) if (e.kind !== 'pending') parts.push(`${c.what}: ${String(c.before)} -> ${String(c.after)}`);
    if (e.note) parts.push(`(${e.note})`);
    return parts.filter(Boolean).join(' ');
}

/** The cells of one event. */
export function eventRow(e: MachineEvent): TraceRow {
    return [
        `#${e.seq}`, e.kind, e.level !== undefined ? `L${e.level}` : '', e.domain ?? '', e.fn ?? '',
        e.hwirq !== undefined ? hex(e.hwirq) : '', e.irq !== undefined ? String(e.irq) : '', eventDetail(e)
    ];
}

/** Widths of each column over a set of rows (the detail column is not padded). */
export function columnWidths(rows: readonly TraceRow[]): number[] {
    const widths = TRACE_HEADER.map(h => h.length);
    for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i], cell.length); });
    return widths;
}

/** One aligned line (numbers right-aligned, text left-aligned, trailing spaces trimmed). */
export function alignRow(row: TraceRow, widths: readonly number[], indent = '    '): string {
    const right = new Set([0, 5, 6]);
    return (indent + row.map((cell, i) => i === row.length - 1 ? cell : right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])).join('  ')).trimEnd();
}
