// The `irq` debugger end to end, inside VS Code: a launch through vscode.debug.startDebugging, a source
// breakpoint on a chip callback line set with vscode.debug.addBreakpoints, step in through the irq_data
// levels, the stack and variables read through the session, step back, and the run to its end.

import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { fixture, openAndActivate, waitFor } from './support.js';
import { report, screenshot } from './index.js';


/** 0-based line of the first occurrence of `needle` at or after the line containing `from`. */
function lineOf(doc: vscode.TextDocument, needle: string, from?: string): number {
    const text = doc.getText();
    const start = from === undefined ? 0 : text.indexOf(from);
    assert.ok(start >= 0, `'${from}' not found in ${doc.uri.path}`);
    const offset = text.indexOf(needle, start);
    assert.ok(offset >= 0, `'${needle}' not found in ${doc.uri.path}`);
    return doc.positionAt(offset).line;
}

interface DapFrame { id: number; name: string; line: number; source?: { path?: string } }
interface DapScope { name: string; variablesReference: number }
interface DapVariable { name: string; value: string; variablesReference: number }
interface StoppedBody { reason: string; threadId?: number; description?: string; hitBreakpointIds?: number[] }

/** What the adapter sends to VS Code, seen through a tracker (stopped/exited events, in order). */
class AdapterLog {
    stops: StoppedBody[] = [];
    exitCode: number | undefined;
    output: string[] = [];
    /** Bodies of the adapter's setBreakpoints responses. */
    breakpointResponses: { breakpoints: { line?: number; verified: boolean; message?: string }[] }[] = [];
    private disposable: vscode.Disposable;

    constructor() {
        this.disposable = vscode.debug.registerDebugAdapterTrackerFactory('irq', {
            createDebugAdapterTracker: () => ({
                onDidSendMessage: (m: { type: string; event?: string; command?: string; body?: Record<string, unknown> }) => {
                    if (m.type === 'response' && m.command === 'setBreakpoints' && m.body) this.breakpointResponses.push(m.body as never);
                    if (m.type !== 'event') return;
                    if (m.event === 'stopped') this.stops.push(m.body as unknown as StoppedBody);
                    if (m.event === 'exited') this.exitCode = Number(m.body?.exitCode);
                    if (m.event === 'output') this.output.push(String(m.body?.output ?? ''));
                }
            })
        });
    }

    /** Waits for the `n`th stop (1-based) and returns it. */
    stop(n: number, what: string): Promise<StoppedBody> {
        return waitFor(() => this.stops[n - 1], 30_000, `stop #${n} (${what}); stops so far: ${JSON.stringify(this.stops)}`);
    }

    dispose(): void { this.disposable.dispose(); }
}

async function stackOf(session: vscode.DebugSession): Promise<DapFrame[]> {
    const r = await session.customRequest('stackTrace', { threadId: 1, startFrame: 0, levels: 20 }) as { stackFrames: DapFrame[] };
    return r.stackFrames;
}

async function variablesOf(session: vscode.DebugSession, ref: number): Promise<DapVariable[]> {
    return (await session.customRequest('variables', { variablesReference: ref }) as { variables: DapVariable[] }).variables;
}

