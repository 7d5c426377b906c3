// Tunes V8's optimising compiler for a process that reads large topologies once, cold: the language server, which
// calls it at start, and `irqt check`. Not for the emulator's hot loops (`irqt run`, `test`, the debugger).
import { setFlagsFromString } from 'node:v8';

/**
 * The bytecode size (V8's `--max-inlined-bytecode-size-cumulative`, 920 by default) that TurboFan may inline into
 * one optimised function. A first open of 10,000 devices runs about 290 optimising compilations of 1.6 s in all on
 * the one background thread a 2-core machine has, so most of the open runs before its code is optimised; with less
 * inlined, each compilation is shorter and optimised code arrives sooner (`npm run bench`, first open: README).
 */
export const cumulativeInliningBudget = 150;

/**
 * Sets the inlining budget for the rest of the process. The emulator's delivery loop runs about a quarter slower
 * with it (`npm run bench`, emulator: 0.45–0.49 of the hand-written loop instead of 0.64–0.69), so a process that
 * runs scenarios does not call it.
 */
export function tuneCompilerForColdReads(): void {
    setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${cumulativeInliningBudget}`);
}
