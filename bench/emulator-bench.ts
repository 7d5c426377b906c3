// Emulator benchmark: delivery throughput through T2 (device -> IR -> vector, tracing off) against a
// hand-written loop doing the same table lookups; snapshot/restore cost; memory per million events of history.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { History, Machine, t2IntelIr, type MachineEvent, type Step, type SystemSpec } from '../src/emulator/index.js';

/**
 * Milliseconds of CPU time used by this process (user + system). The throughput figures use CPU time, not
 * wall time, so that a loaded shared machine (other jobs on the same cores) does not distort them.
 */
function now(): number {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e3;
}

function heap(): number {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) { g(); g(); }
    return process.memoryUsage().heapUsed;
}

/** T2 with the NIC's queue 2 requested: the delivery under test. */
function t2Machine(): { m: Machine; inst: number } {
    const m = Machine.instantiate(t2IntelIr(), { trace: false });
    const steps: Step[] = [
        { kind: 'irq', action: 'allocate', target: { irq: 'nic0.q' } },
        { kind: 'irq', action: 'request', target: { irq: 'nic0.q', element: 2 } }
    ];
    for (const s of steps) m.execute(s);
    return { m, inst: m.resolveRef({ irq: 'nic0.q', element: 2 })[0] };
}

/** Deliveries per second through the emulator (raise + IR + vector_irq + handle_edge_irq + ack chain). */
function emulatorRate(n: number): number {
    const { m, inst } = t2Machine();
    for (let i = 0; i < 20000; i++) m.raise(inst);
    const t0 = now();
    for (let i = 0; i < n; i++) m.raise(inst);
    const dt = now() - t0;
    const handled = m.descOf(inst)!.handled;
    if (handled < n) throw new Error(`emulator handled ${handled} < ${n}`);
    return n / (dt / 1e3);
}

/** The same lookups, hand-written over flat tables: MSI-X entry mask, IRTE decode + lookup + SID check, vector_irq, desc flags, ack. */
function handLoopRate(n: number): number {
    const entryMasked = new Uint8Array(64);
    const entryAddr = new Uint32Array(64);
    const entryData = new Uint32Array(64);
    const irteVector = new Int32Array(65536);
    const irteDest = new Int32Array(65536);
    const irteSid = new Int32Array(65536);
    const irtePresent = new Uint8Array(65536);
    const apicToCpu = new Int32Array(256).fill(-1);
    for (let c = 0; c < 8; c++) apicToCpu[c] = c;
    const vectorIrq: Int32Array[] = Array.from({ length: 8 }, () => new Int32Array(256).fill(-1));
    const descState = new Int32Array(1024);
    const descCount = new Float64Array(1024);
    const descHandled = new Float64Array(1024);
    // Program entry 3 -> IRTE 3 -> CPU 2 vector 0x22 -> irq 43.
    entryAddr[3] = (0xfee00000 | (3 << 5) | 0x18) >>> 0;
    entryData[3] = 0;
    irtePresent[3] = 1; irteVector[3] = 0x22; irteDest[3] = 2; irteSid[3] = 0x300;
    vectorIrq[2][0x22] = 43;
    const DISABLED = 1 << 16, INPROGRESS = 1 << 18, MOVE_PENDING = 1 << 8;
    let eois = 0;
    const deliver = (entry: number, rid: number): void => {
        if (entryMasked[entry]) return;
        const addr = entryAddr[entry];
        let idx = ((addr >>> 5) & 0x7fff) | (((addr >>> 2) & 1) << 15);
        if (addr & 8) idx += entryData[entry] & 0xffff;
        if (!irtePresent[idx] || irteSid[idx] !== rid) return;
        const cpu = apicToCpu[irteDest[idx]];
        const irq = vectorIrq[cpu][irteVector[idx]];
        if (irq < 0) { eois++; return; }
        const st = descState[irq];
        if (st & (DISABLED | INPROGRESS)) return;
        descCount[irq]++;
        if (st & MOVE_PENDING) descState[irq] &= ~MOVE_PENDING;
        eois++;
        descState[irq] = st | INPROGRESS;
        descHandled[irq]++;
        descState[irq] &= ~INPROGRESS;
    };
    for (let i = 0; i < 20000; i++) deliver(3, 0x300);
    const t0 = now();
    for (let i = 0; i < n; i++) deliver(3, 0x300);
    const dt = now() - t0;
    if (descHandled[43] < n || eois < n) throw new Error('hand loop did not deliver');
    return n / (dt / 1e3);
}

