// Tunes V8 for a process that reads large topologies once, cold: the language server, and `irqt check` for the
// compiler; not the emulator's hot loops (`irqt run`, `test`, the debugger). V8 flags set at run time, one forced GC.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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

/** The old generation's first collection limit (MiB) that the language server sets at start. */
export const firstOldGenerationLimitMiB = 128;

/**
 * Sets the limit at which V8 first collects the old generation to about `limitMiB`, and returns the function that
 * hands heap growth back to V8's own heuristic. The server calls this at start and the returned function when the
 * client's `initialize` arrives, before any document is read.
 *
 * V8 sets its first limits from what start-up looks like (a heap of about 11 MB). A first open of 10,000 devices
 * then grows the old generation to about 75 MB, and V8 marks the whole heap once on the way; without that, the open
 * is 4–9 % faster on this 2-core machine (`npm run bench`; README, Performance, "Old generation").
 * `--initial-old-space-size` would set the limit, but only as a launch argument. At run time the limit is computed
 * at the end of a full collection, the live size times a growing factor, which `--heap-growing-percent` fixes. So:
 * one full collection to measure the live size, then the factor that makes about `limitMiB` of it, then one more
 * collection to set the limit (11–13 ms each in the server). The factor applies to every limit V8 computes while it
 * is set; V8 also recomputes the limit while the program allocates slowly (as a server waiting for its client does),
 * keeping the result only if it is lower, so while the factor is raised the limit stays. It is handed back before
 * the heap could reach the limit: then the first full collection, whenever it comes, sets the next limit by V8's
 * heuristic (and a document that comes long after `initialize` may find the limit lowered again, as without this).
 */
export function raiseFirstOldGenerationLimit(limitMiB = firstOldGenerationLimitMiB): () => void {
    const collectGarbage = exposeGarbageCollection();
    // Once to know the live size, once more to compute the limit from it with the factor set.
    collectGarbage();
    const liveMiB = getHeapStatistics().used_heap_size / 2 ** 20;
    const growingPercent = Math.max(1, Math.ceil((limitMiB / liveMiB - 1) * 100));
    setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
    collectGarbage();
    let handedBack = false;
    return () => {
        if (handedBack) return;
        handedBack = true;
        setFlagsFromString('--heap-growing-percent=0');
    };
}

/** V8's `gc()` (a full collection): `--expose-gc` set at run time gives it to the contexts created after it. */
function exposeGarbageCollection(): () => void {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
}
