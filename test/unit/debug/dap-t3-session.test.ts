// Full debug sessions on T3 (IDXD IMS behind Intel IR) against the built standalone adapter over stdio:
// breakpoints on a chip callback and a statement, step in through every level, step back, data/conditional bps.
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T3, collectOutput, evaluate, launch, lineOf, scopeVars, stack, startClient, stopAfter, valueOf } from './dap-helpers.js';

const SCENARIO = 't3-ims-mask-pending';
const IDXD_ACK = lineOf(T3, 'ack: parent "irq_chip_ack_parent"', 'chip PCI-IDXD {');
const IR_ACK = lineOf(T3, 'ack: self "apic_ack_irq"', 'chip INTEL-IR {');
const IR_DOMAIN = lineOf(T3, 'domain INTEL-IR-0 : intel-ir');
const IDXD_DOMAIN = lineOf(T3, 'domain IR-PCI-IDXD-dsa0 : ims');
const WQ_IRQ = lineOf(T3, 'irq wq : IR-PCI-IDXD-dsa0');
const IMS_DECL = lineOf(T3, 'ims slots 2048');
const RAISE = lineOf(T3, 'raise dsa0.wq', `scenario ${SCENARIO}`);
const MASK = lineOf(T3, 'mask dsa0.wq', `scenario ${SCENARIO}`);
const UNMASK = lineOf(T3, 'unmask dsa0.wq', `scenario ${SCENARIO}`);
const LEAF = 'L0 IR-PCI-IDXD-0000:6a:01.0-15';
const IR = 'L1 INTEL-IR-0-13';