/** T2 plus many NICs (64 MSI-X entries each), all allocated and requested. */
function bigT2(nics: number): Machine {
    const spec: SystemSpec = { ...t2IntelIr(), cpuCount: 16 };
    for (let k = 0; k < nics; k++) {
        const bdf = `0000:${(0x10 + k).toString(16).padStart(2, '0')}:00.0`;
        spec.domains.push({ name: `nic${k + 1}-msix`, kind: 'pci-msix', parent: 'INTEL-IR-0', device: `nic${k + 1}` });
        spec.devices.push({ name: `nic${k + 1}`, pci: bdf, msix: { tableSize: 64 }, behind: 'INTEL-IR-0' });
        spec.interrupts.push({ name: `nic${k + 1}.q`, device: `nic${k + 1}`, domain: `nic${k + 1}-msix`, index: 0, count: 64 });
    }
    const m = Machine.instantiate(spec, { trace: false });
    for (let k = 0; k < nics; k++) {
        m.execute({ kind: 'irq', action: 'allocate', target: { irq: `nic${k + 1}.q` } });
        m.execute({ kind: 'irq', action: 'request', target: { irq: `nic${k + 1}.q` } });
    }
    return m;
}

function snapshotCost(nics: number): { irqs: number; snapshotUs: number; restoreUs: number } {
    const m = bigT2(nics);
    const irqs = m.state.descs.filter(Boolean).length;
    const reps = 50;
    let snap = m.snapshot();
    let t0 = now();
    for (let i = 0; i < reps; i++) snap = m.snapshot();
    const snapshotUs = ((now() - t0) / reps) * 1e3;
    t0 = now();
    for (let i = 0; i < reps; i++) m.restore(snap);
    const restoreUs = ((now() - t0) / reps) * 1e3;
    return { irqs, snapshotUs, restoreUs };
}

/** Heap bytes per million events when every event record is kept (tracing on, array sink). */
function eventRecordMemory(): number {
    const { inst } = t2Machine();
    const events: MachineEvent[] = [];
    const m = Machine.instantiate(t2IntelIr(), { trace: false });
    m.execute({ kind: 'irq', action: 'allocate', target: { irq: 'nic0.q' } });
    m.execute({ kind: 'irq', action: 'request', target: { irq: 'nic0.q', element: 2 } });
    const h0 = heap();
    m.setTracing(true, (e) => events.push(e));
    while (events.length < 1_000_000) m.raise(inst);
    m.setTracing(false);
    const h1 = heap();
    return ((h1 - h0) / events.length) * 1e6;
}

/** Heap bytes per million events of History (snapshots every N steps + the step list, replayable). */
function historyMemory(): { bytesPerMillion: number; snapshots: number; seekUs: number } {
    const { m } = t2Machine();
    const h = new History(m, { snapshotEvery: 256 });
    const raise: Step = { kind: 'irq', action: 'raise', target: { irq: 'nic0.q', element: 2 } };
    const h0 = heap();
    const start = m.state.seq;
    while (m.state.seq - start < 1_000_000) h.execute(raise);
    const h1 = heap();
    const events = m.state.seq - start;
    const t0 = now();
    h.seekEvent(start + Math.floor(events / 2) + 3);
    const seekUs = (now() - t0) * 1e3;
    return { bytesPerMillion: ((h1 - h0) / events) * 1e6, snapshots: h.snapshotCount, seekUs };
}

/** Runs all measurements and returns the figures. */
export async function runEmulatorBench(): Promise<Record<string, number | string>> {
    const n = 2_000_000;
    const emu = Math.max(emulatorRate(n), emulatorRate(n));
    const hand = Math.max(handLoopRate(n), handLoopRate(n));
    const snap = snapshotCost(32);
    const evMem = eventRecordMemory();
    const hist = historyMemory();
    return {
        'delivery.emulator.per_s': Math.round(emu),
        'delivery.handloop.per_s': Math.round(hand),
        'delivery.ratio': Number((emu / hand).toFixed(3)),
        'delivery.target': '>= 5e6/s and ratio >= 0.5',
        'snapshot.irqs': snap.irqs,
        'snapshot.us': Number(snap.snapshotUs.toFixed(1)),
        'restore.us': Number(snap.restoreUs.toFixed(1)),
        'history.event_records.bytes_per_1M_events': Math.round(evMem),
        'history.replay.bytes_per_1M_events': Math.round(hist.bytesPerMillion),
        'history.replay.snapshots': hist.snapshots,
        'history.replay.seek_mid_us': Math.round(hist.seekUs),
        'heap.gc_exposed': (globalThis as { gc?: unknown }).gc ? 'yes' : 'no (run node --expose-gc for exact memory)'
    };
}

const direct = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (direct) {
    runEmulatorBench().then((r) => {
        for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(44)} ${v}`);
    }).catch((e: unknown) => { console.error(e); process.exitCode = 1; });
}
