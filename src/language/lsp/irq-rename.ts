// Rename for .irq documents, across imported files, keeping qualified `device.irq` references intact.
// Placeholder on Langium's default rename until qualified names are handled.
import { DefaultRenameProvider } from 'langium/lsp';

/** Rename for .irq documents. */
export class IrqRenameProvider extends DefaultRenameProvider {}
