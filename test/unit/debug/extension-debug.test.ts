// The VS Code side of the debugger (src/extension/debug.ts), bundled and loaded against a recording stand-in
// for the `vscode` module: the inline adapter, configuration providers and the scenario commands.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, T3 } from './dap-helpers.js';

type Provider = { resolveDebugConfiguration?: (f: unknown, c: Record<string, unknown>) => unknown; provideDebugConfigurations?: () => unknown };
interface Recorded {
    factories: Map<string, { createDebugAdapterDescriptor: () => { implementation: unknown } }>;
    providers: { type: string; provider: Provider; trigger?: number }[];
    commands: Map<string, (args?: unknown) => Promise<unknown>>;
    started: { config: Record<string, unknown>; options: { noDebug: boolean } }[];
}

const recorded: Recorded = { factories: new Map(), providers: [], commands: new Map(), started: [] };
const text = readFileSync(T3, 'utf8');
const fileUri = (fsPath: string) => ({ fsPath, toString: () => `file://${fsPath}` });
const editor = { document: { languageId: 'irq', uri: fileUri(T3), getText: () => text } };

const fakeVscode = {
    DebugAdapterInlineImplementation: class { constructor(readonly implementation: unknown) {} },
    DebugConfigurationProviderTriggerKind: { Initial: 1, Dynamic: 2 },
    Uri: { parse: (s: string) => fileUri(s.replace(/^file:\/\//, '')) },
    window: { activeTextEditor: editor, showInformationMessage: async () => undefined, showQuickPick: async (items: string[]) => items[1] },
    workspace: { getWorkspaceFolder: () => undefined, openTextDocument: async () => editor.document },
    debug: {
        registerDebugAdapterDescriptorFactory: (type: string, f: Recorded['factories'] extends Map<string, infer F> ? F : never) => { recorded.factories.set(type, f); return { dispose() {} }; },
        registerDebugConfigurationProvider: (type: string, provider: Provider, trigger?: number) => { recorded.providers.push({ type, provider, trigger }); return { dispose() {} }; },
        startDebugging: async (_folder: unknown, config: Record<string, unknown>, options: { noDebug: boolean }) => { recorded.started.push({ config, options }); return true; }
    },
    commands: { registerCommand: (id: string, fn: (args?: unknown) => Promise<unknown>) => { recorded.commands.set(id, fn); return { dispose() {} }; } }
};

describe('VS Code debugger registration', () => {
    let dir: string;
    let registerDebug: (context: { subscriptions: unknown[] }) => void;
    const subscriptions: unknown[] = [];

    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'irq-ext-debug-'));
        const outfile = join(dir, 'debug.cjs');
        buildSync({ entryPoints: [resolve(ROOT, 'src/extension/debug.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], outfile, mainFields: ['module', 'main'], logLevel: 'silent' });
        const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
        const original = loader._load;
        loader._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? fakeVscode : original(request, ...rest));
        try {
            registerDebug = (createRequire(import.meta.url)(outfile) as { registerDebug: typeof registerDebug }).registerDebug;
        } finally {
            loader._load = original;
        }
        registerDebug({ subscriptions });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('registers an inline adapter running IrqDebugSession, two providers and two commands', () => {
        expect(subscriptions).toHaveLength(5);
        const descriptor = recorded.factories.get('irq')!.createDebugAdapterDescriptor();
        expect((descriptor.implementation as object).constructor.name).toBe('IrqDebugSession');
        expect(recorded.providers.map((p) => [p.type, p.trigger])).toEqual([['irq', undefined], ['irq', 2]]);
        expect([...recorded.commands.keys()]).toEqual(['irq.debugScenario', 'irq.runScenario']);
    });

    it('offers one dynamic configuration per scenario and fills program from the active editor', () => {
        const dynamic = recorded.providers.find((p) => p.trigger === 2)!.provider.provideDebugConfigurations!() as Record<string, unknown>[];
        expect(dynamic.map((c) => c.scenario)).toEqual(['t3-ims-mask-pending', 't3-siblings']);
        expect(dynamic[0]).toMatchObject({ type: 'irq', request: 'launch', program: T3 });
        const resolveConfig = recorded.providers.find((p) => p.trigger === undefined)!.provider.resolveDebugConfiguration!;
        expect(resolveConfig(undefined, {})).toMatchObject({ type: 'irq', request: 'launch', program: T3, stopOnEntry: true });
        expect(resolveConfig(undefined, { type: 'irq', request: 'launch', name: 'x', program: '/other.irq' })).toMatchObject({ program: '/other.irq' });
    });

    it('starts a debug session from the code lens and a run without debugging', async () => {
        await recorded.commands.get('irq.debugScenario')!({ uri: `file://${T3}`, scenario: 't3-siblings' });
        await recorded.commands.get('irq.runScenario')!({ uri: `file://${T3}`, scenario: 't3-ims-mask-pending' });
        await recorded.commands.get('irq.debugScenario')!();
        expect(recorded.started.map((s) => [s.config.scenario, s.config.program, s.options.noDebug])).toEqual([
            ['t3-siblings', T3, false], ['t3-ims-mask-pending', T3, true], ['t3-siblings', T3, false]
        ]);
        expect(recorded.started[0].config).toMatchObject({ type: 'irq', request: 'launch', stopOnEntry: true });
    });
});
