// Robustness of the built debug adapter: bad references and expressions get error responses, a broken topology
// refuses the launch with file:line, an endless storm stops at the event limit, and the TCP server mode works.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTER, FIXTURES, T3, collectOutput, evaluate, launch, lineOf, stack, startClient, stopAfter } from './dap-helpers.js';

const BROKEN = resolve(FIXTURES, 'broken-parent.irq');
const STORM = resolve(FIXTURES, 'storm.irq');

describe('debug adapter robustness', () => {
    const clients: DebugClient[] = [];
    let server: ChildProcess | undefined;
    afterEach(async () => {
        for (const dc of clients.splice(0)) await dc.stop();
        server?.kill();
        server = undefined;
    });
    const client = async (): Promise<DebugClient> => { const dc = await startClient(); clients.push(dc); return dc; };

    it('answers requests before launch, unknown references and garbage expressions with errors', async () => {
        const dc = await client();
        await dc.initializeRequest();
        await expect(dc.stackTraceRequest({ threadId: 1 })).rejects.toThrow(/send launch first/);
        await expect(dc.continueRequest({ threadId: 1 })).rejects.toThrow(/send launch first/);
        await expect(dc.customRequest('noSuchRequest')).rejects.toThrow();
        await launch(dc, { program: T3, scenario: 't3-ims-mask-pending', stopOnEntry: true });
        expect((await stack(dc)).names[0]).toMatch(/^t3-ims-mask-pending · entry · allocate dsa0\.wq$/);
        await expect(dc.launchRequest({ program: T3 } as never)).rejects.toThrow(/already launched/);
        await expect(dc.variablesRequest({ variablesReference: 987654 })).rejects.toThrow(/unknown variablesReference 987654/);
        await expect(dc.scopesRequest({ frameId: 42 })).rejects.toThrow(/unknown frame 42/);
        await expect(evaluate(dc, 'cpu == (')).rejects.toThrow(/cannot evaluate/);
        await expect(evaluate(dc, 'rm == 1')).rejects.toThrow(/unknown name 'rm'/);
        await expect(evaluate(dc, 'process.exit(1)')).rejects.toThrow(/cannot evaluate/);
        const info = await dc.dataBreakpointInfoRequest({ name: 'dsa0.ims[99999].masked' });
        expect(info.body.dataId).toBeNull();
        const fns = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'bogus' }, { name: '-ENOSPC' }, { name: 'mask', condition: 'cpu ==' }] });
        expect(fns.body.breakpoints.map((b) => b.verified)).toEqual([false, true, false]);
        const bps = await dc.setBreakpointsRequest({ source: { path: T3 }, breakpoints: [{ line: lineOf(T3, 'ack: parent', 'chip PCI-MSIX {'), condition: 'cpu == 2' }, { line: 1, hitCondition: 'often' }] });
        expect(bps.body.breakpoints[0].message).toMatch(/not reached by scenario t3-ims-mask-pending/);
        expect(bps.body.breakpoints[1].verified).toBe(false);
        const locations = await dc.customRequest('breakpointLocations', { source: { path: T3 }, line: 1, endLine: 400 });
        expect(locations.body.breakpoints.length).toBeGreaterThan(30);
        expect((await stack(dc)).names).toHaveLength(1);
        const terminated = dc.waitForEvent('terminated');
        await dc.terminateRequest();
        await terminated;
    });

    it('refuses to launch a topology with errors, naming the file and line', async () => {
        const dc = await client();
        await dc.initializeRequest();
        const error = await dc.launchRequest({ program: BROKEN, scenario: 't3-ims-mask-pending' } as never).then(() => undefined, (e: Error) => e);
        expect(error?.message).toContain(`${BROKEN}:${lineOf(BROKEN, 'parent VECTRO')}`);
        expect(error?.message).toContain('see the Problems view');
        const missing = await dc.launchRequest({ program: T3, scenario: 'nope' } as never).then(() => undefined, (e: Error) => e);
        expect(missing?.message).toMatch(/no scenario named 'nope'.*t3-ims-mask-pending/);
    });

    it('stops an endless interrupt storm at the event limit instead of hanging', async () => {
        const dc = await client();
        const output = collectOutput(dc);
        const { stopped } = await launch(dc, { program: STORM, scenario: 'storm', eventLimit: 5000 });
        expect(stopped?.body.reason).toBe('exception');
        expect(stopped?.body.description).toMatch(/event limit of 5000 reached/);
        expect((await stack(dc)).lines[0]).toBe(lineOf(STORM, 'raise dsa0.wq times'));
        const terminated = dc.waitForEvent('terminated');
        await dc.continueRequest({ threadId: 1 });
        await terminated;
        expect(output.join('')).toContain('trace cut after');
        expect(output.join('')).toMatch(/Expectations of scenario storm: \d+ passed, \d+ failed/);
    });

    it('pauses a long run', async () => {
        const dc = await client();
        await launch(dc, { program: STORM, scenario: 'storm', eventLimit: 100000, stopOnEntry: true });
        const stopped = dc.waitForEvent('stopped');
        await Promise.all([dc.continueRequest({ threadId: 1 }), dc.pauseRequest({ threadId: 1 })]);
        const pause = await stopped;
        expect(pause.body.reason).toBe('pause');
        const s = await stack(dc);
        expect(s.lines.at(-1)).toBe(lineOf(STORM, 'raise dsa0.wq times'));
    });

    it('restarts from the beginning, also in the middle of a long run, keeping breakpoints', async () => {
        const dc = await client();
        const raise = lineOf(T3, 'raise dsa0.wq', 'scenario t3-ims-mask-pending');
        const { stopped } = await launch(dc, { program: T3, scenario: 't3-ims-mask-pending', stopOnEntry: true }, { path: T3, breakpoints: [{ line: raise }] });
        expect(stopped?.body.reason).toBe('entry');
        await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        expect((await stack(dc)).lines).toEqual([raise]);
        const again = await stopAfter(dc, () => dc.customRequest('restart', { arguments: {} }));
        expect(again.body.reason).toBe('entry');
        expect((await stack(dc)).names[0]).toContain('entry');
        await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        expect((await stack(dc)).lines).toEqual([raise]);

        const storm = await client();
        await launch(storm, { program: STORM, scenario: 'storm', eventLimit: 100000, stopOnEntry: true });
        const restarted = storm.waitForEvent('stopped');
        await Promise.all([storm.continueRequest({ threadId: 1 }), storm.customRequest('restart', { arguments: {} })]);
        expect((await restarted).body.reason).toBe('entry');
        const next = await stopAfter(storm, () => storm.nextRequest({ threadId: 1 }));
        expect(next.body.reason).toBe('step');
        expect((await stack(storm)).names).toEqual(['request dsa0.wq']);
    });

    it('serves sessions over TCP with --server=PORT', async () => {
        server = spawn(process.execPath, [ADAPTER, '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
        const port = await new Promise<number>((resolvePort, reject) => {
            server!.stderr!.on('data', (d: Buffer) => {
                const m = /listening on 127\.0\.0\.1:(\d+)/.exec(d.toString());
                if (m) resolvePort(Number(m[1]));
            });
            server!.on('exit', (code) => reject(new Error(`server exited ${code}`)));
        });
        for (let round = 0; round < 2; round++) {
            const dc = new DebugClient('node', ADAPTER, 'irq');
            await dc.start(port);
            clients.push(dc);
            const { stopped } = await launch(dc, { program: T3, scenario: 't3-siblings', stopOnEntry: true });
            expect(stopped?.body.reason).toBe('entry');
            const next = await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
            expect(next.body.reason).toBe('step');
            expect((await stack(dc)).names).toEqual(['request dsa0.misc']);
        }
    });
});
