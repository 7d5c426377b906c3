// The debug controller on hand-built specs (no parser): stepping in/over/out/back, breakpoints by source line,
// condition, hit count and function (event kind, -ENOSPC), data breakpoints, console commands, the event limit.
import { describe, expect, it } from 'vitest';
import { DebugController, type RunResult } from '../../../src/emulator/controller/index.js';
import { t2IntelIr, t3Ims, type ScenarioSpec, type SourceLoc, type Step, type SystemSpec } from '../../../src/emulator/index.js';

const URI = 'file:///virtual/t3.irq';
const at = (line: number): SourceLoc => ({ uri: URI, line, column: 3, endLine: line, endColumn: 20 });
const IMS_DOMAIN = 20;
const WQ = 30;
const IMS_DECL = 25;

/** T3 with source locations on the IMS domain, the IMS storage, the interrupt and every statement (line 100 + i). */
function spec(steps: Step[]): { spec: SystemSpec; scenario: ScenarioSpec } {
    const base = t3Ims();
    const scenario: ScenarioSpec = { name: 'unit', steps: steps.map((s, i) => ({ ...s, loc: at(100 + i) })) };
    const domains = base.domains.map((d, i) => ({ ...d, loc: at(d.kind === 'ims' ? IMS_DOMAIN : 10 + i) }));
    const devices = base.devices.map((d) => ({ ...d, ims: d.ims ? { ...d.ims, loc: at(IMS_DECL) } : undefined }));
    const interrupts = base.interrupts.map((i) => (i.name === 'dsa0.wq' ? { ...i, loc: at(WQ) } : i));
    return { spec: { ...base, domains, devices, interrupts, scenarios: [scenario] }, scenario };
}

const irq = (action: 'allocate' | 'request' | 'raise' | 'mask' | 'unmask', times?: number): Step => ({ kind: 'irq', action, target: { irq: 'dsa0.wq' }, times });
const DELIVERY: Step[] = [
    irq('allocate'), irq('request'), irq('raise'), irq('mask'), irq('raise'), irq('unmask'),
    { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'dsa0.wq' }, cpu: 5 } },
    { kind: 'expect', expect: { kind: 'state', target: { irq: 'dsa0.wq' }, state: 'masked', negated: true } }
];

function runToStop(c: DebugController, mode: Parameters<DebugController['resume']>[0] = 'continue'): RunResult {
    for (;;) {
        const r = c.resume(mode);
        if (r.stop || r.ended) return r;
    }
}

