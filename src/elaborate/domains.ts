// Domain, chip and callback lowering: `domain X : kind parent P { ... chip C { mask: self "fn" } }` →
// DomainSpec with its resources, flags, ops and ChipSpec; every callback keeps its own source line.
import type { Callback, Chip, Domain, DomainOps } from '../language/generated/ast.js';
import { normalizeCallbackName } from '../kernel/model.js';
import { normalizeChipOp, type CallbackSpec, type ChipOp, type ChipSpec, type DomainKind, type DomainResources, type DomainSpec } from '../emulator/spec.js';
import { elaborationError, type ElaborationError } from './elaboration-error.js';
import { expandRanges, rangeSpec } from './ranges.js';
import { locOf } from './source-loc.js';

/** A STRING value without surrounding quotes (Langium strips them; this is a guard for hand-built ASTs). */
export function unquote(text: string): string {
    return text.replace(/^"(.*)"$/s, '$1');
}

/** The name a reference points at: the target's name when linked, else the text as written. */
export function refName(ref: { ref?: { name: string }; $refText: string } | undefined): string | undefined {
    if (!ref) return undefined;
    return ref.ref?.name ?? (ref.$refText || undefined);
}

/** One callback: `self`/`parent`/`none`/`platform`, or a named level (`mask: INTEL-IR-0` → mode `level`). */
export function elaborateCallback(callback: Callback): CallbackSpec {
    const spec: CallbackSpec = callback.mode
        ? { mode: callback.mode }
        : { mode: 'level', target: refName(callback.target) };
    if (callback.function !== undefined) spec.function = unquote(callback.function);
    const loc = locOf(callback);
    if (loc) spec.loc = loc;
    return spec;
}

function elaborateChip(chip: Chip, errors: ElaborationError[]): ChipSpec {
    const callbacks: Partial<Record<ChipOp, CallbackSpec>> = {};
    for (const callback of chip.callbacks) {
        const op = normalizeChipOp(callback.name);
        if (!op) {
            if (!normalizeCallbackName(callback.name)) {
                errors.push(elaborationError(`chip ${chip.name}: unknown irq_chip callback '${callback.name}'`, locOf(callback)));
            }
            continue;
        }
        if (callbacks[op]) {
            errors.push(elaborationError(`chip ${chip.name}: callback '${callback.name}' is given twice`, locOf(callback)));
            continue;
        }
        callbacks[op] = elaborateCallback(callback);
    }
    const spec: ChipSpec = { name: chip.name, callbacks };
    if (chip.flags.length > 0) spec.flags = [...chip.flags];
    const loc = locOf(chip);
    if (loc) spec.loc = loc;
    return spec;
}

function elaborateOps(ops: DomainOps): Record<string, CallbackSpec> {
    const out: Record<string, CallbackSpec> = {};
    for (const callback of ops.callbacks) out[normalizeCallbackName(callback.name) ?? callback.name] = elaborateCallback(callback);
    return out;
}

function elaborateResources(domain: Domain, errors: ElaborationError[]): DomainResources | undefined {
    const res: DomainResources = {};
    if (domain.window) res.vectorWindow = rangeSpec(domain.window);
    if (domain.reserved.length > 0) {
        expandRanges(domain.reserved, `domain ${domain.name}: reserve`, errors);
        res.reservedVectors = domain.reserved.map(rangeSpec);
    }
    if (domain.entries !== undefined) res.entries = domain.entries;
    if (domain.lpis) res.lpis = rangeSpec(domain.lpis);
    if (domain.ids !== undefined) res.ids = domain.ids;
    if (domain.sources !== undefined) res.sources = domain.sources;
    if (domain.address !== undefined) res.address = domain.address;
    if (domain.size !== undefined) res.size = domain.size;
    return Object.keys(res).length > 0 ? res : undefined;
}

/** Lowers one domain; `device` names the owning device for domains declared inside a device. */
export function elaborateDomain(domain: Domain, device: string | undefined, errors: ElaborationError[]): DomainSpec {
    const spec: DomainSpec = { name: domain.name, kind: domain.kind as DomainKind };
    const parent = refName(domain.parents[0]);
    if (parent) spec.parent = parent;
    const chainedTo = refName(domain.chainedTo);
    if (chainedTo) spec.chainedTo = chainedTo;
    if (domain.chainedCause !== undefined) spec.chainedCause = domain.chainedCause;
    if (device) spec.device = device;
    if (domain.busToken) spec.busToken = domain.busToken;
    if (domain.encoding) spec.hwirqEncoding = domain.encoding;
    if (domain.flags.length > 0) spec.flags = [...domain.flags];
    if (domain.msiFlags.length > 0) spec.msiFlags = [...domain.msiFlags];
    if (domain.prefix !== undefined) spec.prefix = unquote(domain.prefix);
    if (domain.accepts.length > 0) spec.accepts = [...domain.accepts];
    if (domain.supports.length > 0) spec.supports = [...domain.supports];
    if (domain.requires.length > 0) spec.requires = [...domain.requires];
    const resources = elaborateResources(domain, errors);
    if (resources) spec.resources = resources;
    if (domain.descData.length > 0) spec.descData = [...domain.descData];
    if (domain.slotAlloc) spec.slotAlloc = domain.slotAlloc;
    if (domain.ops) spec.ops = elaborateOps(domain.ops);
    if (domain.chips.length > 0) spec.chip = elaborateChip(domain.chips[0], errors);
    for (const extra of domain.chips.slice(1)) {
        errors.push(elaborationError(`domain ${domain.name} declares a second irq_chip '${extra.name}': one chip per domain level`, locOf(extra)));
    }
    const loc = locOf(domain);
    if (loc) spec.loc = loc;
    return spec;
}
