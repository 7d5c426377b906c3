// Breakpoint tables of the debug controller: source breakpoints on element/statement lines (matched against the
// SourceLocs events carry), function breakpoints on event kinds, errnos and kernel functions, data breakpoints.

import { ERRNO } from '../constants.js';
import type { EventKind, MachineEvent } from '../events.js';
import type { SourceLoc, SystemSpec } from '../spec.js';
import type { Topology } from '../topology.js';
import { compileExpression, compileHitCondition, compileLogMessage, type Expr, type HitCondition, type LogTemplate } from './expression.js';
import type { WatchPath } from './watch.js';

/** What a client asks for on one line (or one function name). */
export interface BreakpointRequest {
    line?: number;
    name?: string;
    condition?: string;
    hitCondition?: string;
    logMessage?: string;
}

/** A breakpoint as reported back: verified or not, with the reason. */
export interface BreakpointStatus {
    id: number;
    verified: boolean;
    line?: number;
    message?: string;
}

/** A compiled breakpoint (source or function). */
export interface Breakpoint {
    id: number;
    uri?: string;
    line?: number;
    name?: string;
    cond?: Expr;
    hit?: HitCondition;
    log?: LogTemplate;
    hits: number;
    status: BreakpointStatus;
}

/** A data breakpoint on a state path. */
export interface DataBreakpoint {
    id: number;
    path: WatchPath;
    text: string;
    last: string;
}

/** Every event kind the machine emits (for function breakpoints). */
export const EVENT_KINDS: readonly EventKind[] = [
    'step', 'alloc', 'free', 'activate', 'deactivate', 'compose', 'write', 'raise', 'deliver', 'ack', 'eoi', 'mask', 'unmask',
    'handle', 'pending', 'state', 'retrigger', 'move', 'cleanup', 'startup', 'shutdown', 'post', 'stray', 'fault', 'expect'
];

/** A line that holds a topology element or a statement, with a short description. */
export interface ElementLine { uri: string; line: number; what: string; }

/** `uri:line` key. */
export const lineKey = (uri: string, line: number): string => `${uri}:${line}`;

/** Every element line of a topology and its scenario steps. */
export function elementLines(topo: Topology, spec: SystemSpec): Map<string, ElementLine> {
    const out = new Map<string, ElementLine>();
    const add = (loc: SourceLoc | undefined, what: string): void => {
        if (loc && !out.has(lineKey(loc.uri, loc.line))) out.set(lineKey(loc.uri, loc.line), { uri: loc.uri, line: loc.line, what });
    };
    for (const s of spec.scenarios) for (const st of s.steps) add(st.loc, `statement of scenario ${s.name}`);
    for (const d of topo.domains) {
        add(d.loc, `domain ${d.name}`);
        for (const cb of Object.values(d.chip)) add(cb.loc, `${d.chipName} ${cb.op}`);
        for (const [op, cb] of Object.entries(d.spec.ops ?? {})) add(cb.loc, `${d.name} ops ${op}`);
        add(d.spec.chip?.loc, `chip ${d.chipName}`);
    }
    for (const dv of topo.devices) {
        add(dv.spec.msix?.loc, `${dv.name} MSI-X table`);
        add(dv.spec.ims?.loc, `${dv.name} IMS slots`);
        add(dv.spec.msi?.loc, `${dv.name} MSI capability`);
        add(dv.loc, `device ${dv.name}`);
    }
    for (const i of topo.spec.interrupts) add(i.loc, `interrupt ${i.name}`);
    return out;
}

/** Per instance name: the declaration of the device storage its leaf writes (IMS slots, MSI-X table, MSI). */
export function storageLocs(topo: Topology): Map<string, SourceLoc> {
    const out = new Map<string, SourceLoc>();
    for (const inst of topo.instances) {
        if (inst.device < 0) continue;
        const dev = topo.devices[inst.device].spec;
        const storage = topo.domains[inst.leaf].storage;
        const loc = storage === 'ims' ? dev.ims?.loc : storage === 'msix' ? dev.msix?.loc : storage === 'msi' ? dev.msi?.loc : undefined;
        if (loc) out.set(inst.name, loc);
    }
    return out;
}

const STORAGE_KINDS = new Set<EventKind>(['write', 'pending', 'mask', 'unmask', 'state']);

function touchesStorage(e: MachineEvent): boolean {
    switch (e.kind) {
        case 'write': return e.storage === 'ims' || e.storage === 'msix' || e.storage === 'msi';
        case 'state': return /device|slot|entry|mask bit/i.test(e.what);
        case 'pending': return e.where !== 'IRQS_PENDING';
        default: return true;
    }
}

/** The lines an event stands on: its own location and, for device storage hops, the storage declaration. */
export function eventLocs(e: MachineEvent, storage: Map<string, SourceLoc>): SourceLoc[] {
    const out: SourceLoc[] = [];
    if (e.loc) out.push(e.loc);
    if (e.instance && e.level === 0 && STORAGE_KINDS.has(e.kind) && touchesStorage(e)) {
        const s = storage.get(e.instance);
        if (s) out.push(s);
    }
    return out;
}

/** Does a function breakpoint name match an event (kind, `-ENOSPC` on alloc/activate/fault, kernel function)? */
export function functionMatches(name: string, e: MachineEvent): boolean {
    if (name === e.kind || name === e.fn) return true;
    if (name.startsWith('-E')) {
        if ((e.kind === 'alloc' || e.kind === 'activate') && e.error === name) return true;
        if (e.kind === 'fault' && e.errno === name) return true;
    }
    return false;
}

/** Is this a name a function breakpoint can use? Returns the reason when not. */
export function functionNameProblem(name: string, knownFns: Set<string>): string | undefined {
    if ((EVENT_KINDS as readonly string[]).includes(name) || knownFns.has(name)) return undefined;
    if (/^-E[A-Z]+$/.test(name)) return ERRNO[name.slice(1)] !== undefined ? undefined : `unknown errno ${name} (known: ${Object.keys(ERRNO).map((k) => '-' + k).join(', ')})`;
    return `'${name}' is not an event kind (${EVENT_KINDS.join(', ')}), an errno (-ENOSPC) or a kernel function of this topology`;
}

/** Compiles the condition, hit condition and log message of a request; throws ExpressionError. */
export function compileBreakpoint(id: number, req: BreakpointRequest, uri?: string): Breakpoint {
    const bp: Breakpoint = { id, uri, line: req.line, name: req.name, hits: 0, status: { id, verified: true, line: req.line } };
    if (req.condition && req.condition.trim()) bp.cond = compileExpression(req.condition);
    if (req.hitCondition && req.hitCondition.trim()) bp.hit = compileHitCondition(req.hitCondition);
    if (req.logMessage !== undefined && req.logMessage !== '') bp.log = compileLogMessage(req.logMessage);
    return bp;
}
