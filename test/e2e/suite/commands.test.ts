// The extension's command contributions, run through VS Code's command service as the code lens and the
// command palette do: every contributed command is registered, Run Scenario runs a scenario to its end
// without stopping, Debug Scenario starts a session stopped on entry.

import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixture, openAndActivate, waitFor } from './support.js';


/** Events the irq adapter sends (stopped reasons, exit code, output). */
function track(): { stops: string[]; exit: () => number | undefined; output: string[]; dispose(): void } {
    const stops: string[] = [];
    const output: string[] = [];
    let exitCode: number | undefined;
    const d = vscode.debug.registerDebugAdapterTrackerFactory('irq', {
        createDebugAdapterTracker: () => ({
            onDidSendMessage: (m: { type: string; event?: string; body?: Record<string, unknown> }) => {
                if (m.type !== 'event') return;
                if (m.event === 'stopped') stops.push(String(m.body?.reason));
                if (m.event === 'exited') exitCode = Number(m.body?.exitCode);
                if (m.event === 'output') output.push(String(m.body?.output ?? ''));
            }
        })
    });
    return { stops, output, exit: () => exitCode, dispose: () => d.dispose() };
}

function nextTermination(): Promise<vscode.DebugSession> {
    return new Promise((resolve) => {
        const sub = vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === 'irq') { sub.dispose(); resolve(s); } });
    });
}

describe('irq-topology commands', function () {
    this.timeout(90_000);
    let tracker: ReturnType<typeof track> | undefined;

    before(async () => {
        await openAndActivate('t3-idxd-ims.irq');
    });

    afterEach(async () => {
        tracker?.dispose();
        tracker = undefined;
        if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    });

    it('registers every command the manifest contributes', async () => {
        const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
        const contributed = ((extension.packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
        assert.ok(contributed.includes('irq.runScenario') && contributed.includes('irq.debugScenario'), `contributed: ${contributed.join(', ')}`);
        const registered = new Set(await vscode.commands.getCommands(true));
        assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
    });

    it('irq.runScenario runs a scenario to its end without stopping, all expectations passing', async () => {
        const uri = fixture('t3-idxd-ims.irq');
        tracker = track();
        const ended = nextTermination();
        const ok = await vscode.commands.executeCommand<boolean>('irq.runScenario', { uri: uri.toString(), scenario: 't3-siblings' });
        assert.equal(ok, true, `irq.runScenario did not start a session (returned ${String(ok)}; sessions: ${vscode.debug.activeDebugSession?.name})`);
        const session = await ended;
        assert.equal(session.configuration.scenario, 't3-siblings');
        assert.equal(session.configuration.noDebug, true);
        assert.deepEqual(tracker.stops, [], 'a run without debugging stopped');
        await waitFor(() => tracker!.exit() !== undefined, 5_000, 'the exited event');
        assert.equal(tracker.exit(), 0, tracker.output.join(''));
        assert.match(tracker.output.join(''), /Expectations of scenario t3-siblings: \d+ passed, 0 failed/);
    });

    it('irq.debugScenario starts a debug session stopped on entry (scenario from the active editor)', async () => {
        const uri = fixture('t3-idxd-ims.irq');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
        tracker = track();
        const ended = nextTermination();
        const ok = await vscode.commands.executeCommand<boolean>('irq.debugScenario', { uri: uri.toString(), scenario: 't3-ims-mask-pending' });
        assert.equal(ok, true, 'irq.debugScenario did not start a session');
        await waitFor(() => tracker!.stops.length > 0, 30_000, 'the entry stop');
        assert.deepEqual(tracker.stops, ['entry']);
        const session = vscode.debug.activeDebugSession;
        assert.ok(session && session.type === 'irq');
        assert.equal(session.configuration.scenario, 't3-ims-mask-pending');
        const { threads } = await session.customRequest('threads') as { threads: { id: number; name: string }[] };
        assert.deepEqual(threads.map((t) => t.name), ['scenario t3-ims-mask-pending']);
        await session.customRequest('continue', { threadId: threads[0].id });
        await ended;
        assert.equal(tracker.exit(), 0, tracker.output.join(''));
    });
});
