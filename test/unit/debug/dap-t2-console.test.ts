// Debug sessions on T2 (x86 + Intel IR, MSI-X NIC) against the built adapter: the stack of a remapped ack,
// console commands on the paused machine (and the kernel's refusals), setVariable on a mask bit, noDebug runs.
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T2, T3, collectOutput, evaluate, launch, lineOf, scopeVars, stack, startClient, stopAfter, valueOf } from './dap-helpers.js';

const IR_ACK = lineOf(T2, 'ack: self "apic_ack_irq"', 'chip INTEL-IR {');
const MSIX_ACK = lineOf(T2, 'ack: parent "irq_chip_ack_parent"', 'chip PCI-MSIX {');
const FIRST_RAISE = lineOf(T2, 'raise nic0.q3', 'scenario t2-remapped-delivery');
const SET_AFFINITY = lineOf(T2, 'set-affinity nic0.q3 cpu 5');

describe('debug adapter on T2 (Intel IR)', () => {
    let dc: DebugClient;
    beforeEach(async () => { dc = await startClient(); });
    afterEach(async () => { await dc.stop(); });

    it('shows one frame per level at the IR ack, down to the flow handler and the statement', async () => {
        const { stopped } = await launch(dc, { program: T2, scenario: 't2-remapped-delivery' }, { path: T2, breakpoints: [{ line: IR_ACK }] });
        expect(stopped?.body.reason).toBe('breakpoint');
        const s = await stack(dc);
        expect(s.names[0]).toMatch(/^apic_ack_irq · L1 INTEL-IR-0-13 hwirq 0x[0-9a-f]+$/);
        expect(s.names[1]).toBe('irq_chip_ack_parent · L0 IR-PCI-MSIX-0000:03:00.0-12 hwirq 0x3');
        expect(s.names[2]).toMatch(/^handle_edge_irq irq \d+ · cpu 2$/);
        expect(s.names[3]).toBe('raise nic0.q3');
        expect(s.lines).toEqual([IR_ACK, MSIX_ACK, lineOf(T2, 'domain IR-PCI-MSIX-nic0'), FIRST_RAISE]);
        expect(s.frames[0].source?.path).toBe(T2);
        const irq = await scopeVars(dc, 0, 'Interrupt');
        expect(valueOf(irq, 'cpu')).toBe('2');
        const message = irq.find((v) => v.name === 'message')!;
        expect(message.value).toMatch(/^0x0:0xfee[0-9a-f]{5}\/0x0$/);
        const cpus = await scopeVars(dc, 0, 'CPUs');
        const cpu2 = (await dc.variablesRequest({ variablesReference: cpus.find((v) => v.name === 'CPU2')!.variablesReference })).body.variables;
        const table = (await dc.variablesRequest({ variablesReference: cpu2.find((v) => v.name === 'vector_irq')!.variablesReference })).body.variables;
        expect(table.some((v) => /^irq \d+$/.test(v.value))).toBe(true);
        const domains = await scopeVars(dc, 0, 'Domains');
        expect(valueOf(domains, 'INTEL-IR-0')).toMatch(/INTEL-IR-0-13 · intel-ir · 1 allocated/);
    });

    it('runs console commands on the paused machine and refuses what the kernel would refuse', async () => {
        const output = collectOutput(dc);
        const { stopped } = await launch(dc, { program: T2, scenario: 't2-remapped-delivery', stopOnEntry: true });
        expect(stopped?.body.reason).toBe('entry');
        await expect(evaluate(dc, 'raise nic0.q3', 'repl')).rejects.toThrow(/-EINVAL: nic0.q3 has no irq_desc/);
        await expect(evaluate(dc, 'frobnicate nic0.q3', 'repl')).rejects.toThrow(/cannot evaluate/);
        await dc.setBreakpointsRequest({ source: { path: T2 }, breakpoints: [{ line: SET_AFFINITY }] });
        await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        expect((await stack(dc)).lines).toEqual([SET_AFFINITY]);
        await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
        await expect(evaluate(dc, 'move nic0.q3 cpu 3', 'repl')).rejects.toThrow(/-EBUSY/);
        await stopAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
        await expect(evaluate(dc, 'move nic0.q3 cpu 99', 'repl')).rejects.toThrow(/-EINVAL: no CPU 99/);
        const moved = dc.waitForEvent('stopped');
        expect(await evaluate(dc, 'move nic0.q3 cpu 3', 'repl')).toContain('set-affinity nic0.q3 cpus 3: ok');
        await moved;
        expect(await evaluate(dc, 'nic0.q3')).toMatch(/CPU3\/0x[0-9a-f]+ · activated, started, unmasked/);
        expect((await stack(dc)).names.at(-1)).toBe('console: set-affinity nic0.q3 cpus 3');
        const raised = dc.waitForEvent('stopped');
        await evaluate(dc, 'raise nic0.q3', 'repl');
        await raised;
        expect(output.join('')).toMatch(/handle L0 IR-PCI-MSIX-0000:03:00\.0-12 handle_irq_event irq \d+ hwirq 0x3 cpu 3/);
        await dc.setBreakpointsRequest({ source: { path: T2 }, breakpoints: [] });
        const terminated = dc.waitForEvent('terminated');
        await dc.continueRequest({ threadId: 1 });
        await terminated;
        expect(output.join('')).toMatch(/Expectations of scenario t2-remapped-delivery: \d+ passed, 0 failed/);
    });

    it('writes a device mask bit with setVariable (through the leaf irq_mask)', async () => {
        const request = lineOf(T3, 'expect ok', 'request dsa0.wq');
        await launch(dc, { program: T3, scenario: 't3-ims-mask-pending' }, { path: T3, breakpoints: [{ line: request }] });
        const devices = await scopeVars(dc, 0, 'Devices');
        const dsa = (await dc.variablesRequest({ variablesReference: devices.find((v) => v.name === 'dsa0')!.variablesReference })).body.variables;
        const ims = (await dc.variablesRequest({ variablesReference: dsa.find((v) => v.name === 'ims')!.variablesReference })).body.variables;
        const ref = ims.find((v) => v.name === 'ims[0]')!.variablesReference;
        const slot = (await dc.variablesRequest({ variablesReference: ref })).body.variables;
        expect(valueOf(slot, 'masked')).toBe('false');
        await expect(dc.setVariableRequest({ variablesReference: ref, name: 'message', value: '0' })).rejects.toThrow(/read-only/);
        const stopped = dc.waitForEvent('stopped');
        const set = await dc.setVariableRequest({ variablesReference: ref, name: 'masked', value: 'true' });
        await stopped;
        expect(set.body.value).toBe('true');
        expect(await evaluate(dc, 'dsa0.wq')).toContain('masked');
        expect(await evaluate(dc, 'dsa0.ims[0].masked')).toBe('true');
    });

    it('runs without debugging (noDebug): the trace, the summary and the end', async () => {
        const output = collectOutput(dc);
        const terminated = dc.waitForEvent('terminated');
        await launch(dc, { program: T2, scenario: 't2-remapped-delivery', noDebug: true }, { path: T2, breakpoints: [{ line: FIRST_RAISE }] }, false);
        await terminated;
        const text = output.join('');
        expect(text).toMatch(/Expectations of scenario t2-remapped-delivery: \d+ passed, 0 failed/);
        expect(text).toContain('set-affinity nic0.q3 cpus 5');
    });
});
