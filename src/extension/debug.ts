// Registers the `irq` debugger in VS Code: the inline debug adapter, launch configurations (static, dynamic
// per scenario of the active file, resolved from the active editor) and the Debug/Run Scenario commands.
import '../language/node20-polyfills.js';
import * as vscode from 'vscode';
import { IrqDebugSession } from '../debug/irq-debug-session.js';

/** Arguments of irq.debugScenario / irq.runScenario (what the code lens passes). */
export interface ScenarioCommandArgs {
    /** Document URI string. */
    uri: string;
    scenario: string;
}

const SCENARIO = /^\s*scenario\s+([A-Za-z_][\w-]*)\s+on\b/gm;

/** Scenario names declared in a document's text, in order. */
export function scenarioNames(text: string): string[] {
    return [...text.matchAll(SCENARIO)].map((m) => m[1]);
}

function activeIrqEditor(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor && editor.document.languageId === 'irq' ? editor : undefined;
}

/** Fills `program` from the active editor; an empty configuration (no launch.json) debugs the active file. */
class IrqConfigurationProvider implements vscode.DebugConfigurationProvider {
    resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
        const editor = activeIrqEditor();
        if (!config.type && !config.request && !config.name && editor) {
            config.type = 'irq';
            config.request = 'launch';
            config.name = 'Debug IRQ scenario';
            config.stopOnEntry = true;
        }
        if (!config.program && editor) config.program = editor.document.uri.fsPath;
        if (!config.program) {
            return vscode.window.showInformationMessage('Open an .irq file (or set "program") to debug a scenario.').then(() => undefined);
        }
        return config;
    }
}

/** One launch configuration per scenario of the active .irq file. */
class IrqDynamicConfigurations implements vscode.DebugConfigurationProvider {
    provideDebugConfigurations(): vscode.ProviderResult<vscode.DebugConfiguration[]> {
        const editor = activeIrqEditor();
        if (!editor) return [];
        return scenarioNames(editor.document.getText()).map((scenario) => ({
            type: 'irq', request: 'launch', name: `Debug scenario ${scenario}`, program: editor.document.uri.fsPath, scenario, stopOnEntry: true
        }));
    }
}

async function startScenario(args: ScenarioCommandArgs | undefined, noDebug: boolean): Promise<boolean> {
    const editor = activeIrqEditor();
    const uri = args?.uri ? vscode.Uri.parse(args.uri) : editor?.document.uri;
    if (!uri) {
        void vscode.window.showInformationMessage('Open an .irq file to run one of its scenarios.');
        return false;
    }
    let scenario = args?.scenario;
    if (!scenario) {
        const names = scenarioNames((await vscode.workspace.openTextDocument(uri)).getText());
        scenario = names.length > 1 ? await vscode.window.showQuickPick(names, { placeHolder: 'Scenario to run' }) : names[0];
        if (!scenario) return false;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const config: vscode.DebugConfiguration = {
        type: 'irq', request: 'launch', name: `${noDebug ? 'Run' : 'Debug'} scenario ${scenario}`, program: uri.fsPath, scenario, stopOnEntry: !noDebug
    };
    return vscode.debug.startDebugging(folder, config, { noDebug });
}

/** Registers the debugger, its configuration providers and the scenario commands. */
export function registerDebug(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
        vscode.debug.registerDebugAdapterDescriptorFactory('irq', {
            createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new IrqDebugSession())
        }),
        vscode.debug.registerDebugConfigurationProvider('irq', new IrqConfigurationProvider()),
        vscode.debug.registerDebugConfigurationProvider('irq', new IrqDynamicConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
        vscode.commands.registerCommand('irq.debugScenario', (args?: ScenarioCommandArgs) => startScenario(args, false)),
        vscode.commands.registerCommand('irq.runScenario', (args?: ScenarioCommandArgs) => startScenario(args, true))
    );
}
