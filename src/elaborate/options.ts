// `option NAME VALUE` lines of a topology → SystemOptions (kernel-irq.md §8 choices and emulator limits).
// Names and values are checked with src/kernel/options.ts; problems are elaboration errors at the option's line.
import type { Option } from '../language/generated/ast.js';
import type { SystemOptions } from '../emulator/spec.js';
import { checkOption, optionKey, readOptionValue, TOPOLOGY_OPTIONS } from '../kernel/options.js';
import { elaborationError, type ElaborationError } from './elaboration-error.js';
import { locOf } from './source-loc.js';

/** The SystemOptions field each DSL option sets. */
const OPTION_KEYS: Readonly<Record<string, keyof SystemOptions & string>> = {
    'msi-move-policy': 'msiMovePolicy',
    'first-system-vector': 'firstSystemVector',
    'first-irq': 'firstIrq',
    'reservation-mode': 'reservationMode',
    'imsic-noipi': 'imsicNoIpi',
    'disable': 'disable',
    'irq-disable': 'disable',
    'event-limit': 'eventLimit'
};

/** Reads the topology's options; errors go to `errors` with the option's location. */
export function elaborateOptions(options: readonly Option[], errors: ElaborationError[]): SystemOptions | undefined {
    if (options.length === 0) return undefined;
    const out: SystemOptions = {};
    for (const option of options) {
        const raw = option.value ?? option.number ?? option.text;
        const problem = checkOption(option.name, raw);
        if (problem) {
            errors.push(elaborationError(problem, locOf(option)));
            continue;
        }
        const name = optionKey(option.name);
        const read = readOptionValue(TOPOLOGY_OPTIONS[name], raw!);
        if ('value' in read) (out as Record<string, string | number | boolean>)[OPTION_KEYS[name]] = read.value;
    }
    return out;
}