describe('debug controller', () => {
    it('steps over statement by statement and in event by event, and back to the same state', () => {
        const { spec: s, scenario } = spec(DELIVERY);
        const c = new DebugController(s, scenario);
        expect(c.stack().map((f) => f.name)).toEqual(['unit · entry · allocate dsa0.wq']);
        const statements: string[] = [];
        for (let i = 0; i < 3; i++) {
            expect(runToStop(c, 'next').stop?.reason).toBe('step');
            statements.push(c.stack()[0].name);
        }
        expect(statements).toEqual(['allocate dsa0.wq', 'request dsa0.wq', 'raise dsa0.wq']);
        const seqs: number[] = [];
        for (let i = 0; i < 7; i++) { runToStop(c, 'stepIn'); seqs.push(c.currentEvent()!.seq); }
        expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
        expect(c.currentEvent()!.kind).toBe('ack');
        const deep = c.stack();
        expect(deep[0].name).toMatch(/^apic_ack_irq · L1 INTEL-IR-0-13 hwirq 0x[0-9a-f]+$/);
        expect(deep.at(-1)!.loc?.line).toBe(102);
        for (let i = 0; i < 3; i++) c.stepBack();
        expect(c.currentEvent()!.seq).toBe(seqs[3]);
        runToStop(c, 'stepIn');
        expect(c.currentEvent()!.seq).toBe(seqs[4]);
        const out = runToStop(c, 'stepOut');
        expect(out.stop?.reason).toBe('step');
        expect(c.stack()[0].name).toBe('mask dsa0.wq');
    });

    it('restores state when stepping back over a pending bit', () => {
        const { spec: s, scenario } = spec(DELIVERY);
        const c = new DebugController(s, scenario);
        c.setSourceBreakpoints(URI, [{ line: 105 }]);
        expect(runToStop(c).stop?.reason).toBe('breakpoint');
        const slot = (): string => c.evaluate('dsa0.ims[0].pending', 'watch').result;
        expect(slot()).toBe('true');
        let steps = 0;
        while (slot() === 'true') { runToStop(c, 'stepIn'); steps++; }
        expect(steps).toBeGreaterThan(0);
        for (let i = 0; i < steps; i++) c.stepBack();
        expect(slot()).toBe('true');
        expect(c.stack()[0].loc?.line).toBe(105);
    });

    it('matches source breakpoints on statements, element lines and storage declarations, with conditions and hit counts', () => {
        const { spec: s, scenario } = spec(DELIVERY);
        const c = new DebugController(s, scenario);
        const statuses = c.setSourceBreakpoints(URI, [
            { line: WQ, hitCondition: '== 2' },
            { line: IMS_DECL, condition: 'kind == "pending"' },
            { line: 999 },
            { line: IMS_DOMAIN, condition: 'cpu ==' }
        ]);
        expect(statuses.map((x) => x.verified)).toEqual([true, true, false, false]);
        expect(statuses[2].message).toMatch(/no topology element/);
        expect(statuses[3].message).toMatch(/unexpected end/);
        let r = runToStop(c);
        expect(r.stop?.reason).toBe('breakpoint');
        expect(c.currentEvent()!.kind).toBe('raise');
        expect(c.stack().at(-1)!.loc?.line).toBe(104);
        r = runToStop(c);
        expect(c.currentEvent()!.kind).toBe('pending');
        expect(r.stop?.hitBreakpointIds).toEqual([statuses[1].id]);
        expect(c.stack().at(-1)!.name).toBe('raise dsa0.wq');
        r = runToStop(c);
        expect(c.currentEvent()!.kind).toBe('pending');
        expect(c.stack().at(-1)!.name).toBe('unmask dsa0.wq');
        expect(runToStop(c).ended).toBe(true);
        expect(c.expectationResults().map((e) => e.pass)).toEqual([false, true]);
        expect(c.expectationResults()[0].loc?.line).toBe(106);
        c.restart();
        expect(c.atEntry).toBe(true);
        expect(runToStop(c).stop?.reason).toBe('breakpoint');
        expect(c.currentEvent()!.kind).toBe('raise');
        const second = c.currentEvent()!.seq;
        expect(c.reverseContinue().stop?.reason).toBe('breakpoint');
        expect(c.currentEvent()!.kind).toBe('raise');
        expect(c.currentEvent()!.seq).toBeLessThan(second);
        expect(c.reverseContinue().stop?.reason).toBe('entry');
        expect(c.atEntry).toBe(true);
    });

    it('logs logpoints without stopping and stops on function breakpoints by kind and errno', () => {
        const { spec: s, scenario } = spec([irq('allocate'), irq('request'), irq('raise'), irq('mask')]);
        const c = new DebugController(s, scenario);
        c.setSourceBreakpoints(URI, [{ line: WQ, logMessage: 'raise of irq {irq} on cpu {cpu}, masked={masked}' }]);
        c.setFunctionBreakpoints([{ name: 'mask' }, { name: '-ENOSPC' }]);
        const r = runToStop(c);
        expect(r.stop?.reason).toBe('function breakpoint');
        expect(c.currentEvent()!.kind).toBe('mask');
        expect(r.output.filter((o) => o.category === 'console').map((o) => o.text)).toEqual(['raise of irq 150 (0x96) on cpu 0, masked=false']);
        expect(r.output.some((o) => o.text.includes('raise L0'))).toBe(true);
    });

    it('stops on -ENOSPC when the IMS storage is full', () => {
        const base = spec([irq('allocate'), { kind: 'irq', action: 'allocate', target: { irq: 'dsa0.wq2' } }]);
        base.spec.devices = base.spec.devices.map((d) => ({ ...d, ims: { slots: 1 } }));
        base.spec.domains = base.spec.domains.map((d) => (d.kind === 'ims' ? { ...d, resources: { size: 1 } } : d));
        base.spec.interrupts = [...base.spec.interrupts, { name: 'dsa0.wq2', device: 'dsa0', domain: 'dsa0-ims', anyIndex: true, indexKind: 'slot' }];
        const c = new DebugController(base.spec, base.scenario);
        expect(c.setFunctionBreakpoints([{ name: '-ENOSPC' }])[0].verified).toBe(true);
        const r = runToStop(c);
        expect(r.stop?.reason).toBe('function breakpoint');
        const e = c.currentEvent()!;
        expect(e.kind === 'alloc' ? e.error : e.kind === 'fault' ? e.errno : undefined).toBe('-ENOSPC');
    });

    it('stops on a data breakpoint when a watched mask bit changes, and on the event limit', () => {
        const { spec: s, scenario } = spec([...DELIVERY.slice(0, 3), irq('mask'), irq('raise', 100000)]);
        const c = new DebugController(s, scenario, { eventLimit: 2000 });
        expect(c.dataBreakpointInfo(undefined, 'dsa0.ims[0].masked')).toEqual({ dataId: 'dsa0.ims[0].masked', description: 'dsa0.ims[0].masked changes' });
        expect('reason' in c.dataBreakpointInfo(undefined, 'dsa0.ims[4096].masked')).toBe(true);
        c.setDataBreakpoints(['dsa0.ims[0].masked']);
        let r = runToStop(c);
        expect(r.stop?.reason).toBe('data breakpoint');
        expect(r.stop?.description).toBe('dsa0.ims[0].masked: true → false');
        expect(c.stack().at(-1)!.name).toBe('request dsa0.wq');
        r = runToStop(c);
        expect(r.stop?.description).toBe('dsa0.ims[0].masked: false → true');
        expect(c.stack().at(-1)!.name).toBe('mask dsa0.wq');
        r = runToStop(c);
        expect(r.stop?.reason).toBe('exception');
        expect(r.stop?.description).toMatch(/event limit of 2000/);
        expect(runToStop(c).ended).toBe(true);
    });

    it('runs console commands at statement boundaries only and replays them when stepping back', () => {
        const { spec: s, scenario } = spec([irq('allocate'), irq('request'), { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'dsa0.wq' }, negated: true } }]);
        const c = new DebugController(s, scenario);
        expect(() => c.command('raise dsa0.wq')).toThrow(/not allocated/);
        runToStop(c, 'next');
        runToStop(c, 'next');
        runToStop(c, 'stepIn');
        expect(() => c.command('mask dsa0.wq')).toThrow(/-EBUSY/);
        c.stepBack();
        expect(() => c.command('raise dsa0.wq')).toThrow(/not activated/);
        runToStop(c, 'next');
        expect(() => c.command('move dsa0.wq cpu 9')).toThrow(/no CPU 9/);
        expect(() => c.command('frob dsa0.wq')).toThrow(/cannot parse/);
        const out = c.command('move dsa0.wq cpu 6');
        expect(out.at(-1)!.text).toBe('set-affinity dsa0.wq cpus 6: ok');
        c.command('raise dsa0.wq');
        expect(c.evaluate('cpu', 'watch').result).toBe('6');
        expect(c.stack().at(-1)!.name).toBe('console: raise dsa0.wq');
        c.stepBack();
        expect(c.stack().at(-1)!.name).toBe('console: raise dsa0.wq');
        expect(runToStop(c).ended).toBe(true);
        expect(c.expectationResults()).toEqual([expect.objectContaining({ pass: false })]);
    });

    it('watches an IRTE and a per-CPU vector_irq entry across an affinity move (IR rewrites only the IRTE)', () => {
        const base = t2IntelIr();
        const q: Step = { kind: 'irq', action: 'request', target: { irq: 'nic0.misc' } };
        const scenario: ScenarioSpec = { name: 'move', steps: [{ kind: 'irq', action: 'allocate', target: { irq: 'nic0.misc' } }, q, { kind: 'set-affinity', target: { irq: 'nic0.misc' }, cpus: [5] }] };
        const c = new DebugController({ ...base, scenarios: [scenario] }, scenario);
        runToStop(c, 'next');
        runToStop(c, 'next');
        runToStop(c, 'next');
        const route = c.evaluate('nic0.misc', 'hover').result;
        const vector = /CPU2\/(0x[0-9a-f]+)/.exec(route)?.[1];
        expect(vector, route).toBeDefined();
        const irte = c.dataBreakpointInfo(undefined, 'INTEL-IR-0.irte[0]');
        const entry = c.dataBreakpointInfo(undefined, `cpu2.vector_irq[${vector}]`);
        expect(irte).toEqual({ dataId: 'INTEL-IR-0.irte[0x0]', description: 'INTEL-IR-0.irte[0x0] changes' });
        expect('dataId' in entry && entry.dataId).toBe(`cpu2.vector_irq[${vector}]`);
        c.setDataBreakpoints(['INTEL-IR-0.irte[0x0]', (entry as { dataId: string }).dataId, 'nic0.msix[0].message']);
        const first = runToStop(c);
        expect(first.stop?.reason).toBe('data breakpoint');
        const second = runToStop(c);
        expect(second.stop?.reason).toBe('data breakpoint');
        const changes = [first.stop!.description, second.stop!.description].sort();
        expect(changes[0]).toMatch(new RegExp(`^INTEL-IR-0\\.irte\\[0x0\\]: vector ${vector} dest 2 .* → vector 0x[0-9a-f]+ dest 5 `));
        expect(changes[1]).toMatch(new RegExp(`^cpu2\\.vector_irq\\[${vector}\\]: irq \\d+ → `));
        expect(runToStop(c).ended).toBe(true);
    });

    it('lists per-CPU pending interrupts and the IRQD/IRQS bits of the current interrupt', () => {
        const disable: Step = { kind: 'irq', action: 'disable', target: { irq: 'dsa0.wq' } };
        const { spec: s, scenario } = spec([irq('allocate'), irq('request'), disable, irq('raise'), irq('allocate')]);
        const c = new DebugController(s, scenario);
        c.setSourceBreakpoints(URI, [{ line: 104 }]);
        expect(runToStop(c).stop?.reason).toBe('breakpoint');
        const scopes = c.scopes(0);
        expect(scopes.map((x) => x.name)).toEqual(['Event', 'Interrupt (irq 150)', 'Domains', 'CPUs', 'Devices']);
        const cpus = c.variables(scopes.find((x) => x.name === 'CPUs')!.ref);
        const cpu0 = c.variables(cpus.find((v) => v.name === 'CPU0')!.ref);
        expect(cpu0.find((v) => v.name === 'pending')?.value).toBe('irq 150');
        const interrupt = c.variables(scopes[1].ref);
        expect(interrupt.find((v) => v.name === 'istate (IRQS_*)')?.value).toContain('IRQS_PENDING');
        const bits = c.variables(interrupt.find((v) => v.name === 'state (IRQD_*)')!.ref);
        expect(bits.find((v) => v.name === 'IRQD_IRQ_DISABLED')?.value).toBe('true');
        expect(() => c.variables(99999)).toThrow(/unknown variablesReference/);
        expect(() => c.setVariable(scopes[1].ref, 'irq', '3')).toThrow(/read-only/);
    });
});
