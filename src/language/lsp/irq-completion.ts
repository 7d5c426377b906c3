// Completion for .irq documents: keywords, names of domains/devices/interrupts, kinds, callbacks, flags, bus tokens
// and flow handlers, each item with a short detail and documentation from the kernel descriptions.
import {
    AstUtils, CstUtils, GrammarAST, type AstNode, type AstNodeDescription, type LangiumDocument, type MaybePromise, type ReferenceInfo
} from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type LangiumServices,
    type NextFeature
} from 'langium/lsp';
import { CompletionItemKind, type Position } from 'vscode-languageserver';
import {
    isCallback, isChip, isDevice, isDomain, isDomainOps, isInterrupt, isScenario, isTopology, type Chip, type DomainOps
} from '../generated/ast.js';
import {
    callbackModeDescriptions, chipCallbackDescriptions, domainKindDescriptions, domainOpDescriptions, expectationDescriptions,
    flowHandlerDescriptions, indexKindDescriptions, irqStateDescriptions, keywordDescriptions, stepDescriptions, triggerDescriptions,
    type KernelDescription
} from '../../kernel/descriptions.js';
import { busTokens, chipFlags, describe, domainFlags, lookup, msiFlags, type FlagTable } from './kernel-docs.js';
import { deviceDetail, domainDetail, elementSummary, interruptDetail, scenarioDetail, topologyDetail } from './irq-element-info.js';

/** Data type rules whose keywords are values with a kernel meaning, and where their texts come from. */
const valueRules: Readonly<Record<string, { what: string; kind: CompletionItemKind; table: Readonly<Record<string, KernelDescription>> }>> = {
    DomainKind: { what: 'domain kind', kind: CompletionItemKind.Class, table: domainKindDescriptions },
    CallbackMode: { what: 'callback mode', kind: CompletionItemKind.EnumMember, table: callbackModeDescriptions },
    Trigger: { what: 'trigger type', kind: CompletionItemKind.EnumMember, table: triggerDescriptions },
    IrqAction: { what: 'scenario step', kind: CompletionItemKind.Keyword, table: stepDescriptions },
    IrqState: { what: 'interrupt state', kind: CompletionItemKind.EnumMember, table: irqStateDescriptions },
    IndexKind: { what: 'index in the domain', kind: CompletionItemKind.Keyword, table: indexKindDescriptions }
};

/** Rules whose keywords only exist so that names may look like keywords; never proposed. */
const nameRules = new Set(['Name', 'QualifiedName']);

/** Completion for .irq documents. */
export class IrqCompletionProvider extends DefaultCompletionProvider {
    /** Keywords that cannot be written as a callback name (the grammar would read them as something else). */
    private readonly reservedForCallbacks: Set<string>;

    constructor(services: LangiumServices) {
        super(services);
        const keywords = AstUtils.streamAllContents(services.Grammar).filter(GrammarAST.isKeyword).toArray();
        const allowed = new Set(keywords.filter(k => ruleOf(k) === 'CallbackName').map(k => k.value));
        this.reservedForCallbacks = new Set(keywords.map(k => k.value).filter(k => !allowed.has(k)));
    }

    /**
     * Adds a context starting at a partly typed qualified name (`nic0.`), which error recovery does not always
     * keep as one data type node (e.g. after `expect`, where several statements begin alike).
     */
    protected override *buildContexts(document: LangiumDocument, position: Position): IterableIterator<CompletionContext> {
        const textDocument = document.textDocument;
        const offset = textDocument.offsetAt(position);
        const before = textDocument.getText().slice(Math.max(0, offset - 256), offset);
        const qualified = /(?:^|[^\w.-])((?:[A-Za-z_][\w-]*\.)+[\w-]*)$/.exec(before);
        const root = document.parseResult?.value?.$cstNode;
        if (qualified && root) {
            const start = offset - qualified[1].length;
            yield {
                document, textDocument, offset, position, tokenOffset: start, tokenEndOffset: offset,
                node: CstUtils.findLeafNodeBeforeOffset(root, start)?.astNode,
                features: this.findFeaturesAt(textDocument, start)
            };
        }
        yield* super.buildContexts(document, position);
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const feature = next.feature;
        const rule = ruleOf(feature);
        if (GrammarAST.isKeyword(feature)) {
            if (rule && nameRules.has(rule)) return;
            if (rule === 'CallbackName') return this.completeCallbackNames(context, acceptor);
            return this.completeKeyword(context, feature, rule, acceptor);
        }
        if (GrammarAST.isRuleCall(feature) && GrammarAST.isTerminalRule(feature.rule.ref) && feature.rule.ref.name === 'ID') {
            return this.completeValue(context, next.property, rule, acceptor);
        }
        return super.completionFor(context, next, acceptor);
    }

