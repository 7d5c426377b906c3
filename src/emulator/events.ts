// The emulator's event union: one small typed record per hop (alloc, activate, compose, write, ack...),
// each with a sequence number, the level, the kernel function and the source location involved.

import type { SourceLoc } from './spec.js';

/** An MSI message (`struct msi_msg`). */
export interface MsiMsg {
    addressLo: number;
    addressHi: number;
    data: number;
}

/** One changed piece of state: what, before, after. */
export interface StateChange {
    what: string;
    before: string | number | boolean | null;
    after: string | number | boolean | null;
}

/** Fields common to every event. */
export interface EventBase {
    /** Monotonic sequence number (per machine, survives snapshot/restore). */
    seq: number;
    /** Level index in the irq's chain (0 = leaf), when a level is involved. */
    level?: number;
    /** Kernel domain name of that level. */
    domain?: string;
    /** Kernel function (chip op or helper) this hop models, e.g. `apic_ack_edge`. */
    fn?: string;
    /** This level's hwirq. */
    hwirq?: number;
    /** Linux irq number. */
    irq?: number;
    /** Interrupt instance name ("nic0.q[3]"). */
    instance?: string;
    /** Source location: chip callback, domain, interrupt or scenario step (most specific first). */
    loc?: SourceLoc;
    /** State this hop changed. */
    changes?: StateChange[];
    /** Free-text detail. */
    note?: string;
}

/** A scenario statement starts (the controller's "step over" boundary). */
export interface StepEvent extends EventBase { kind: 'step'; index: number; text: string; }
/** A level allocated (or failed to allocate) its own resource; `error` = "-ENOSPC" etc. */
export interface AllocEvent extends EventBase { kind: 'alloc'; resource: string; error?: string; }
/** A level freed its resource; `unwind` when rolling back a failed allocation. */
export interface FreeEvent extends EventBase { kind: 'free'; resource: string; unwind?: boolean; }
/** A level's `activate` (reserve = x86 reservation mode). */
export interface ActivateEvent extends EventBase { kind: 'activate'; reserve: boolean; error?: string; }
/** A level's `deactivate`. */
export interface DeactivateEvent extends EventBase { kind: 'deactivate'; rollback?: boolean; }
/** A chip composed a message (the nearest composer from the leaf, S-3). */
export interface ComposeEvent extends EventBase { kind: 'compose'; msg: MsiMsg; }
/** A message (or IRTE / RTE / APLIC TARGET) write into storage. */
export interface WriteEvent extends EventBase {
    kind: 'write'; storage: 'msix' | 'msi' | 'ims' | 'reg' | 'irte' | 'rte' | 'aplic-target' | 'itt'; entry: number; msg?: MsiMsg;
}
/** The device (or a wire) raised an interrupt. */
export interface RaiseEvent extends EventBase { kind: 'raise'; msg?: MsiMsg; }
/** A hardware hop of delivery (IRTE lookup, ITS translation, IMSIC file, LAPIC, vector_irq/revmap lookup). */
export interface DeliverEvent extends EventBase { kind: 'deliver'; hop: string; cpu?: number; vector?: number; }
/** `irq_ack` at a level (delegate = an irq_chip_ack_parent hop). */
export interface AckEvent extends EventBase { kind: 'ack'; delegate: boolean; }
/** `irq_eoi` at a level. */
export interface EoiEvent extends EventBase { kind: 'eoi'; delegate: boolean; }
/** `irq_mask` at a level (core = the core-only IRQD_IRQ_MASKED update). */
export interface MaskEvent extends EventBase { kind: 'mask'; delegate: boolean; }
/** `irq_unmask` at a level. */
export interface UnmaskEvent extends EventBase { kind: 'unmask'; delegate: boolean; }
/** The flow handler ran the action (driver handler) on a CPU. */
export interface HandleEvent extends EventBase { kind: 'handle'; flow: string; cpu: number; vector?: number; }
/** A core or hardware state bit changed (IRQD_IRQ_DISABLED, a device mask bit, IRQD_ACTIVATED...). */
export interface StateEvent extends EventBase { kind: 'state'; what: string; set: boolean; }
/** A pending state was set or cleared (IRQS_PENDING, MSI-X Pending Bit, LPI/IMSIC pending). */
export interface PendingEvent extends EventBase { kind: 'pending'; where: string; set: boolean; }
/** A hardware re-raise (retrigger) or a software resend. */
export interface RetriggerEvent extends EventBase { kind: 'retrigger'; delegate: boolean; how: string; }
/** An affinity change; result: OK, OK_DONE, deferred, -EBUSY... */
export interface MoveEvent extends EventBase { kind: 'move'; result: string; fromCpu?: number; toCpu?: number; }
/** An old vector released after a move. */
export interface CleanupEvent extends EventBase { kind: 'cleanup'; cpu: number; vector: number; }
/** irq_startup(). */
export interface StartupEvent extends EventBase { kind: 'startup'; }
/** irq_shutdown() or managed shutdown. */
export interface ShutdownEvent extends EventBase { kind: 'shutdown'; managed: boolean; }
/** Posted (vCPU) delivery (S-20). */
export interface PostEvent extends EventBase { kind: 'post'; vcpu: number; vector: number; }
/** A stray interrupt on a vector with no irq (S-22). */
export interface StrayEvent extends EventBase { kind: 'stray'; cpu: number; vector: number; }
/** A failure: an error result, a kernel WARN/BUG the model detects, or the event limit. */
export interface FaultEvent extends EventBase { kind: 'fault'; severity: 'error' | 'warning'; reason: string; errno?: string; }
/** An expectation was evaluated. */
export interface ExpectEvent extends EventBase { kind: 'expect'; pass: boolean; expected: string; actual: string; }

