// VS Code extension entry: starts the IrqTopology language server as a separate Node process
// through vscode-languageclient. Debugging and commands are registered by their own modules.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerDebug } from './debug.js';

let client: LanguageClient | undefined;

/** Called by VS Code when an .irq file is opened or an irq debug session starts. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    registerDebug(context);
    client = startLanguageClient(context);
    await client.start();
}

/** Called by VS Code on shutdown. */
export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

function startLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const serverModule = context.asAbsolutePath(path.join('out', 'language-server.cjs'));
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'irq' }],
        synchronize: {}
    };
    return new LanguageClient('irq', 'IRQ Topology Language Server', serverOptions, clientOptions);
}
