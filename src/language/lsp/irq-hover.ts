// Hover for .irq documents: kernel meaning of kinds, callbacks and flags, and doc comments.
// Placeholder on Langium's doc-comment hover until the kernel texts land.
import { MultilineCommentHoverProvider } from 'langium/lsp';

/** Hover texts for .irq documents. */
export class IrqHoverProvider extends MultilineCommentHoverProvider {}
