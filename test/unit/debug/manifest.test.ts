// The extension manifest and build wiring of the debugger: the `irq` debugger contribution, breakpoints in
// .irq files, the scenario commands, activation events, and the debug-adapter bundle entry.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './dap-helpers.js';

const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));

describe('debugger manifest', () => {
    it('contributes the irq debugger with its launch attributes, configurations and snippets', () => {
        const debuggers = manifest.contributes.debuggers as { type: string; label: string; languages: string[]; configurationAttributes: { launch: { properties: Record<string, unknown>; required: string[] } }; initialConfigurations: unknown[]; configurationSnippets: unknown[] }[];
        const irq = debuggers.find((d) => d.type === 'irq');
        expect(irq?.label).toBe('IRQ Topology');
        expect(irq?.languages).toEqual(['irq']);
        expect(Object.keys(irq!.configurationAttributes.launch.properties).sort()).toEqual(['eventLimit', 'program', 'scenario', 'stopOnEntry']);
        expect(irq?.configurationAttributes.launch.required).toEqual(['program']);
        expect(irq?.initialConfigurations).toEqual([expect.objectContaining({ type: 'irq', request: 'launch', program: '${file}' })]);
        expect(irq?.configurationSnippets.length).toBeGreaterThan(0);
    });

    it('allows breakpoints in .irq files, declares the scenario commands and activates on them', () => {
        expect(manifest.contributes.breakpoints).toContainEqual({ language: 'irq' });
        const commands = (manifest.contributes.commands as { command: string }[]).map((c) => c.command);
        expect(commands).toEqual(expect.arrayContaining(['irq.debugScenario', 'irq.runScenario']));
        expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onDebugResolve:irq', 'onDebugDynamicConfigurations:irq', 'onCommand:irq.debugScenario', 'onCommand:irq.runScenario']));
    });

    it('bundles the standalone adapter and registers the debugger from the extension entry', () => {
        expect(readFileSync(resolve(ROOT, 'esbuild.js'), 'utf8')).toContain(`'debug-adapter': 'src/debug/standalone.ts'`);
        const main = readFileSync(resolve(ROOT, 'src/extension/main.ts'), 'utf8');
        expect(main).toContain(`import { registerDebug } from './debug.js';`);
        expect(main).toMatch(/registerDebug\(context\);/);
        expect(readFileSync(resolve(ROOT, 'src/extension/debug.ts'), 'utf8')).toContain('new vscode.DebugAdapterInlineImplementation(new IrqDebugSession())');
    });
});
