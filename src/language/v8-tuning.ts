// Tunes V8 for a process that reads large topologies once, cold: the language server, and `irqt check` for the
// compiler. Not for the emulator's hot loops (`irqt run`, `test`, the debugger). Both settings are V8 flags set at run time.
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

/**
 * Keeps V8's young generation at the size it has now (its growth factor, `--semi-space-growth-factor`, 2 by
 * default, becomes 1). V8 doubles the young generation, up to 16 MB a semi-space, while much of what it allocates
 * survives, which pays off when young objects die soon. Almost everything a parse or a link allocates survives,
 * so the larger spaces copy the same objects and only add memory: at 10,000 devices the young generation grew
 * from 8 MB to 32 MB during a first open, and on a machine where fresh memory is slow to touch (this one: about
 * 3 ms a MB, `node`'s first touch of a 256 MB buffer) that is time. The server calls this once it has started,
 * when start-up has grown the young generation to 4 MB a semi-space (Node 20): first diagnostics at 10,000 devices
 * came 6–10 % sooner and the peak resident memory fell by about 25 MB (README, Performance, "Young generation").
 */
export function stopYoungGenerationGrowth(): void {
    setFlagsFromString('--semi-space-growth-factor=1');
}
