// Formatting of .irq documents (idempotent, keeps comments, never drops text).
// Placeholder on Langium's formatter until the formatting rules land.
import { AbstractFormatter, type AstNode } from 'langium/lsp';

/** Formats .irq documents. */
export class IrqFormatter extends AbstractFormatter {
    protected format(_node: AstNode): void {
        // Rules are added per node type.
    }
}
