// Looks up the kernel descriptions of DSL words (flags with or without prefix, flow handler short names)
// and renders them as markdown for hover and completion documentation.
import {
    busTokenDescriptions, chipFlagDescriptions, domainFlagDescriptions, flowHandlerDescriptions, msiFlagDescriptions,
    type CallbackDescription, type KernelDescription
} from '../../kernel/descriptions.js';

/** A table of descriptions together with the kernel prefix its keys are written without. */
export interface FlagTable {
    readonly entries: Readonly<Record<string, KernelDescription>>;
    /** Prefixes a user may still write (stripped before lookup), longest first. */
    readonly prefixes: readonly string[];
    /** What the values are called, for titles. */
    readonly title: string;
}

/** IRQCHIP_* flags (chip `flags`). */
export const chipFlags: FlagTable = { entries: chipFlagDescriptions, prefixes: ['IRQCHIP_'], title: 'irq chip flag' };
/** IRQ_DOMAIN_FLAG_* flags (domain `flags`). */
export const domainFlags: FlagTable = { entries: domainFlagDescriptions, prefixes: ['IRQ_DOMAIN_FLAG_', 'IRQ_DOMAIN_'], title: 'irq domain flag' };
/** MSI_FLAG_* flags (`msi-flags`, `supports`, `requires`). */
export const msiFlags: FlagTable = { entries: msiFlagDescriptions, prefixes: ['MSI_FLAG_'], title: 'MSI domain flag' };
/** DOMAIN_BUS_* tokens (`bus-token`, `accepts`). */
export const busTokens: FlagTable = { entries: busTokenDescriptions, prefixes: ['DOMAIN_BUS_'], title: 'bus token' };

/** The description of `name` in `table`, accepting the kernel prefix. */
export function lookupFlag(table: FlagTable, name: string): KernelDescription | undefined {
    if (Object.hasOwn(table.entries, name)) return table.entries[name];
    for (const prefix of table.prefixes) {
        if (name.startsWith(prefix)) {
            const bare = name.slice(prefix.length);
            if (Object.hasOwn(table.entries, bare)) return table.entries[bare];
        }
    }
    return undefined;
}

/** The full kernel name of a flow handler written as `handle_edge_irq` or `edge`. */
export function flowHandlerName(name: string): string | undefined {
    if (Object.hasOwn(flowHandlerDescriptions, name)) return name;
    const long = `handle_${name.replace(/-/g, '_')}_irq`;
    return Object.hasOwn(flowHandlerDescriptions, long) ? long : undefined;
}

/** The name `/proc/interrupts` shows for a flow handler (`edge`, `fasteoi`, ...). */
export function flowShortName(name: string): string {
    return name.replace(/^handle_/, '').replace(/_irq$/, '');
}

/** Looks `key` up in a record without tripping over inherited members such as `constructor`. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
    return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Markdown for a described word: a title line, the summary, the text and the kernel reference. */
export function describe(word: string, what: string, description: KernelDescription, extra: string[] = []): string {
    const lines = [`**\`${word}\`** — ${what}`, '', description.summary];
    if (description.text) lines.push('', description.text);
    lines.push(...extra.map(e => `\n${e}`));
    const reference: string[] = [];
    if (description.kernel && description.kernel !== '-') reference.push(`Kernel: ${codeIfPlain(description.kernel)}`);
    const helper = (description as CallbackDescription).parentHelper;
    if (helper) reference.push(`parent helper: \`${helper}()\``);
    if (description.source && description.source !== '-') reference.push(`Source: ${description.source}`);
    if (reference.length > 0) lines.push('', reference.join(' · '));
    return lines.join('\n');
}

function codeIfPlain(text: string): string {
    return text.includes('`') ? text : `\`${text}\``;
}
