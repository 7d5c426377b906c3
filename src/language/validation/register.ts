// Registers every validation check of the language with Langium's ValidationRegistry.
// Structural checks (imports, names) and the kernel layering rules (R-*) live in their own files.
import type { LangiumServices } from 'langium/lsp';
import { registerStructureChecks } from './structure-checks.js';
import { registerLayeringRules } from './layering-rules.js';
import { registerDuplicateMemberChecks } from './duplicate-member-checks.js';

/** Registers all checks for the IrqTopology language. */
export function registerIrqValidationChecks(services: LangiumServices): void {
    registerStructureChecks(services);
    registerDuplicateMemberChecks(services);
    registerLayeringRules(services);
}
