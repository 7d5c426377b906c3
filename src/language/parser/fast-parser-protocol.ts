// How the fast parser builds nodes: Langium's parser protocol (begin a rule, consume a token, call a subrule,
// construct, assign), re-done for error-free input so that the AST and CST come out exactly as Langium's.
import {
    AstUtils, CompositeCstNodeImpl, DefaultValueConverter, GrammarAST, GrammarUtils, LeafCstNodeImpl, RootCstNodeImpl,
    ValueConverter, type AstNode, type AstReflection, type CstNode, type LangiumCoreServices, type Linker
} from 'langium';
import { FastScanner, type HiddenToken, type TokenType } from './fast-scanner.js';
import { grammarElements, type FeatureElement, type RuleElements } from './grammar-elements.js';

/** The value of a datatype rule while it is being parsed (Langium's `DatatypeSymbol` node). */
const Datatype = Symbol('Datatype');

interface DatatypeNode {
    $type: typeof Datatype;
    value: string;
    $cstNode?: CstNode;
}

/** An AST node under construction. */
export type Node = Record<string, unknown> & { $type: string; $cstNode?: CstNode };

/** What a rule returns: a node, or a datatype rule's converted value. */
export type StackItem = Node | DatatypeNode;

/** How a grammar element is assigned, as Langium's parser finds it (`getAssignment`). */
interface AssignmentInfo {
    readonly operator?: string;
    readonly property?: string;
    readonly crossReference: boolean;
    readonly keyword: boolean;
    /** The value converter for this element's text (`ValueConverter.convert` with the rule looked up once). */
    readonly convert: (input: string, node: CstNode) => unknown;
}

/** The part of the language services the fast parser needs, and what it derives from the grammar once. */
export interface FastParserContext {
    readonly rules: Map<string, RuleElements>;
    readonly tokenTypes: Record<string, TokenType>;
    readonly keywords: ReadonlySet<string>;
    readonly converter: ValueConverter;
    readonly linker: Linker;
    readonly reflection: AstReflection;
    readonly assignments: Map<FeatureElement, AssignmentInfo>;
    /** The properties with a default (`[]`, `false`) of each node type, as `assignMandatoryProperties` sets them. */
    readonly defaults: Map<string, Array<[string, unknown]>>;
    /** Keywords each parser rule contains, by rule name (the alternatives of a datatype rule). */
    readonly ruleKeywords: Map<string, ReadonlySet<string>>;
}

/** Builds the context for a language's services (once per parser). */
export function createFastParserContext(services: LangiumCoreServices): FastParserContext {
    const rules = grammarElements(services.Grammar);
    const tokenTypes = (services.parser.Lexer as unknown as { definition: Record<string, TokenType> }).definition;
    const keywords = new Set<string>();
    for (const node of AstUtils.streamAllContents(services.Grammar)) if (GrammarAST.isKeyword(node)) keywords.add(node.value);
    const ruleKeywords = new Map<string, ReadonlySet<string>>();
    for (const rule of services.Grammar.rules) {
        if (!GrammarAST.isParserRule(rule)) continue;
        const values = new Set<string>();
        for (const node of AstUtils.streamAllContents(rule)) if (GrammarAST.isKeyword(node)) values.add(node.value);
        ruleKeywords.set(rule.name, values);
    }
    return {
        rules, tokenTypes, keywords, ruleKeywords,
        converter: services.parser.ValueConverter,
        linker: services.references.Linker,
        reflection: services.shared.AstReflection,
        assignments: new Map(),
        defaults: new Map()
    };
}

/** Thrown when the text is not something the fast parser reads exactly like Langium; the caller falls back. */
export class ParseBailout extends Error {}

/**
 * The node-building half of the fast parser. The CST children of the open rules live in one scratch array (each
 * open composite owns the segment from its start index on), so a composite's `content` is allocated once, at its
 * exact size. Container links (`$container`, ...) are set when a node is assigned, which is when Langium's final
 * `linkContentToContainer` pass would add them: after every other property of the child.
 */
export abstract class FastParserProtocol {
    protected readonly scanner: FastScanner;
    protected readonly root: RootCstNodeImpl;
    private readonly stack: StackItem[] = [];
    /** The open composites, root first, and where each one's children start in `children`. */
    private readonly open: CompositeCstNodeImpl[];
    private readonly starts: number[] = [0];
    private readonly children: CstNode[] = [];

    constructor(protected readonly context: FastParserContext, text: string) {
        this.scanner = new FastScanner(text, context.tokenTypes, context.keywords);
        this.root = new RootCstNodeImpl(text);
        this.open = [this.root];
    }

    protected rule(name: string): RuleElements {
        const rule = this.context.rules.get(name);
        if (!rule) throw new Error(`No rule ${name} in the grammar`);
        return rule;
    }

