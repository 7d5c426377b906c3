// Entry point of the language server: `node out/language-server.cjs --stdio` (or started by the extension).
// Wires the IrqTopology services to an LSP connection and loads imported files that are not open.
import { raiseFirstOldGenerationLimit, stopYoungGenerationGrowth, tuneCompilerForColdReads } from './v8-tuning.js';
import './node20-polyfills.js';
import { NodeFileSystem } from 'langium/node';
import { setInterruptionPeriod } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createIrqServices } from './irq-module.js';
import { watchImports } from './import-loader.js';
import { answerEditorViewsAfterValidation } from './lsp/request-order.js';

tuneCompilerForColdReads();
// V8's first full collection at about 128 MB instead of where start-up would put it; handed back on `initialize`.
const handBackHeapGrowth = raiseFirstOldGenerationLimit();

/**
 * How long (ms) a build runs before it lets a new message in (Langium's default is 10). In a workspace of 10,000
 * files the background validation after the scan runs for seconds; an edit arriving then waits for the build to
 * yield, notice the cancellation and yield again. At 1 ms the split benchmark's edits answer in about 40 ms
 * instead of about 80, with no measurable cost to a first open (`npm run bench`).
 */
const buildInterruptionPeriodMs = 1;
setInterruptionPeriod(buildInterruptionPeriodMs);

const connection = createConnection(ProposedFeatures.all);
const { shared } = createIrqServices({ connection, ...NodeFileSystem });
watchImports(shared);
// Before any document is read, so that V8's heuristic sets every limit after its first full collection.
shared.lsp.LanguageServer.onInitialize(() => handBackHeapGrowth());
// Start-up (the services, the grammar) grows V8's young generation; from here on it keeps that size.
shared.lsp.LanguageServer.onInitialized(() => stopYoungGenerationGrowth());
startLanguageServer(shared);
answerEditorViewsAfterValidation(shared);
