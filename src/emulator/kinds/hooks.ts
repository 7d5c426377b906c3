// Late-bound hooks that let kind ops call core functions defined in modules that import the kinds
// (avoids import cycles): irq_move_irq() is core code called from chip ack callbacks.

import type { Machine } from '../machine.js';
import type { IrqDesc } from '../state.js';

/** `irq_move_irq()`; bound by affinity.ts. */
export const irqMoveIrqHook: { fn: (m: Machine, d: IrqDesc) => void } = { fn: () => undefined };

/** A device raise of an instance (platform.ts); used by the flow for re-raises during the handler. */
export const raiseHook: { fn: (m: Machine, inst: number) => number } = { fn: () => 0 };
