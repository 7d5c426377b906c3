// Quick fixes for .irq diagnostics, keyed on the rule's issue code (R-*) and the diagnostic's data: reparent
// a domain, delegate to the parent, fix a chip callback, raise a table size, convert shared domains per device.
import { AstUtils, CstUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider, LangiumServices } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic } from 'vscode-languageserver';
import {
    isCallback, isChip, isDevice, isDomain, isInterrupt, isModel, type Callback, type Device, type Domain, type Model
} from '../generated/ast.js';
import { normalizeCallbackName, normalizeFlag } from '../../kernel/model.js';
import { enclosing, topologiesOf } from '../validation/resolved-topology.js';
import { EditBuilder } from './irq-text-edits.js';
import { perDeviceConversion } from './irq-per-device-conversion.js';

/** What a quick fix builder gets: the document, the diagnostic, its data and the node it points at. */
interface FixContext {
    readonly document: LangiumDocument;
    readonly diagnostic: Diagnostic;
    readonly data: Record<string, unknown>;
    readonly node: AstNode | undefined;
    readonly services: LangiumServices;
}

/** A fix: zero or more titled edit sets. */
type FixBuilder = (context: FixContext) => { title: string; edits: EditBuilder; preferred?: boolean }[];

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Points a domain at another parent (replacing the first parent, or adding `parent X`). */
function reparent(context: FixContext, domain: Domain | undefined, parent: string, title: string) {
    if (!domain) return [];
    const edits = new EditBuilder(context.document);
    if (domain.parents.length > 0) edits.replaceProperty(domain, 'parents', parent, 0);
    else {
        const kind = edits.rangeOf(domain, 'kind');
        if (!kind) return [];
        edits.insert(kind.end, ` parent ${parent}`);
    }
    return [{ title, edits }];
}

/** Sets a chip callback (or a domain op) to a mode: rewrites the written callback, or adds one. */
function setCallback(context: FixContext, domain: Domain | undefined, op: string, mode: string, where: 'chip' | 'ops') {
    if (!domain) return [];
    const edits = new EditBuilder(context.document);
    const callbacks = where === 'chip' ? domain.chips[0]?.callbacks ?? [] : domain.ops?.callbacks ?? [];
    const written = callbacks.find(c => normalizeCallbackName(c.name) === op);
    if (written) replaceMode(edits, written, mode);
    else if (where === 'chip') {
        const kindChip = topologiesOf(domain, context.services.shared.workspace.LangiumDocuments).topologyFor(domain)?.domainOf(domain).chip.name ?? domain.name;
        edits.addToChip(domain, kindChip, `${op}: ${mode}`);
    } else if (domain.ops) {
        edits.addToBlock(domain.ops, `${op}: ${mode}`);
    } else {
        edits.addToDomain(domain, `ops { ${op}: ${mode} }`);
    }
    return [{ title: `Set ${op}: ${mode} on ${domain.name}`, edits }];
}

/** Replaces a callback's mode or named target with `mode`. */
function replaceMode(edits: EditBuilder, callback: Callback, mode: string): void {
    edits.replaceProperty(callback, callback.target ? 'target' : 'mode', mode);
}

/** Deletes the element `index` of a list property introduced by `keyword`; the whole clause when it is the only one. */
function deleteListElement(edits: EditBuilder, node: AstNode, keyword: string, property: string, index: number, length: number): void {
    const element = edits.rangeOf(node, property, index);
    if (!element) return;
    if (length === 1) {
        const start = edits.keywordRange(node, keyword);
        if (start) edits.deleteSpan(start.start, element.end);
        return;
    }
    edits.deleteSpan(element.start, element.end);
}

/** Sets a numeric property of a device or domain to `value`, adding the clause when absent. */
function setNumber(context: FixContext, node: Device | Domain, property: string, keyword: string, value: number) {
    const edits = new EditBuilder(context.document);
    if ((node as unknown as Record<string, unknown>)[property] !== undefined) edits.replaceProperty(node, property, String(value));
    else if (isDomain(node)) edits.addToDomain(node, `${keyword} ${value}`);
    else edits.addToDevice(node, `${keyword} ${value}`);
    return edits;
}