/** Every event the machine emits. */
export type MachineEvent =
    | StepEvent | AllocEvent | FreeEvent | ActivateEvent | DeactivateEvent | ComposeEvent | WriteEvent
    | RaiseEvent | DeliverEvent | AckEvent | EoiEvent | MaskEvent | UnmaskEvent | HandleEvent | PendingEvent | StateEvent
    | RetriggerEvent | MoveEvent | CleanupEvent | StartupEvent | ShutdownEvent | PostEvent | StrayEvent
    | FaultEvent | ExpectEvent;

/** Event kind names. */
export type EventKind = MachineEvent['kind'];

/** Where events go: a callback (or null = tracing off, the fast path). */
export type EventSink = (event: MachineEvent) => void;

/** Collects events into an array; `sink` is the callback to install. */
export class EventLog {
    readonly events: MachineEvent[] = [];
    readonly sink: EventSink = (e) => { this.events.push(e); };
    /** Events of one kind. */
    ofKind<K extends EventKind>(kind: K): Extract<MachineEvent, { kind: K }>[] {
        return this.events.filter((e) => e.kind === kind) as Extract<MachineEvent, { kind: K }>[];
    }
    clear(): void { this.events.length = 0; }
}

/** One-line rendering of an event for traces and test diagnostics. */
export function formatEvent(e: MachineEvent): string {
    const parts: string[] = [`#${e.seq}`, e.kind];
    if (e.level !== undefined) parts.push(`L${e.level}`);
    if (e.domain) parts.push(e.domain);
    if (e.fn) parts.push(e.fn);
    if (e.irq !== undefined) parts.push(`irq ${e.irq}`);
    if (e.hwirq !== undefined) parts.push(`hwirq 0x${e.hwirq.toString(16)}`);
    switch (e.kind) {
        case 'compose': case 'write':
            if (e.msg) parts.push(`msg ${hex(e.msg.addressHi)}:${hex(e.msg.addressLo)}/${hex(e.msg.data)}`);
            break;
        case 'deliver': parts.push(e.hop); if (e.cpu !== undefined) parts.push(`cpu ${e.cpu}`); if (e.vector !== undefined) parts.push(`vector ${hex(e.vector)}`); break;
        case 'fault': parts.push(e.reason); break;
        case 'pending': parts.push(`${e.where} ${e.set ? 'set' : 'cleared'}`); break;
        case 'state': parts.push(`${e.what} ${e.set ? 'set' : 'cleared'}`); break;
        case 'retrigger': parts.push(e.how); break;
        case 'handle': parts.push(`cpu ${e.cpu}`); break;
        case 'cleanup': parts.push(`CPU${e.cpu}/0x${e.vector.toString(16)}`); break;
        case 'post': parts.push(`vCPU ${e.vcpu} vector 0x${e.vector.toString(16)}`); break;
        case 'move': parts.push(e.result); break;
        case 'expect': parts.push(e.pass ? 'PASS' : 'FAIL', e.expected, '/', e.actual); break;
        case 'alloc': parts.push(e.resource); if (e.error) parts.push(e.error); break;
        case 'stray': parts.push(`cpu ${e.cpu} vector ${hex(e.vector)}`); break;
        default: break;
    }
    if (e.note) parts.push(`(${e.note})`);
    return parts.join(' ');
}

function hex(n: number): string { return '0x' + (n >>> 0).toString(16); }