    protected at(kind: string): boolean {
        return this.scanner.kind === kind;
    }

    /** Starts a rule that makes a node of `$type` (Langium's `startImplementation`). */
    protected begin($type: string): void {
        this.stack.push({ $type });
    }

    /** Starts a datatype rule: its tokens' text is concatenated into a value. */
    protected beginDatatype(): void {
        this.stack.push({ $type: Datatype, value: '' });
    }

    protected keyword(R: RuleElements, value: string, occurrence = 0): void {
        this.terminal(R.keyword(value, occurrence), value);
    }

    /** Consumes the current token, which must be of `kind`, as `feature` (Langium's `consume`). */
    protected terminal(feature: FeatureElement, kind: string): void {
        const scanner = this.scanner;
        if (scanner.kind !== kind) throw new ParseBailout(`expected ${kind}, found ${scanner.kind}`);
        if (scanner.hidden.length > 0) this.addHiddenNodes(scanner.hidden);
        const leaf = new LeafCstNodeImpl(scanner.offset, scanner.end - scanner.offset, scanner.line, scanner.column,
            scanner.endLine, scanner.endColumn, scanner.tokenType, false);
        leaf.grammarSource = feature;
        leaf.container = this.open[this.open.length - 1];
        this.children.push(leaf);
        const info = this.assignmentOf(feature);
        const image = info.keyword ? kind : scanner.image();
        if (info.operator !== undefined) {
            this.assign(info, info.keyword ? image : info.convert(image, leaf), leaf);
        } else {
            const top = this.stack[this.stack.length - 1];
            if (top.$type === Datatype) {
                (top as DatatypeNode).value += info.keyword ? image : String(info.convert(image, leaf));
            }
        }
        scanner.next();
    }

    /** Calls a rule that builds a node of its own (Langium's `subrule` for a non-fragment rule). */
    protected subrule(feature: FeatureElement, rule: () => StackItem): void {
        const node = new CompositeCstNodeImpl();
        node.grammarSource = feature;
        node.container = this.open[this.open.length - 1];
        this.children.push(node);
        this.open.push(node);
        this.starts.push(this.children.length);
        const result = rule();
        const info = this.assignmentOf(feature);
        if (info.operator !== undefined) {
            this.assign(info, result, node);
        } else {
            const current = this.stack[this.stack.length - 1];
            if (current.$type === Datatype) {
                (current as DatatypeNode).value += String(result);
            } else if (typeof result === 'object' && result) {
                assignWithoutOverride(result as Node, current as Node);
                this.stack[this.stack.length - 1] = result;
            }
        }
    }

    /** Ends the current rule: its CST node gets its children, its AST node its defaults (Langium's `construct`). */
    protected construct(): StackItem {
        const item = this.stack.pop()!;
        const node = this.open.pop()!;
        const start = this.starts.pop()!;
        item.$cstNode = node;
        if (this.children.length > start) {
            node.content = this.children.slice(start);
            this.children.length = start;
        } else if (node !== this.root) {
            throw new ParseBailout('a rule consumed nothing');
        }
        if (item.$type === Datatype) {
            const feature = node.grammarSource as FeatureElement;
            return this.assignmentOf(feature).convert((item as DatatypeNode).value, node) as unknown as StackItem;
        }
        this.assignDefaults(item as Node);
        return item;
    }

    /**
     * Hands the comments before the next token to the tree where it is being built (Langium's
     * `CstNodeBuilder.addHiddenNodes`): into the innermost open node that has children, else before the open
     * node in the first ancestor where it is not the first child, else at the very start.
     */
    protected addHiddenNodes(tokens: readonly HiddenToken[]): void {
        if (tokens.length === 0) return;
        const nodes: CstNode[] = tokens.map(token => new LeafCstNodeImpl(token.offset, token.length, token.startLine, token.startColumn,
            token.endLine, token.endColumn, token.tokenType, true));
        const { open, starts, children } = this;
        if (open.length === 0) {
            // The root is complete: the trailing comments of the file.
            for (const node of nodes) (node as LeafCstNodeImpl).container = this.root;
            this.root.content.push(...nodes);
            return;
        }
        // Where they go: the innermost open node that has children; else, walking up, before the open node in the
        // first ancestor where that node is not the first child; else the very start of the file.
        let level = open.length - 1;
        let at = children.length;
        if (children.length === starts[level]) {
            at = starts[0];
            for (let child = open.length - 1; child > 0; child--) {
                const index = starts[child] - 1;
                if (index > starts[child - 1]) {
                    at = index;
                    break;
                }
            }
            level = 0;
            while (level + 1 < starts.length && starts[level + 1] <= at) level++;
        }
        for (const node of nodes) (node as LeafCstNodeImpl).container = open[level];
        children.splice(at, 0, ...nodes);
        for (let deeper = level + 1; deeper < starts.length; deeper++) starts[deeper] += nodes.length;
    }