const reparentTo: FixBuilder = c => {
    const parent = str(c.data.newParent);
    const domain = enclosing(c.node, isDomain);
    return parent && domain ? reparent(c, domain, parent, `Reparent ${domain.name} onto ${parent}`) : [];
};

const reparentToCandidates = (why: string): FixBuilder => c => {
    const domain = enclosing(c.node, isDomain);
    return strings(c.data.candidates).slice(0, 3).flatMap((parent, i) =>
        reparent(c, domain, parent, `Reparent ${domain?.name} onto ${parent} (${why})`).map(f => ({ ...f, preferred: i === 0 })));
};

const setCallbackFromData = (where: 'chip' | 'ops'): FixBuilder => c => {
    const op = str(c.data.op);
    const mode = str(c.data.mode);
    return op && mode ? setCallback(c, enclosing(c.node, isDomain), op, mode, where) : [];
};

const callbackTo = (mode: string, title: string): FixBuilder => c => {
    const callback = enclosing(c.node, isCallback);
    if (!callback) return [];
    const edits = new EditBuilder(c.document);
    replaceMode(edits, callback, mode);
    return [{ title: title.replace('%s', normalizeCallbackName(callback.name) ?? callback.name), edits }];
};

const raiseSize: FixBuilder = c => {
    const value = typeof c.data.value === 'number' ? c.data.value : undefined;
    const property = str(c.data.property);
    if (value === undefined || !property) return [];
    const model = AstUtils.findRootNode(c.node ?? c.document.parseResult.value) as Model;
    const deviceName = str(c.data.device);
    const keywords: Record<string, string> = { msixTable: 'msix table', msiVectors: 'msi vectors', imsSlots: 'ims slots', size: 'size', sources: 'sources' };
    if (deviceName) {
        const device = AstUtils.streamAllContents(model).find((n): n is Device => isDevice(n) && n.name === deviceName);
        if (!device) return [];
        return [{ title: `Raise ${keywords[property]} of ${device.name} to ${value}`, edits: setNumber(c, device, property, keywords[property], value) }];
    }
    const domainName = str(c.data.domain);
    const domain = AstUtils.streamAllContents(model).find((n): n is Domain => isDomain(n) && n.name === domainName);
    if (!domain) return [];
    return [{ title: `Raise ${keywords[property]} of ${domain.name} to ${value}`, edits: setNumber(c, domain, property, keywords[property], value) }];
};

const convertPerDevice: FixBuilder = c => {
    const domain = enclosing(c.node, isDomain);
    if (!domain) return [];
    const resolved = topologiesOf(domain, c.services.shared.workspace.LangiumDocuments).topologyFor(domain)?.domainOf(domain);
    const conversion = resolved && perDeviceConversion(c.document, c.services, resolved);
    return conversion ? [{ title: conversion.title, edits: conversion.edits }] : [];
};

