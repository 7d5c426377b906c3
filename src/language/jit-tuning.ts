// Tunes V8's optimising compiler for a process that reads a large topology once, cold: imported first by the
// language server and the CLI (`irqt`), before any of their code runs hot.
import { setFlagsFromString } from 'node:v8';

/**
 * The bytecode size (V8's `--max-inlined-bytecode-size-cumulative`, 920 by default) that TurboFan may inline into
 * one optimised function. A first open of 10,000 devices runs about 290 optimising compilations of 1.6 s in all on
 * the one background thread a 2-core machine has, so most of the open runs before its code is optimised; with less
 * inlined, each compilation is shorter and optimised code arrives sooner (`npm run bench`, first open: README).
 */
export const cumulativeInliningBudget = 150;

setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${cumulativeInliningBudget}`);