    private assign(info: AssignmentInfo, value: unknown, cstNode: CstNode): void {
        const node = this.stack[this.stack.length - 1] as Node;
        const property = info.property!;
        const item = info.crossReference && typeof value === 'string'
            ? this.context.linker.buildReference(node as unknown as AstNode, property, cstNode, value)
            : value;
        const child = isNode(item) ? item : undefined;
        if (child?.$cstNode) (child.$cstNode as CompositeCstNodeImpl).astNode = child as unknown as AstNode;
        if (info.operator === '=') {
            const replaced = node[property];
            if (isNode(replaced) && replaced.$container === node) {
                // A single-valued property given twice: the first node is left out of the tree, unlinked.
                delete replaced.$container;
                delete replaced.$containerProperty;
            }
            node[property] = item;
            if (child) {
                child.$container = node;
                child.$containerProperty = property;
            }
        } else if (info.operator === '?=') {
            node[property] = true;
        } else {
            let list = node[property] as unknown[] | undefined;
            if (!Array.isArray(list)) node[property] = list = [];
            if (child) {
                child.$container = node;
                child.$containerProperty = property;
                child.$containerIndex = list.length;
            }
            list.push(item);
        }
    }

    /** Langium's `assignMandatoryProperties`, with each type's defaults looked up once. */
    private assignDefaults(node: Node): void {
        let defaults = this.context.defaults.get(node.$type);
        if (!defaults) {
            defaults = Object.values(this.context.reflection.getTypeMetaData(node.$type).properties)
                .filter(property => property.defaultValue !== undefined)
                .map(property => [property.name, property.defaultValue]);
            this.context.defaults.set(node.$type, defaults);
        }
        for (const [name, value] of defaults) {
            if (node[name] === undefined) node[name] = Array.isArray(value) ? copyDefault(value) : value;
        }
    }

    private assignmentOf(feature: FeatureElement): AssignmentInfo {
        let info = this.context.assignments.get(feature);
        if (!info) {
            const assignment = AstUtils.getContainerOfType(feature, GrammarAST.isAssignment);
            if (assignment && GrammarAST.isCrossReference(assignment.terminal) && assignment.terminal.isMulti) {
                throw new Error('Multi-references are not supported by the fast parser');
            }
            info = {
                operator: assignment?.operator,
                property: assignment?.feature,
                crossReference: !!assignment && GrammarAST.isCrossReference(assignment.terminal),
                keyword: GrammarAST.isKeyword(feature),
                convert: converterFor(this.context.converter, feature)
            };
            this.context.assignments.set(feature, info);
        }
        return info;
    }
}

/**
 * `converter.convert(input, node)` for text parsed by `feature`. With Langium's default converter, its choice of
 * conversion (by the rule's name and type) is made once here instead of on every token.
 */
function converterFor(converter: ValueConverter, feature: FeatureElement): (input: string, node: CstNode) => unknown {
    const standard = converter.convert === DefaultValueConverter.prototype.convert
        && (converter as DefaultValueConverter & { runConverter: unknown }).runConverter === (DefaultValueConverter.prototype as unknown as { runConverter: unknown }).runConverter;
    if (!standard) return (input, node) => converter.convert(input, node);
    const element = GrammarAST.isCrossReference(feature) ? GrammarUtils.getCrossReferenceTerminal(feature) : feature;
    if (!GrammarAST.isRuleCall(element)) return input => input;
    const rule = element.rule.ref;
    if (!rule) throw new Error('This cst node was not parsed by a rule.');
    switch (rule.name.toUpperCase()) {
        case 'INT': return input => ValueConverter.convertInt(input);
        case 'STRING': return input => ValueConverter.convertString(input);
        case 'ID': return input => ValueConverter.convertID(input);
    }
    switch (GrammarUtils.getRuleType(rule)?.toLowerCase()) {
        case 'number': return input => ValueConverter.convertNumber(input);
        case 'boolean': return input => ValueConverter.convertBoolean(input);
        case 'bigint': return input => ValueConverter.convertBigint(input);
        case 'date': return input => ValueConverter.convertDate(input);
        default: return input => input;
    }
}

/** Langium's `assignWithoutOverride`: an unassigned rule call's node takes over the calling rule's node. */
function assignWithoutOverride(target: Node, source: Node): void {
    for (const [name, existing] of Object.entries(source)) {
        const value = target[name];
        if (value === undefined) target[name] = existing;
        else if (Array.isArray(value) && Array.isArray(existing)) {
            existing.push(...value);
            target[name] = existing;
        }
    }
    target.$cstNode = undefined;
}

function copyDefault(value: unknown[]): unknown[] {
    return value.map(item => (Array.isArray(item) ? copyDefault(item) : item));
}

function isNode(value: unknown): value is Node {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}