/** The quick fixes, by issue code. */
const FIXES: Record<string, FixBuilder> = {
    'R-PARENT-ONE': c => {
        const domain = enclosing(c.node, isDomain);
        if (!domain || domain.parents.length < 2) return [];
        const edits = new EditBuilder(c.document);
        const first = edits.rangeOf(domain, 'parents', 0);
        const last = edits.rangeOf(domain, 'parents', domain.parents.length - 1);
        if (!first || !last) return [];
        edits.replace({ start: first.end, end: last.end }, '');
        return [{ title: `Keep only the first parent ${domain.parents[0].$refText}`, edits }];
    },
    'R-ROOT-CPU': c => {
        const domain = enclosing(c.node, isDomain);
        const target = str(c.data.chainTo);
        if (!domain || !target) return [];
        const edits = new EditBuilder(c.document);
        const kind = edits.rangeOf(domain, 'kind');
        if (!kind) return [];
        edits.insert(kind.end, ` chained-to ${target} cause ${c.data.cause ?? 9}`);
        return [{ title: `Chain ${domain.name} to ${target} (cause ${c.data.cause ?? 9})`, edits }];
    },
    'R-LEAF-DEVICE': reparentTo,
    'R-DEVDOM-PARENT': reparentToCandidates('an MSI parent'),
    'R-IMS-SIBLING': reparentTo,
    'R-MSIPARENT-CHAIN': c => {
        const mode = str(c.data.mode);
        const domain = enclosing(c.node, isDomain);
        return mode ? setCallback(c, domain, 'init_dev_msi_info', mode, 'ops') : [];
    },
    'R-BUS-TOKEN': c => {
        const domain = enclosing(c.node, isDomain);
        if (!domain?.busToken || c.data.dropToken !== true) return [];
        const edits = new EditBuilder(c.document);
        const keyword = edits.keywordRange(domain, 'bus-token');
        const value = edits.rangeOf(domain, 'busToken');
        if (!keyword || !value) return [];
        edits.deleteSpan(keyword.start, value.end);
        return [{ title: `Drop bus-token ${domain.busToken} (use the ${domain.kind} default)`, edits }];
    },
    'R-IR-UNIT': reparentTo,
    'R-DELEGATE-PARENT-ONLY': callbackTo('parent', 'Delegate %s to the parent level'),
    'R-DELEGATE-EXISTS': callbackTo('self', 'Implement %s at this level'),
    'R-LEAF-WRITE': setCallbackFromData('chip'),
    'R-LEAF-MASK': setCallbackFromData('chip'),
    'R-LEAF-NO-AFFINITY': setCallbackFromData('chip'),
    'R-SLOW-BUS': c => {
        const domain = enclosing(c.node, isDomain);
        const ops = strings(c.data.ops);
        if (!domain || ops.length === 0) return [];
        const edits = new EditBuilder(c.document);
        const name = domain.chips[0]?.name ?? 'IMS';
        edits.addToChip(domain, name, ops.map(op => `${op}: self`).join('  '));
        return [{ title: `Add ${ops.join(' and ')} to ${name}`, edits }];
    },
    'R-FLOW-ACK/EOI': c => flowTo(c, 'Use %s'),
    'R-ONE-FLOW-HANDLER': c => flowTo(c, 'Use %s, the handler the leaf installs'),
    'R-LEVEL-MSI': c => {
        const interrupt = enclosing(c.node, isInterrupt);
        const trigger = str(c.data.trigger);
        if (!interrupt || !trigger) return [];
        const edits = new EditBuilder(c.document).replaceProperty(interrupt, 'trigger', trigger);
        return [{ title: `Make ${interrupt.name} ${trigger}-triggered`, edits }];
    },
    'R-NMI-ROOT': c => {
        const chip = enclosing(c.node, isChip);
        if (!chip) return [];
        const index = chip.flags.findIndex(f => normalizeFlag('chip', f) === 'SUPPORTS_NMI');
        if (index < 0) return [];
        const edits = new EditBuilder(c.document);
        deleteListElement(edits, chip, 'flags', 'flags', index, chip.flags.length);
        return [{ title: `Remove SUPPORTS_NMI from ${chip.name}`, edits }];
    },
    'R-ONESHOT': c => {
        const interrupt = enclosing(c.node, isInterrupt);
        if (!interrupt) return [];
        return [{ title: `Request ${interrupt.name} with oneshot`, edits: new EditBuilder(c.document).append(interrupt, ' oneshot') }];
    },
    'R-MASK-PARENT': c => {
        const domain = enclosing(c.node, isDomain);
        const index = typeof c.data.index === 'number' ? c.data.index : -1;
        if (!domain || index < 0) return [];
        const edits = new EditBuilder(c.document);
        deleteListElement(edits, domain, 'msi-flags', 'msiFlags', index, domain.msiFlags.length);
        return [{ title: `Remove PCI_MSI_MASK_PARENT from ${domain.name}`, edits }];
    },
    'R-PCI-MSI-SIZE': raiseSize,
    'R-IMS-SLOTS': raiseSize,
    'R-HWIRQ-UNIQUE': c => {
        if (typeof c.data.index === 'number') {
            const interrupt = enclosing(c.node, isInterrupt);
            if (!interrupt) return [];
            return [{ title: `Move ${interrupt.name} to index ${c.data.index}`, edits: new EditBuilder(c.document).replaceProperty(interrupt, 'index', String(c.data.index)) }];
        }
        return raiseSize(c);
    },
    'R-IR-APICID': reparentToCandidates('remapped messages carry no APIC ID'),
    'R-IR-MULTI': reparentToCandidates('remapping gives each vector its own IRTE'),
    'R-ISOLATION': reparentToCandidates('isolated MSI'),
    'R-IR-SELF': reparentTo,
    'R-NO-PLATFORM-MSI': convertPerDevice,
    'R-NO-GLOBAL-PCIMSI': convertPerDevice,
    'R-IMS-PER-DEVICE': convertPerDevice,
    'R-MSIDESC-NO-DRIVERDATA': c => {
        const domain = enclosing(c.node, isDomain);
        if (!domain || domain.descData.length === 0) return [];
        const edits = new EditBuilder(c.document);
        const start = edits.keywordRange(domain, 'desc-data');
        const end = edits.rangeOf(domain, 'descData', domain.descData.length - 1);
        if (!start || !end) return [];
        edits.replace({ start: start.start, end: end.end }, 'desc-data dcookie icookie');
        return [{ title: 'Carry per-interrupt data in the dcookie and icookie only', edits }];
    },
    'R-SLOT-IN-DOMAIN': c => {
        const domain = enclosing(c.node, isDomain);
        if (!domain) return [];
        return [{ title: `Let ${domain.name} allocate its slots`, edits: new EditBuilder(c.document).replaceProperty(domain, 'slotAlloc', 'domain') }];
    },
    'R-NO-PLATFORM-CALLBACKS': callbackTo('self', "Implement %s in the domain's own chip"),
    'R-LEGACY-MAPS': c => {
        const domain = enclosing(c.node, isDomain);
        const index = domain?.flags.findIndex(f => normalizeFlag('domain', f) === 'NO_MAP') ?? -1;
        if (!domain || index < 0) return [];
        const edits = new EditBuilder(c.document);
        deleteListElement(edits, domain, 'flags', 'flags', index, domain.flags.length);
        return [{ title: `Drop NO_MAP from ${domain.name}`, edits }];
    }
};

