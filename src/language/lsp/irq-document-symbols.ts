// Document symbols (outline) for .irq documents: each topology shows its domains as the hierarchy tree
// (VECTOR ▸ INTEL-IR-0 ▸ device domains) with their chips, then its devices with their domains and interrupts;
// scenarios list their steps.
import type { AstNode, CstNode, LangiumDocument, MaybePromise } from 'langium';
import type { DocumentSymbolProvider, LangiumServices } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import {
    isExpect, isExtension, isScenario, isTopology, type Chip, type Device, type Domain, type DomainOps, type Extension,
    type Interrupt, type Model, type Scenario, type Step, type Topology
} from '../generated/ast.js';
import { deviceDetail, domainKernelName, interruptDetail, scenarioDetail, topologyDetail } from './irq-element-info.js';
import { visibleLeaves } from './irq-cst-context.js';
import { joinTokens } from './irq-token-spacing.js';

/** Outline of .irq documents. */
export class IrqDocumentSymbolProvider implements DocumentSymbolProvider {
    constructor(_services: LangiumServices) {}

    getSymbols(document: LangiumDocument, _params: DocumentSymbolParams): MaybePromise<DocumentSymbol[]> {
        const model = document.parseResult?.value as Model | undefined;
        if (!model) return [];
        const symbols: DocumentSymbol[] = [];
        for (const imp of model.imports ?? []) {
            const symbol = create(imp, `import ${JSON.stringify(imp.path ?? '')}`, SymbolKind.File, undefined, imp.$cstNode);
            if (symbol) symbols.push(symbol);
        }
        for (const element of model.elements ?? []) {
            const symbol = isTopology(element) || isExtension(element) ? containerSymbol(element)
                : isScenario(element) ? scenarioSymbol(element) : undefined;
            if (symbol) symbols.push(symbol);
        }
        return symbols;
    }
}

/** A topology or an extension: its domain forest, then its devices. */
function containerSymbol(container: Topology | Extension): DocumentSymbol | undefined {
    const declared = [...container.domains, ...container.devices.flatMap(d => d.domains)];
    const local = new Set(declared);
    const localParent = (domain: Domain) => {
        const parent = domain.parents[0]?.ref;
        return parent && parent !== domain && local.has(parent) ? parent : undefined;
    };
    const childrenOf = new Map<Domain, Domain[]>();
    for (const domain of declared) {
        const parent = localParent(domain);
        if (!parent) continue;
        const siblings = childrenOf.get(parent);
        if (siblings) siblings.push(domain);
        else childrenOf.set(parent, [domain]);
    }
    const placed = new Set<Domain>();
    const tree = (domain: Domain): DocumentSymbol | undefined => {
        if (placed.has(domain)) return undefined;
        placed.add(domain);
        const nested = (childrenOf.get(domain) ?? []).map(tree).filter((s): s is DocumentSymbol => s !== undefined);
        return domainSymbol(domain, nested);
    };
    const children: DocumentSymbol[] = [];
    // Roots of this file's forest first; domains on a parent cycle have no root and are placed after them.
    for (const domain of [...declared.filter(d => !localParent(d)), ...declared]) {
        const symbol = tree(domain);
        if (symbol) children.push(symbol);
    }
    for (const device of container.devices) {
        const symbol = deviceSymbol(device);
        if (symbol) children.push(symbol);
    }
    if (isTopology(container)) {
        return create(container, container.name, SymbolKind.Namespace, topologyDetail(container) || undefined, nameNode(container), children);
    }
    const name = `extend ${container.topology?.$refText ?? '?'}`;
    return create(container, name, SymbolKind.Namespace, 'extension', container.$cstNode, children);
}

