// Entry point of the language server: `node out/language-server.cjs --stdio` (or started by the extension).
// Wires the IrqTopology services to an LSP connection and loads imported files that are not open.
import './node20-polyfills.js';
import { NodeFileSystem } from 'langium/node';
import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createIrqServices } from './irq-module.js';
import { watchImports } from './import-loader.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createIrqServices({ connection, ...NodeFileSystem });
watchImports(shared);
startLanguageServer(shared);
