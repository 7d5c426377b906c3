// The kernel's hierarchical-irq-domain layering rules (kernel-irq.md §3, R-*) as validation checks.
// Placeholder registry until the rules land; one method per rule, one issue code per rule.
import type { LangiumServices } from 'langium/lsp';

/** Registers the layering rules. */
export function registerLayeringRules(_services: LangiumServices): void {
    // Rules are registered here.
}
