// Completion for .irq documents: keywords, names of domains/devices/interrupts, kinds, callbacks, flags.
// Placeholder on Langium's default completion until the value lists land.
import { DefaultCompletionProvider } from 'langium/lsp';

/** Completion for .irq documents. */
export class IrqCompletionProvider extends DefaultCompletionProvider {}
