// Public API of the debug controller (emulator side): run/step/breakpoints/history over one scenario, the
// condition language and state paths. The DAP session (src/debug) only translates to and from this.
export * from './debug-controller.js';
export { EVENT_KINDS, type BreakpointRequest, type BreakpointStatus } from './breakpoints.js';
export { compileExpression, evaluateExpression, compileHitCondition, hitMatches, compileLogMessage, renderLogMessage, ExpressionError, EXPRESSION_IDENTIFIERS, type Expr, type ExprValue } from './expression.js';
export { parseWatch, readWatch, watchText, type WatchPath } from './watch.js';
export type { VarNode } from './inspect.js';