describe('debug adapter on T3 (IMS)', () => {
    let dc: DebugClient;
    beforeEach(async () => { dc = await startClient(); });
    afterEach(async () => { await dc.stop(); });

    it('stops at a statement breakpoint and steps in through every level of the delivery', async () => {
        const { stopped, breakpoints } = await launch(dc, { program: T3, scenario: SCENARIO }, { path: T3, breakpoints: [{ line: RAISE }, { line: IDXD_ACK }, { line: 3 }] });
        expect(breakpoints.map((b) => b.verified)).toEqual([true, true, false]);
        expect(breakpoints[2].message).toMatch(/no topology element/);
        expect(stopped?.body.reason).toBe('breakpoint');
        let s = await stack(dc);
        expect(s.names).toEqual(['raise dsa0.wq']);
        expect(s.lines).toEqual([RAISE]);

        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        s = await stack(dc);
        expect(s.names[0]).toBe(`device · ${LEAF} hwirq 0x0`);
        expect(s.lines).toEqual([WQ_IRQ, RAISE]);

        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        s = await stack(dc);
        expect(s.names).toEqual([`IOMMU IR · ${IR} hwirq 0x0`, `device · ${LEAF} hwirq 0x0`, 'raise dsa0.wq']);
        expect(s.lines).toEqual([IR_DOMAIN, WQ_IRQ, RAISE]);
        const level = await scopeVars(dc, 0, 'Level L1');
        expect(valueOf(level, 'domain')).toBe('INTEL-IR-0-13');
        const frameId = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].id;
        expect((await dc.scopesRequest({ frameId })).body.scopes[0].name).toBe('Level L1');

        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        expect((await stack(dc)).names[0]).toBe('LAPIC accept · cpu 2 vector 0x20');
        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        expect((await stack(dc)).names[0]).toBe('common_interrupt · cpu 2 vector 0x20');

        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        s = await stack(dc);
        expect(s.names[0]).toBe(`handle_edge_irq · ${LEAF} hwirq 0x0`);
        expect(s.lines[0]).toBe(IDXD_DOMAIN);

        const atAck = await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        expect(atAck.body.reason).toBe('breakpoint');
        s = await stack(dc);
        expect(s.names).toEqual([`irq_chip_ack_parent · ${LEAF} hwirq 0x0`, 'handle_edge_irq irq 24 · cpu 2', 'raise dsa0.wq']);
        expect(s.lines).toEqual([IDXD_ACK, IDXD_DOMAIN, RAISE]);
        const irq = await scopeVars(dc, 0, 'Interrupt');
        expect(valueOf(irq, 'irq')).toMatch(/^24/);
        expect(valueOf(irq, 'cpu')).toBe('2');
        expect(valueOf(irq, 'vector')).toBe('0x20');
        expect(valueOf(irq, 'state (IRQD_*)')).toContain('IRQD_IRQ_STARTED');
        expect(irq.map((v) => v.name)).toEqual(expect.arrayContaining([`L0 IR-PCI-IDXD-0000:6a:01.0-15`, 'L1 INTEL-IR-0-13', 'L2 VECTOR']));

        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        s = await stack(dc);
        expect(s.names).toEqual([`apic_ack_irq · ${IR} hwirq 0x0`, `irq_chip_ack_parent · ${LEAF} hwirq 0x0`, 'handle_edge_irq irq 24 · cpu 2', 'raise dsa0.wq']);
        expect(s.lines).toEqual([IR_ACK, IDXD_ACK, IDXD_DOMAIN, RAISE]);
        expect(valueOf(await scopeVars(dc, 1, 'Level L0'), 'domain')).toBe('IR-PCI-IDXD-0000:6a:01.0-15');
        expect(await evaluate(dc, 'level')).toBe('INTEL-IR-0-13');
        expect(await evaluate(dc, 'kind == "ack" && cpu == 2')).toBe('true');

        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        expect((await stack(dc)).names[0]).toBe(`handle_irq_event · ${LEAF} hwirq 0x0`);
        const over = await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
        expect(over.body.reason).toBe('step');
        expect((await stack(dc)).names).toEqual(['expect delivered']);
    });

    it('steps back: the IMS pending bit and mask bit flip back', async () => {
        const { stopped } = await launch(dc, { program: T3, scenario: SCENARIO }, { path: T3, breakpoints: [{ line: UNMASK }] });
        expect(stopped?.body.reason).toBe('breakpoint');
        expect(await evaluate(dc, 'dsa0.ims[0].masked')).toBe('true');
        expect(await evaluate(dc, 'dsa0.ims[0].pending')).toBe('true');
        let names: string[] = [];
        for (let i = 0; i < 5 && !names.some((n) => n.includes('common_interrupt')); i++) {
            await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
            names = (await stack(dc)).names;
        }
        expect(await evaluate(dc, 'dsa0.ims[0].masked')).toBe('false');
        expect(await evaluate(dc, 'dsa0.ims[0].pending')).toBe('false');
        let back = await stopAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
        expect(back.body.reason).toBe('step');
        for (let i = 0; i < 10 && (await stack(dc)).lines[0] !== UNMASK; i++) back = await stopAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
        expect((await stack(dc)).names).toEqual(['unmask dsa0.wq']);
        expect(await evaluate(dc, 'dsa0.ims[0].masked')).toBe('true');
        expect(await evaluate(dc, 'dsa0.ims[0].pending')).toBe('true');
        const rev = await stopAfter(dc, () => dc.customRequest('reverseContinue', { threadId: 1 }));
        expect(rev.body.reason).toBe('entry');
    });

    it('hits conditional and hit-count breakpoints, logs logpoints, stops on a function breakpoint', async () => {
        const output = collectOutput(dc);
        const { stopped, breakpoints } = await launch(dc, { program: T3, scenario: SCENARIO }, {
            path: T3,
            breakpoints: [
                { line: IDXD_ACK, condition: 'cpu == 5' },
                { line: IR_ACK, logMessage: 'IR ack of irq {irq} on cpu {cpu} at {level}' },
                { line: IMS_DECL, condition: 'kind == "write"' },
                { line: RAISE, condition: 'irq == 24 && !masked' },
                { line: WQ_IRQ, condition: 'kind == "raise"', hitCondition: '== 2' }
            ],
            functions: ['mask']
        });
        expect(breakpoints.every((b) => b.verified)).toBe(true);
        expect(stopped?.body.reason).toBe('breakpoint');
        expect((await stack(dc)).names[0]).toBe(`idxd_write_msi_msg · ${LEAF} hwirq 0x0`);
        let next = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        expect((await stack(dc)).lines[0]).toBe(RAISE);
        next = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        expect(next.body.reason).toBe('function breakpoint');
        expect(next.body.description).toContain('idxd_mask');
        expect((await stack(dc)).lines[0]).toBe(lineOf(T3, 'mask: self "idxd_mask"'));
        expect(output.join('')).toContain('IR ack of irq 24 (0x18) on cpu 2 at INTEL-IR-0-13');
        next = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        expect(next.body.reason).toBe('breakpoint');
        expect((await stack(dc)).lines).toEqual([WQ_IRQ, lineOf(T3, 'raise dsa0.wq', `scenario ${SCENARIO}`, 2)]);
        expect(await evaluate(dc, 'masked')).toBe('true');
        const terminated = dc.waitForEvent('terminated');
        await dc.continueRequest({ threadId: 1 });
        await terminated;
    });

    it('stops on a data breakpoint on an IMS slot mask bit and finishes with the expectations summary', async () => {
        const output = collectOutput(dc);
        await launch(dc, { program: T3, scenario: SCENARIO }, { path: T3, breakpoints: [{ line: MASK }] });
        const devices = await scopeVars(dc, 0, 'Devices');
        const dsa = (await dc.variablesRequest({ variablesReference: devices.find((v) => v.name === 'dsa0')!.variablesReference })).body.variables;
        const ims = (await dc.variablesRequest({ variablesReference: dsa.find((v) => v.name === 'ims')!.variablesReference })).body.variables;
        const slot = (await dc.variablesRequest({ variablesReference: ims.find((v) => v.name === 'ims[0]')!.variablesReference })).body.variables;
        expect(valueOf(slot, 'masked')).toBe('false');
        const info = await dc.dataBreakpointInfoRequest({ variablesReference: ims.find((v) => v.name === 'ims[0]')!.variablesReference, name: 'masked' });
        expect(info.body.dataId).toBe('dsa0.ims[0].masked');
        const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
        expect(set.body.breakpoints[0].verified).toBe(true);
        const hit = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        expect(hit.body.reason).toBe('data breakpoint');
        expect(hit.body.description).toBe('dsa0.ims[0].masked: false → true');
        expect((await stack(dc)).names[0]).toContain('idxd_mask');
        await dc.setDataBreakpointsRequest({ breakpoints: [] });
        await dc.setBreakpointsRequest({ source: { path: T3 }, breakpoints: [] });
        const terminated = dc.waitForEvent('terminated');
        await dc.continueRequest({ threadId: 1 });
        await terminated;
        const text = output.join('');
        expect(text).toContain(`Expectations of scenario ${SCENARIO}: 18 passed, 0 failed`);
        expect(text).toContain(`${T3}:${UNMASK + 1}: expect delivered`);
        expect(text).toMatch(/── line \d+: raise dsa0\.wq/);
    });
});
