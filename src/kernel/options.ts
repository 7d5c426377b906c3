// The `option NAME VALUE` settings of a topology: where the kernel leaves a choice (kernel-irq.md §8)
// or the emulator needs a limit. Names, accepted values and their checks, shared by validation and elaboration.

/** What values an option accepts. */
export type OptionShape =
    | { kind: 'one-of'; values: readonly string[] }
    | { kind: 'whole'; min: number; max: number }
    | { kind: 'flag' };

/** Spellings accepted for on / off. */
export const FLAG_ON: readonly string[] = ['on', 'yes', 'true', '1', 'enabled'];
export const FLAG_OFF: readonly string[] = ['off', 'no', 'false', '0', 'disabled', 'none'];

/** The known options by their DSL spelling (lower case, `-` separated). */
export const TOPOLOGY_OPTIONS: Readonly<Record<string, OptionShape>> = {
    'msi-move-policy': { kind: 'one-of', values: ['code', 'comment', 'always-direct'] },
    'first-system-vector': { kind: 'whole', min: 0x21, max: 0xff },
    'first-irq': { kind: 'whole', min: 0, max: 1 << 20 },
    'reservation-mode': { kind: 'flag' },
    'imsic-noipi': { kind: 'flag' },
    'disable': { kind: 'one-of', values: ['lazy', 'unlazy'] },
    /** `disable` is a keyword of the grammar (the scenario action), so the option is also spelled `irq-disable`. */
    'irq-disable': { kind: 'one-of', values: ['lazy', 'unlazy'] },
    'event-limit': { kind: 'whole', min: 1, max: 100_000_000 }
};

/** The canonical spelling of an option name (`IRQ_DISABLE` → `irq-disable`). */
export function optionKey(name: string): string {
    return name.toLowerCase().replace(/_/g, '-');
}

/** What an option accepts, for messages. */
export function describeOptionShape(shape: OptionShape): string {
    if (shape.kind === 'one-of') return shape.values.join(' | ');
    if (shape.kind === 'whole') return `a whole number ${shape.min}..${shape.max}`;
    return 'on | off';
}

/** Reads a value for an option of the given shape: the value, or why it is not accepted. */
export function readOptionValue(shape: OptionShape, raw: string | number): { value: string | number | boolean } | { error: string } {
    if (shape.kind === 'one-of') {
        return shape.values.includes(String(raw)) ? { value: String(raw) } : { error: `expected ${describeOptionShape(shape)}` };
    }
    if (shape.kind === 'whole') {
        return typeof raw === 'number' && Number.isInteger(raw) && raw >= shape.min && raw <= shape.max
            ? { value: raw } : { error: `expected ${describeOptionShape(shape)}` };
    }
    const text = String(raw).toLowerCase();
    if (FLAG_ON.includes(text)) return { value: true };
    if (FLAG_OFF.includes(text)) return { value: false };
    return { error: 'expected on | off' };
}

/** Checks one `option NAME VALUE` line: undefined when fine, else the message. */
export function checkOption(name: string, raw: string | number | undefined): string | undefined {
    const shape = TOPOLOGY_OPTIONS[optionKey(name)];
    if (!shape) return `unknown option '${name}' (known: ${Object.keys(TOPOLOGY_OPTIONS).join(', ')})`;
    if (raw === undefined) return `option '${name}' needs a value (${describeOptionShape(shape)})`;
    const read = readOptionValue(shape, raw);
    return 'error' in read ? `option '${name}': ${read.error}, not '${raw}'` : undefined;
}