function flowTo(c: FixContext, title: string) {
    const interrupt = enclosing(c.node, isInterrupt);
    const flow = str(c.data.flow);
    if (!interrupt?.flow || !flow) return [];
    return [{ title: title.replace('%s', flow), edits: new EditBuilder(c.document).replaceProperty(interrupt, 'flow', flow) }];
}

/** The issue codes that have a quick fix. */
export const QUICK_FIX_CODES: readonly string[] = Object.keys(FIXES);

/** Code actions for .irq documents. */
export class IrqCodeActionProvider implements CodeActionProvider {
    constructor(private readonly services: LangiumServices) {}

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions: CodeAction[] = [];
        const root = document.parseResult.value;
        if (!isModel(root) || !root.$cstNode) return actions;
        for (const diagnostic of params.context.diagnostics) {
            const data = (diagnostic.data ?? {}) as Record<string, unknown>;
            const code = str(data.code) ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
            const builder = code ? FIXES[code] : undefined;
            if (!builder) continue;
            const offset = document.textDocument.offsetAt(diagnostic.range.start);
            const node = CstUtils.findLeafNodeAtOffset(root.$cstNode, offset)?.astNode;
            for (const fix of builder({ document, diagnostic, data, node, services: this.services })) {
                if (fix.edits.edits.length === 0) continue;
                actions.push({
                    title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred ?? true,
                    edit: { changes: { [document.textDocument.uri]: fix.edits.edits } }
                });
            }
        }
        return actions;
    }
}
