// `option NAME VALUE` lines of a topology → SystemOptions (kernel-irq.md §8 choices and emulator limits).
// Unknown names and values out of their domain are elaboration errors at the option's line.
import type { Option } from '../language/generated/ast.js';
import type { SystemOptions } from '../emulator/spec.js';
import { elaborationError, type ElaborationError } from './elaboration-error.js';
import { locOf } from './source-loc.js';

type OptionValue = string | number;

/** How one DSL option is read: the SystemOptions key and a parser returning the value or an error text. */
interface OptionRule {
    key: keyof SystemOptions & string;
    parse(value: OptionValue): { value: string | number | boolean } | { error: string };
    /** What the option accepts, for messages. */
    accepts: string;
}

const TRUE = ['on', 'yes', 'true', '1', 'enabled'];
const FALSE = ['off', 'no', 'false', '0', 'disabled', 'none'];

const oneOf = (key: OptionRule['key'], values: string[]): OptionRule => ({
    key, accepts: values.join(' | '),
    parse: v => values.includes(String(v)) ? { value: String(v) } : { error: `expected ${values.join(' | ')}` }
});

const whole = (key: OptionRule['key'], min: number, max: number): OptionRule => ({
    key, accepts: `a whole number ${min}..${max}`,
    parse: v => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
        ? { value: v } : { error: `expected a whole number ${min}..${max}` }
});

const flag = (key: OptionRule['key']): OptionRule => ({
    key, accepts: 'on | off',
    parse: v => {
        const text = String(v).toLowerCase();
        if (TRUE.includes(text)) return { value: true };
        if (FALSE.includes(text)) return { value: false };
        return { error: 'expected on | off' };
    }
});

/** The options the elaborator knows, by their DSL spelling (lower case, `-` separated). */
export const OPTION_RULES: Readonly<Record<string, OptionRule>> = {
    'msi-move-policy': oneOf('msiMovePolicy', ['code', 'comment', 'always-direct']),
    'first-system-vector': whole('firstSystemVector', 0x21, 0xff),
    'first-irq': whole('firstIrq', 0, 1 << 20),
    'reservation-mode': flag('reservationMode'),
    'imsic-noipi': flag('imsicNoIpi'),
    'disable': oneOf('disable', ['lazy', 'unlazy']),
    /** `disable` is a keyword of the grammar (the scenario action), so the option is also spelled `irq-disable`. */
    'irq-disable': oneOf('disable', ['lazy', 'unlazy']),
    'event-limit': whole('eventLimit', 1, 100_000_000)
};

/** Reads the topology's options; errors go to `errors` with the option's location. */
export function elaborateOptions(options: readonly Option[], errors: ElaborationError[]): SystemOptions | undefined {
    if (options.length === 0) return undefined;
    const out: SystemOptions = {};
    for (const option of options) {
        const name = option.name.toLowerCase().replace(/_/g, '-');
        const rule = OPTION_RULES[name];
        const raw: OptionValue | undefined = option.value ?? option.number ?? option.text;
        if (!rule) {
            errors.push(elaborationError(`unknown option '${option.name}' (known: ${Object.keys(OPTION_RULES).join(', ')})`, locOf(option)));
            continue;
        }
        if (raw === undefined) {
            errors.push(elaborationError(`option '${option.name}' needs a value (${rule.accepts})`, locOf(option)));
            continue;
        }
        const parsed = rule.parse(raw);
        if ('error' in parsed) {
            errors.push(elaborationError(`option '${option.name}': ${parsed.error}, not '${raw}'`, locOf(option)));
            continue;
        }
        (out as Record<string, string | number | boolean>)[rule.key] = parsed.value;
    }
    return out;
}