describe('irq-topology debugger', function () {
    this.timeout(120_000);
    let log: AdapterLog | undefined;

    before(async () => {
        await openAndActivate('t3-idxd-ims.irq');
    });

    afterEach(async () => {
        log?.dispose();
        log = undefined;
        vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
        if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    });

    it('stops at a chip callback breakpoint, steps in through the levels, shows stack and variables, steps back and runs to the end', async () => {
        const uri = fixture('t3-idxd-ims.irq');
        const doc = await vscode.workspace.openTextDocument(uri);
        const editor = await vscode.window.showTextDocument(doc, { preview: false });
        // The IMS chip's `ack: parent` (irq_chip_ack_parent at L0) and the IR chip's own `ack` (apic_ack_irq at L1).
        const ackL0 = lineOf(doc, 'ack: parent "irq_chip_ack_parent"', 'chip PCI-IDXD');
        const ackL1 = lineOf(doc, 'ack: self "apic_ack_irq"', 'chip INTEL-IR');
        const raiseLine = lineOf(doc, 'raise dsa0.wq', 'scenario t3-ims-mask-pending');
        const bp = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(ackL0, 8)));
        vscode.debug.addBreakpoints([bp]);

        log = new AdapterLog();
        const terminated = new Promise<vscode.DebugSession>((resolve) => {
            const sub = vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === 'irq') { sub.dispose(); resolve(s); } });
        });
        const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
            type: 'irq', request: 'launch', name: 'e2e: t3-ims-mask-pending', program: uri.fsPath, scenario: 't3-ims-mask-pending', stopOnEntry: false
        });
        assert.equal(started, true, 'startDebugging returned false');
        const session = await waitFor(() => vscode.debug.activeDebugSession, 10_000, 'the active debug session');
        assert.equal(session.type, 'irq');

        // 1. The breakpoint on the IMS chip's ack line, hit at the first delivery (raise dsa0.wq).
        const hit = await log.stop(1, 'breakpoint on the IMS chip ack line');
        assert.equal(hit.reason, 'breakpoint', JSON.stringify(hit));
        let frames = await stackOf(session);
        report(`      stack at the breakpoint:\n${frames.map((f) => `        ${f.name}  (line ${f.line})`).join('\n')}`);
        assert.match(frames[0].name, /^irq_chip_ack_parent · L0 IR-PCI-IDXD-0000:6a:01\.0-15 /);
        assert.equal(frames[0].line, ackL0 + 1);
        // Under a remote extension host (code-server) VS Code hands source paths back as vscode-remote URIs.
        const framePath = frames[0].source?.path ?? '';
        assert.equal(/^[a-z][\w+.-]*:\/\//.test(framePath) ? vscode.Uri.parse(framePath).path : framePath, uri.fsPath);
        assert.ok(frames.some((f) => /handle_edge_irq/.test(f.name)), 'no flow handler frame');
        assert.equal(frames.at(-1)!.name, 'raise dsa0.wq');
        assert.equal(frames.at(-1)!.line, raiseLine + 1);

        // 2. Step in (the UI's Step Into, F11): the delegated ack goes one level up, to the IR chip's apic_ack_irq.
        await waitFor(() => vscode.debug.activeStackItem, 10_000, 'the UI to focus the stopped thread');
        await vscode.commands.executeCommand('workbench.action.debug.stepInto');
        const stepped = await log.stop(2, 'stepIn to L1');
        assert.equal(stepped.reason, 'step');
        frames = await stackOf(session);
        report(`      stack after stepIn:\n${frames.map((f) => `        ${f.name}  (line ${f.line})`).join('\n')}`);
        assert.match(frames[0].name, /^apic_ack_irq · L1 INTEL-IR-0-13 /);
        assert.equal(frames[0].line, ackL1 + 1);
        assert.match(frames[1].name, / · L0 IR-PCI-IDXD-0000:6a:01\.0-15 /, 'the level below is the next frame');
        assert.equal(frames.at(-1)!.name, 'raise dsa0.wq');

        // Scopes and variables of the L1 frame: the event, the interrupt, the level's irq_data.
        const { scopes } = await session.customRequest('scopes', { frameId: frames[0].id }) as { scopes: DapScope[] };
        report(`      scopes: ${scopes.map((s) => s.name).join(', ')}`);
        const level = scopes.find((s) => s.name === 'Level L1');
        const interrupt = scopes.find((s) => /^Interrupt \(irq \d+\)$/.test(s.name));
        assert.ok(level && interrupt, `scopes: ${scopes.map((s) => s.name).join(', ')}`);
        const levelVars = await variablesOf(session, level.variablesReference);
        report(`      Level L1: ${levelVars.map((v) => `${v.name}=${v.value}`).join(', ')}`);
        assert.equal(levelVars.find((v) => v.name === 'domain')?.value, 'INTEL-IR-0-13');
        assert.equal(levelVars.find((v) => v.name === 'chip')?.value, 'INTEL-IR');
        const irqVars = await variablesOf(session, interrupt.variablesReference);
        assert.equal(irqVars.find((v) => v.name === 'instance')?.value, 'dsa0.wq');
        assert.equal(irqVars.find((v) => v.name === 'flow')?.value, 'handle_edge_irq');

        // Screenshot: paused mid-delivery, the Run and Debug view with the call stack and variables.
        report(`      stopped events: ${JSON.stringify(log.stops.map((x) => `${x.reason}: ${x.description ?? ''}`))}`);
        await vscode.commands.executeCommand('workbench.view.debug');
        await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
        editor.revealRange(new vscode.Range(ackL1, 0, ackL1, 0), vscode.TextEditorRevealType.InCenter);
        await screenshot('e2e-debugger-paused-levels', { settleMs: 2000 });

        // 3. Step back: at the L0 ack again.
        await session.customRequest('stepBack', { threadId: 1 });
        await log.stop(3, 'stepBack');
        frames = await stackOf(session);
        assert.match(frames[0].name, /^irq_chip_ack_parent · L0 IR-PCI-IDXD-0000:6a:01\.0-15 /);
        assert.equal(frames[0].line, ackL0 + 1);

        // 4. Without breakpoints, continue to the end: every expectation of the scenario passes.
        vscode.debug.removeBreakpoints([bp]);
        await waitFor(() => vscode.debug.breakpoints.length === 0, 5_000, 'breakpoint removed');
        await new Promise((resolve) => setTimeout(resolve, 500)); // setBreakpoints reaches the adapter
        await session.customRequest('continue', { threadId: 1 });
        const ended = await Promise.race([terminated, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 30_000))]);
        assert.ok(ended, `the session did not terminate; stops after continue: ${JSON.stringify(log.stops.slice(3))}`);
        assert.equal(ended.id, session.id);
        assert.equal(log.stops.length, 3, `unexpected stops: ${JSON.stringify(log.stops.slice(3))}`);
        assert.equal(log.exitCode, 0, `exit code ${log.exitCode}; output:\n${log.output.join('')}`);
        assert.match(log.output.join(''), /Expectations of scenario t3-ims-mask-pending: \d+ passed, 0 failed/);
    });

    it('steps into the first statement with workbench.action.debug.stepInto after stopping on entry', async () => {
        const uri = fixture('t3-idxd-ims.irq');
        const doc = await vscode.workspace.openTextDocument(uri);
        log = new AdapterLog();
        const terminated = new Promise<void>((resolve) => {
            const sub = vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === 'irq') { sub.dispose(); resolve(); } });
        });
        assert.ok(await vscode.debug.startDebugging(undefined, {
            type: 'irq', request: 'launch', name: 'e2e: t3-siblings', program: uri.fsPath, scenario: 't3-siblings', stopOnEntry: true
        }));
        const session = await waitFor(() => vscode.debug.activeDebugSession, 10_000, 'the active debug session');
        const entry = await log.stop(1, 'entry');
        assert.equal(entry.reason, 'entry');
        const firstStatement = lineOf(doc, 'request dsa0.misc', 'scenario t3-siblings');
        let frames = await stackOf(session);
        assert.equal(frames.at(-1)!.line, firstStatement + 1);
        // The UI's Step Into, as a user would press F11 (needs the UI to know the thread is stopped).
        await waitFor(() => vscode.debug.activeStackItem, 10_000, 'the UI to focus the stopped thread');
        // Entry -> the statement itself -> its first event (the allocation's top level).
        await vscode.commands.executeCommand('workbench.action.debug.stepInto');
        assert.equal((await log.stop(2, 'first stepInto')).reason, 'step');
        frames = await stackOf(session);
        report(`      after 1 stepInto: ${frames.map((f) => f.name).join(' / ')}`);
        assert.deepEqual(frames.map((f) => f.name), ['request dsa0.misc']);
        await waitFor(() => vscode.debug.activeStackItem, 10_000, 'the UI to focus the stopped thread again');
        await new Promise((resolve) => setTimeout(resolve, 300));
        await vscode.commands.executeCommand('workbench.action.debug.stepInto');
        assert.equal((await log.stop(3, 'second stepInto')).reason, 'step');
        frames = await stackOf(session);
        report(`      after 2 stepInto: ${frames.map((f) => f.name).join(' / ')}`);
        // request on an unallocated MSI-X entry allocates top down: first the vector domain (L2).
        assert.match(frames[0].name, /^x86_vector_alloc_irqs · L2 VECTOR /);
        assert.match(frames[1].name, /^— · L1 INTEL-IR-0-13 \(not allocated yet\)$/, 'the levels below have not allocated yet');
        assert.equal(frames.at(-1)!.name, 'request dsa0.misc');
        // The same through the session (DAP stepIn): one level down, the IR domain's allocation (L1).
        await session.customRequest('stepIn', { threadId: 1 });
        assert.equal((await log.stop(4, 'stepIn request')).reason, 'step');
        frames = await stackOf(session);
        assert.match(frames[0].name, /^intel_irq_remapping_alloc · L1 INTEL-IR-0-13 /);
        assert.equal(frames.at(-1)!.name, 'request dsa0.misc');
        await session.customRequest('continue', { threadId: 1 });
        await terminated;
        assert.equal(log.exitCode, 0, log.output.join(''));
    });

    it('stops at a scenario-line breakpoint, evaluates an interrupt before and after the statement, refuses a breakpoint on a comment', async () => {
        const uri = fixture('t3-idxd-ims.irq');
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc, { preview: false });
        const maskLine = lineOf(doc, 'mask dsa0.wq', 'scenario t3-ims-mask-pending');
        const commentLine = lineOf(doc, '// IMS has no MSI_FLAG_ACTIVATE_EARLY', 'scenario t3-ims-mask-pending');
        vscode.debug.addBreakpoints([maskLine, commentLine].map((l) => new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(l, 2)))));
        log = new AdapterLog();
        const terminated = new Promise<void>((resolve) => {
            const sub = vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === 'irq') { sub.dispose(); resolve(); } });
        });
        assert.ok(await vscode.debug.startDebugging(undefined, {
            type: 'irq', request: 'launch', name: 'e2e: scenario breakpoint', program: uri.fsPath, scenario: 't3-ims-mask-pending', stopOnEntry: false
        }));
        const session = await waitFor(() => vscode.debug.activeDebugSession, 10_000, 'the active debug session');
        const hit = await log.stop(1, 'breakpoint on `mask dsa0.wq`');
        assert.equal(hit.reason, 'breakpoint', JSON.stringify(hit));
        // What the adapter answered to VS Code's setBreakpoints: the statement verified, the comment not.
        const answer = log.breakpointResponses.at(-1)?.breakpoints ?? [];
        report(`      setBreakpoints: ${JSON.stringify(answer)}`);
        const byLine = new Map(answer.map((b) => [b.line, b]));
        assert.equal(byLine.get(maskLine + 1)?.verified, true, 'the statement breakpoint is not verified');
        assert.equal(byLine.get(commentLine + 1)?.verified, false, 'a breakpoint on a comment line was verified');
        assert.match(byLine.get(commentLine + 1)?.message ?? '', /no topology element or statement/);

        let frames = await stackOf(session);
        assert.deepEqual(frames.map((f) => [f.name, f.line]), [['mask dsa0.wq', maskLine + 1]]);
        const evaluate = async (expression: string): Promise<string> =>
            (await session.customRequest('evaluate', { expression, frameId: frames[0].id, context: 'watch' }) as { result: string }).result;
        const before = await evaluate('dsa0.wq');
        report(`      dsa0.wq before the mask: ${before}`);
        assert.match(before, /^irq \d+ · CPU2\/0x[0-9a-f]+ · activated, started, unmasked$/);
        await session.customRequest('next', { threadId: 1 });
        assert.equal((await log.stop(2, 'next over `mask dsa0.wq`')).reason, 'step');
        frames = await stackOf(session);
        assert.ok(frames.at(-1)!.line > maskLine + 1, `next stayed on line ${frames.at(-1)!.line}`);
        const after = await evaluate('dsa0.wq');
        report(`      dsa0.wq after the mask:  ${after}`);
        assert.match(after, /· activated, started, masked$/);

        vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
        await new Promise((resolve) => setTimeout(resolve, 500));
        await session.customRequest('continue', { threadId: 1 });
        await terminated;
        assert.equal(log.exitCode, 0, log.output.join(''));
    });
});
