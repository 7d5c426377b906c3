// Document symbols (outline) for .irq documents: the domain hierarchy as a tree.
// Placeholder on Langium's default outline until the hierarchy view lands.
import { DefaultDocumentSymbolProvider } from 'langium/lsp';

/** Outline of .irq documents. */
export class IrqDocumentSymbolProvider extends DefaultDocumentSymbolProvider {}