    private completeKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, rule: string | undefined, acceptor: CompletionAcceptor): void {
        if (!this.filterKeyword(context, keyword)) return;
        const value = valueRules[rule ?? ''];
        const description = value ? lookup(value.table, keyword.value) : keywordDescription(keyword.value);
        acceptor(context, {
            label: keyword.value,
            kind: value?.kind ?? CompletionItemKind.Keyword,
            detail: description?.summary ?? 'Keyword',
            documentation: description ? markdown(describe(keyword.value, value?.what ?? 'keyword', description)) : undefined,
            sortText: value ? '0' : '1'
        });
    }

    /** Values that are names in the grammar but come from the kernel's lists. */
    private completeValue(context: CompletionContext, property: string | undefined, rule: string | undefined, acceptor: CompletionAcceptor): void {
        if (rule === 'CallbackName') {
            this.completeCallbackNames(context, acceptor);
            return;
        }
        switch (property) {
            case 'flags':
                this.completeFlags(context, inChip(context.node) ? chipFlags : domainFlags, property, acceptor);
                return;
            case 'msiFlags':
            case 'supports':
            case 'requires':
                this.completeFlags(context, msiFlags, property, acceptor);
                return;
            case 'busToken':
            case 'accepts':
                this.completeFlags(context, busTokens, property, acceptor);
                return;
            case 'flow':
                for (const [name, description] of Object.entries(flowHandlerDescriptions)) {
                    acceptor(context, item(name, 'flow handler', description, CompletionItemKind.Function));
                }
                return;
            default:
                return;
        }
    }

    private completeFlags(context: CompletionContext, table: FlagTable, property: string, acceptor: CompletionAcceptor): void {
        const present = new Set(presentValues(context.node, property).map(v => stripPrefix(v, table)));
        for (const [name, description] of Object.entries(table.entries)) {
            if (present.has(name)) continue;
            acceptor(context, item(name, table.title, description, CompletionItemKind.EnumMember));
        }
    }

    /** Chip callbacks inside a chip, domain operations inside `ops`, without the ones already listed. */
    private completeCallbackNames(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const owner = callbackOwner(context.node);
        const inOps = isDomainOps(owner);
        const table = inOps ? domainOpDescriptions : chipCallbackDescriptions;
        const current = isCallback(context.node) && this.isEditingName(context, context.node) ? context.node : undefined;
        const present = new Set((owner?.callbacks ?? []).filter(c => c !== current).map(c => c.name));
        for (const [name, description] of Object.entries(table)) {
            if (present.has(name) || this.reservedForCallbacks.has(name)) continue;
            const candidate = item(name, inOps ? 'domain operation' : 'irq chip callback', description, CompletionItemKind.Method);
            acceptor(context, candidate);
        }
    }

    /** True when the completion replaces the name of `node` rather than starting a new member after it. */
    private isEditingName(context: CompletionContext, node: AstNode): boolean {
        const nameNode = this.nameProvider.getNameNode(node);
        return nameNode !== undefined && context.tokenOffset >= nameNode.offset && context.tokenOffset <= nameNode.end;
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const base = super.createReferenceCompletionItem(description, refInfo, context);
        const node = description.node;
        const detail = node ? referenceDetail(node) : undefined;
        const summary = node ? elementSummary(node) : [];
        const doc = typeof base.documentation === 'object' ? base.documentation.value : undefined;
        const text = [doc, summary.join('  \n')].filter(Boolean).join('\n\n---\n\n');
        return {
            ...base, kind: node ? referenceKind(node) : base.kind, detail: detail ?? base.detail,
            documentation: text ? markdown(text) : base.documentation
        };
    }
}

function item(label: string, what: string, description: KernelDescription, kind: CompletionItemKind): CompletionValueItem {
    return { label, kind, detail: description.summary, documentation: markdown(describe(label, what, description)), sortText: '0' };
}

function markdown(value: string): { kind: 'markdown'; value: string } {
    return { kind: 'markdown', value };
}

function keywordDescription(keyword: string): KernelDescription | undefined {
    return lookup(keywordDescriptions, keyword) ?? lookup(stepDescriptions, keyword) ?? lookup(expectationDescriptions, keyword);
}

function ruleOf(element: AstNode): string | undefined {
    return AstUtils.getContainerOfType(element, GrammarAST.isAbstractRule)?.name;
}

function inChip(node: AstNode | undefined): boolean {
    return AstUtils.getContainerOfType(node, isChip) !== undefined;
}

function callbackOwner(node: AstNode | undefined): Chip | DomainOps | undefined {
    return AstUtils.getContainerOfType(node, (n): n is Chip | DomainOps => isChip(n) || isDomainOps(n));
}

/** Values already written for a list property (`flags`, `accepts`, ...) of the chip or domain being completed. */
function presentValues(node: AstNode | undefined, property: string): string[] {
    const chip = AstUtils.getContainerOfType(node, isChip);
    const owner: AstNode | undefined = property === 'flags' && chip ? chip : AstUtils.getContainerOfType(node, isDomain);
    const values = owner ? (owner as unknown as Record<string, unknown>)[property] : undefined;
    return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

function stripPrefix(name: string, table: FlagTable): string {
    const prefix = table.prefixes.find(p => name.startsWith(p));
    return prefix ? name.slice(prefix.length) : name;
}

function referenceKind(node: AstNode): CompletionItemKind {
    if (isDomain(node)) return CompletionItemKind.Class;
    if (isInterrupt(node)) return CompletionItemKind.Field;
    if (isDevice(node)) return CompletionItemKind.Variable;
    if (isTopology(node)) return CompletionItemKind.Module;
    return CompletionItemKind.Reference;
}

function referenceDetail(node: AstNode): string | undefined {
    if (isDomain(node)) return domainDetail(node);
    if (isInterrupt(node)) return interruptDetail(node);
    if (isDevice(node)) return deviceDetail(node);
    if (isTopology(node)) return topologyDetail(node) || 'topology';
    if (isScenario(node)) return scenarioDetail(node);
    return undefined;
}