function domainSymbol(domain: Domain, nested: DocumentSymbol[]): DocumentSymbol | undefined {
    const own: DocumentSymbol[] = [];
    for (const chip of domain.chips) {
        const symbol = chipSymbol(chip);
        if (symbol) own.push(symbol);
    }
    if (domain.ops) {
        const symbol = opsSymbol(domain.ops);
        if (symbol) own.push(symbol);
    }
    const parts = [domain.kind, domainKernelName(domain)];
    const parentName = domain.parents[0]?.$refText;
    if (parentName) parts.push(`parent ${parentName}`);
    return create(domain, domain.name, SymbolKind.Class, parts.filter(Boolean).join(' · '), nameNode(domain), [...own, ...nested]);
}

function chipSymbol(chip: Chip): DocumentSymbol | undefined {
    const callbacks = chip.callbacks.map(c => create(c, c.name, SymbolKind.Method, c.mode ?? c.target?.$refText, c.$cstNode))
        .filter((s): s is DocumentSymbol => s !== undefined);
    const detail = chip.flags.length > 0 ? `irq_chip · ${chip.flags.join(' ')}` : 'irq_chip';
    return create(chip, `chip ${chip.name}`, SymbolKind.Struct, detail, nameNode(chip), callbacks);
}

function opsSymbol(ops: DomainOps): DocumentSymbol | undefined {
    const callbacks = ops.callbacks.map(c => create(c, c.name, SymbolKind.Method, c.mode ?? c.target?.$refText, c.$cstNode))
        .filter((s): s is DocumentSymbol => s !== undefined);
    return create(ops, 'ops', SymbolKind.Interface, 'irq_domain_ops', ops.$cstNode, callbacks);
}

function deviceSymbol(device: Device): DocumentSymbol | undefined {
    const children: DocumentSymbol[] = [];
    for (const domain of device.domains) {
        const symbol = domainSymbol(domain, []);
        if (symbol) children.push(symbol);
    }
    for (const irq of device.irqs) {
        const symbol = interruptSymbol(irq);
        if (symbol) children.push(symbol);
    }
    return create(device, device.name, SymbolKind.Object, deviceDetail(device), nameNode(device), children);
}

function interruptSymbol(irq: Interrupt): DocumentSymbol | undefined {
    const name = irq.count !== undefined ? `${irq.name}[${irq.count}]` : irq.name;
    return create(irq, name, irq.count !== undefined ? SymbolKind.Array : SymbolKind.Field, interruptDetail(irq), nameNode(irq));
}

function scenarioSymbol(scenario: Scenario): DocumentSymbol | undefined {
    const steps = scenario.steps.map(stepSymbol).filter((s): s is DocumentSymbol => s !== undefined);
    return create(scenario, scenario.name, SymbolKind.Function, scenarioDetail(scenario), nameNode(scenario), steps);
}

function stepSymbol(step: Step): DocumentSymbol | undefined {
    const text = joinTokens(visibleLeaves(step.$cstNode).map(l => l.text));
    return create(step, text, isExpect(step) ? SymbolKind.Boolean : SymbolKind.Event, undefined, step.$cstNode);
}

/** The first visible leaf of the node's own text that reads its name, else the node's whole CST node. */
function nameNode(node: AstNode & { name?: string }): CstNode | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    // Depth first, stopping at the first match: the name is near the start, and a device holds a hundred leaves.
    const stack: CstNode[] = [cst];
    while (stack.length > 0) {
        const current = stack.pop()!;
        const content = (current as { content?: CstNode[] }).content;
        if (content) {
            for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]);
        } else if (!current.hidden && current.text === node.name && current.astNode === node) {
            return current;
        }
    }
    return cst;
}

/** A symbol for `node`, or undefined when the node has no text (error recovery) or no name. */
function create(node: AstNode, name: string | undefined, kind: SymbolKind, detail: string | undefined, selection: CstNode | undefined,
    children: DocumentSymbol[] = []): DocumentSymbol | undefined {
    const cst = node.$cstNode;
    if (!cst || !name) return undefined;
    const selectionRange = selection && selection.offset >= cst.offset && selection.end <= cst.end ? selection.range : cst.range;
    return { name, kind, detail, range: cst.range, selectionRange, children: children.length > 0 ? children : undefined };
}
