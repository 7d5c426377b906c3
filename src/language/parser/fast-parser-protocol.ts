// How the fast parser builds nodes: Langium's parser protocol (begin a rule, consume a token, call a subrule,
// construct, assign), re-done for error-free input so that the AST and CST come out exactly as Langium's.
import {
    AstUtils, CompositeCstNodeImpl, DefaultValueConverter, GrammarAST, GrammarUtils, LeafCstNodeImpl, RootCstNodeImpl,
    ValueConverter, type AstNode, type AstReflection, type CstNode, type LangiumCoreServices, type Linker
} from 'langium';
import { FastScanner, type HiddenToken, type TokenType } from './fast-scanner.js';
import { NodeLayouts } from './node-layout.js';
import { grammarElements, type FeatureElement, type RuleElements } from './grammar-elements.js';
import { LazyUnitCstNode, pendingNodePrototype, pendingReferenceMaker, type PendingReferenceMaker, type PendingUnit } from './lazy-cst.js';

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

/** A datatype rule read as one token: the keywords it takes, and the conversion of an `ID` when it takes one. */
interface DatatypeRuleInfo {
    readonly keywords: ReadonlySet<string>;
    readonly convertId?: (input: string, node: CstNode) => unknown;
}

/** The part of the language services the fast parser needs, and what it derives from the grammar once. */
export interface FastParserContext {
    readonly rules: Map<string, RuleElements>;
    readonly tokenTypes: Record<string, TokenType>;
    readonly keywords: ReadonlySet<string>;
    readonly converter: ValueConverter;
    readonly linker: Linker;
    /** The linker's references, made pending in a unit read without its CST. */
    readonly pendingReference: PendingReferenceMaker;
    readonly reflection: AstReflection;
    readonly assignments: Map<FeatureElement, AssignmentInfo>;
    /** The properties with a default (`[]`, `false`) of each node type, as `assignMandatoryProperties` sets them. */
    readonly defaults: Map<string, Array<[string, unknown]>>;
    /** Keywords each parser rule contains, by rule name (the alternatives of a datatype rule). */
    readonly ruleKeywords: Map<string, ReadonlySet<string>>;
    /** Datatype rules as `lazyDatatype` reads them, by rule name (filled on first use). */
    readonly datatypeRules: Map<string, DatatypeRuleInfo>;
    /** Whether the value converter is Langium's own, which converts without looking at CST nodes. */
    readonly standardConverter: boolean;
    /** Makes the nodes, with room for their fields in the object. */
    readonly layouts: NodeLayouts;
}

/** Builds the context for a language's services (once per parser). */
export function createFastParserContext(services: LangiumCoreServices): FastParserContext {
    const rules = grammarElements(services.Grammar);
    const tokenTypes = tokenTypesOf(services);
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
        standardConverter: isStandardConverter(services.parser.ValueConverter),
        linker: services.references.Linker,
        pendingReference: pendingReferenceMaker(services.references.Linker),
        reflection: services.shared.AstReflection,
        layouts: new NodeLayouts(services.shared.AstReflection),
        assignments: new Map(),
        defaults: new Map(),
        datatypeRules: new Map()
    };
}

/**
 * The language's token types by name, as Langium's lexer defines them (`Lexer.definition`), made by the token
 * builder directly: making the lexer itself (a Chevrotain lexer, which analyses every pattern) is left to the
 * first text the fast parser does not take. Leaves carry them for their `tokenType.name`.
 */
function tokenTypesOf(services: LangiumCoreServices): Record<string, TokenType> {
    const built = services.parser.TokenBuilder.buildTokens(services.Grammar, { caseInsensitive: services.LanguageMetaData.caseInsensitive });
    const list = Array.isArray(built) ? built : 'modes' in built ? Object.values(built.modes).flat() : Object.values(built);
    const byName: Record<string, TokenType> = {};
    for (const tokenType of list) byName[tokenType.name] = tokenType as unknown as TokenType;
    return byName;
}

/** Thrown when the text is not something the fast parser reads exactly like Langium; the caller falls back. */
export class ParseBailout extends Error {}

/** A device or domain being read without its CST: its record, and how deep in its rules the parser is. */
interface LazyReading {
    readonly cst: LazyUnitCstNode;
    readonly pending: PendingUnit;
    started: boolean;
    depth: number;
}

/** A pending unit whose CST is being built: the next recorded node and reference to take. */
interface Attaching {
    readonly pending: PendingUnit;
    node: number;
    ref: number;
}

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
    /** Set while a device or domain is read without its CST (see `unit`). */
    private lazy: LazyReading | undefined;
    /** Set while the CST of a pending unit is built onto its recorded nodes (see `attachUnit`). */
    private attaching: Attaching | undefined;

    /**
     * `unitBuilder`, when given, makes the parser read the devices and domains of topologies and extensions without
     * their CST, which `unitBuilder` builds when it is first read (see lazy-cst.ts). `keepNames`: see `FastScanner`.
     */
    constructor(protected readonly context: FastParserContext, text: string,
        private readonly unitBuilder?: (unit: LazyUnitCstNode, pending: PendingUnit) => void, keepNames = true) {
        this.scanner = new FastScanner(text, context.tokenTypes, context.keywords, keepNames);
        this.root = new RootCstNodeImpl(text);
        this.open = [this.root];
    }

    /** Reads a device or domain with the rule `read`; lazily (AST and references only) when this parser does that. */
    protected unit(feature: FeatureElement, rule: PendingUnit['rule'], read: (this: this) => StackItem): void {
        if (!this.unitBuilder || this.lazy || this.attaching || !this.context.standardConverter) {
            this.subrule(feature, read);
            return;
        }
        const cst = new LazyUnitCstNode();
        cst.grammarSource = feature;
        cst.container = this.open[this.open.length - 1];
        const pending: PendingUnit = {
            offset: 0, line: 0, column: 0, end: 0, endLine: 0, endColumn: 0,
            rule, nodes: [], refs: [], mayRepeatMembers: false, build: this.unitBuilder
        };
        cst.pending = pending;
        this.children.push(cst);
        this.open.push(cst);
        this.starts.push(this.children.length);
        const reading: LazyReading = { cst, pending, started: false, depth: 0 };
        this.lazy = reading;
        let result: StackItem;
        try {
            result = read.call(this);
        } finally {
            this.lazy = undefined;
        }
        if (!reading.started) throw new ParseBailout('a unit consumed nothing');
        // Kept as long as the unit: at their exact size (a list grown by push has room for about 16 more).
        pending.nodes = pending.nodes.slice();
        if (pending.refs.length > 0) pending.refs = pending.refs.slice();
        this.afterSubrule(feature, result, cst);
    }

    /**
     * Builds the CST of a pending unit: reads its text again with `read` (the rule it was read with), making leaves
     * and composites as an eager read would, and hands them to the recorded AST nodes and references in order.
     */
    protected attachUnit(cst: LazyUnitCstNode, pending: PendingUnit, read: () => StackItem): void {
        this.scanner.seek(pending.offset, pending.line, pending.column);
        this.open.length = 0;
        this.open.push(cst);
        this.starts.length = 0;
        this.starts.push(0);
        const attaching: Attaching = { pending, node: 0, ref: 0 };
        this.attaching = attaching;
        try {
            read();
        } finally {
            this.attaching = undefined;
        }
        if (attaching.node !== pending.nodes.length || attaching.ref !== pending.refs.length || this.lastEnd !== pending.end) {
            throw new Error(`The syntax tree of the ${pending.rule.toLowerCase()} at line ${pending.line + 1} could not be built again from its text.`);
        }
    }

    /** The end offset of the last token consumed. */
    private lastEnd = 0;

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
        const attaching = this.attaching;
        if (attaching) {
            const node = attaching.pending.nodes[attaching.node++] as unknown as Node | undefined;
            if (node?.$type !== $type) throw new Error(`Rebuilding a syntax tree: expected a ${$type}, found ${node?.$type}`);
            this.stack.push(node);
            return;
        }
        const lazy = this.lazy;
        if (lazy) {
            // The unit's own node is a plain node (its `$cstNode` is the unit's CST node); those inside it are pending.
            const node: Node = this.context.layouts.make($type, lazy.depth === 0 ? Object.prototype : pendingNodePrototype);
            lazy.pending.nodes.push(node as unknown as AstNode);
            this.stack.push(node);
            return;
        }
        this.stack.push(this.context.layouts.make($type, Object.prototype));
    }

    /** Starts a datatype rule: its tokens' text is concatenated into a value. */
    protected beginDatatype(): void {
        this.stack.push({ $type: Datatype, value: '' });
    }

    /** Consumes a keyword no property takes; inside a unit read without its CST, only the unit's span moves. */
    protected keyword(R: RuleElements, value: string, occurrence = 0): void {
        const lazy = this.lazy;
        if (lazy !== undefined && this.stack[this.stack.length - 1].$type !== Datatype) {
            if (this.scanner.kind !== value) throw new ParseBailout(`expected ${value}, found ${this.scanner.kind}`);
            this.passLazy(lazy);
            return;
        }
        this.terminal(R.keyword(value, occurrence), value);
    }

    /**
     * Inside a unit read without its CST, reads a one-token datatype rule (`Name`, `CallbackName`, a kind, ...: an
     * `ID` or one of the rule's keywords) and assigns its converted value as `feature`, with no datatype node on
     * the stack; returns false outside such a unit, where the rule is called as usual.
     */
    protected lazyDatatype(feature: FeatureElement, ruleName: string): boolean {
        const lazy = this.lazy;
        if (lazy === undefined) return false;
        const rule = this.datatypeRule(ruleName);
        const scanner = this.scanner;
        const kind = scanner.kind;
        let value: string;
        if (kind === 'ID' && rule.convertId !== undefined) value = String(rule.convertId(scanner.image(), undefined as unknown as CstNode));
        else if (rule.keywords.has(kind)) value = kind;
        else throw new ParseBailout(`${kind} is no ${ruleName}`);
        this.passLazy(lazy);
        this.afterSubrule(feature, this.assignmentOf(feature).convert(value, undefined as unknown as CstNode) as StackItem, undefined);
        return true;
    }

    /** What `lazyDatatype` needs of a datatype rule, found once per rule. */
    private datatypeRule(ruleName: string): DatatypeRuleInfo {
        let info = this.context.datatypeRules.get(ruleName);
        if (!info) {
            const R = this.rule(ruleName);
            info = {
                keywords: this.context.ruleKeywords.get(ruleName) ?? new Set(),
                convertId: R.callsRule('ID') ? this.assignmentOf(R.call('ID')).convert : undefined
            };
            this.context.datatypeRules.set(ruleName, info);
        }
        return info;
    }

    /** Consumes the current token, which must be of `kind`, as `feature` (Langium's `consume`). */
    protected terminal(feature: FeatureElement, kind: string): void {
        const scanner = this.scanner;
        if (scanner.kind !== kind) throw new ParseBailout(`expected ${kind}, found ${scanner.kind}`);
        this.lastEnd = scanner.end;
        if (this.lazy) {
            this.lazyTerminal(this.lazy, feature, kind);
            return;
        }
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

    /** `terminal` inside a unit read without its CST: the same values and references, no leaf. */
    private lazyTerminal(lazy: LazyReading, feature: FeatureElement, kind: string): void {
        const scanner = this.scanner;
        this.extendLazySpan(lazy);
        const info = this.assignmentOf(feature);
        const image = info.keyword ? kind : scanner.image();
        if (info.operator !== undefined) {
            this.assign(info, info.keyword ? image : info.convert(image, undefined as unknown as CstNode), undefined);
        } else {
            const top = this.stack[this.stack.length - 1];
            if (top.$type === Datatype) {
                (top as DatatypeNode).value += info.keyword ? image : String(info.convert(image, undefined as unknown as CstNode));
            }
        }
        scanner.next();
    }

    /** Moves past the current token inside a unit read without CST, which leaves no value and no leaf. */
    private passLazy(lazy: LazyReading): void {
        this.lastEnd = this.scanner.end;
        this.extendLazySpan(lazy);
        this.scanner.next();
    }

    /** Makes the current token the last of the unit read without CST (and the first, if it is). */
    private extendLazySpan(lazy: LazyReading): void {
        const scanner = this.scanner;
        const pending = lazy.pending;
        if (!lazy.started) {
            // Comments before the unit's first token go outside it (see addHiddenNodes), so they are placed now.
            if (scanner.hidden.length > 0) this.addHiddenNodes(scanner.hidden);
            lazy.started = true;
            pending.offset = scanner.offset;
            pending.line = scanner.line;
            pending.column = scanner.column;
        }
        pending.end = scanner.end;
        pending.endLine = scanner.endLine;
        pending.endColumn = scanner.endColumn;
    }

    /**
     * Calls a rule that builds a node of its own (Langium's `subrule` for a non-fragment rule). `rule` is called with
     * this parser as `this`, so a rule method is passed as it is, without a closure made per call.
     */
    protected subrule(feature: FeatureElement, rule: (this: this) => StackItem): void {
        const lazy = this.lazy;
        if (lazy) {
            lazy.depth++;
            let result = rule.call(this);
            lazy.depth--;
            // A datatype rule's value is converted here, where its feature is known (see `construct`).
            if (result !== null && typeof result === 'object' && result.$type === Datatype) {
                result = this.assignmentOf(feature).convert((result as DatatypeNode).value, undefined as unknown as CstNode) as StackItem;
            }
            this.afterSubrule(feature, result, undefined);
            return;
        }
        const node = new CompositeCstNodeImpl();
        node.grammarSource = feature;
        node.container = this.open[this.open.length - 1];
        this.children.push(node);
        this.open.push(node);
        this.starts.push(this.children.length);
        this.afterSubrule(feature, rule.call(this), node);
    }

    /** Assigns what a called rule returned (`node`: its CST node, undefined inside a unit read without CST). */
    private afterSubrule(feature: FeatureElement, result: StackItem, node: CstNode | undefined): void {
        const info = this.assignmentOf(feature);
        if (info.operator !== undefined) {
            this.assign(info, result, node);
        } else {
            const current = this.stack[this.stack.length - 1];
            if (current.$type === Datatype) {
                (current as DatatypeNode).value += String(result);
            } else if (typeof result === 'object' && result) {
                // Not in the grammar inside devices and domains; read such a unit eagerly rather than replay it.
                if (this.lazy) throw new ParseBailout('an unassigned rule call inside a unit');
                if (!this.attaching) assignWithoutOverride(result as Node, current as Node);
                else (result as Node).$cstNode = undefined;
                this.stack[this.stack.length - 1] = result;
            }
        }
    }

    /** Ends the current rule: its CST node gets its children, its AST node its defaults (Langium's `construct`). */
    protected construct(): StackItem {
        const item = this.stack.pop()!;
        const lazy = this.lazy;
        if (lazy && lazy.depth > 0) {
            // A rule inside a unit read without CST: no CST node; `subrule` converts a datatype's value.
            if (item.$type === Datatype) return item;
            this.assignDefaults(item as Node, sharedEmptyList);
            return item;
        }
        const node = this.open.pop()!;
        const start = this.starts.pop()!;
        item.$cstNode = node;
        if (this.children.length > start) {
            node.content = this.children.slice(start);
            this.children.length = start;
        } else if (node !== this.root && !lazy) {
            throw new ParseBailout('a rule consumed nothing');
        }
        if (item.$type === Datatype) {
            const feature = node.grammarSource as FeatureElement;
            return this.assignmentOf(feature).convert((item as DatatypeNode).value, node) as unknown as StackItem;
        }
        if (!this.attaching) this.assignDefaults(item as Node);
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

    private assign(info: AssignmentInfo, value: unknown, cstNode: CstNode | undefined): void {
        const node = this.stack[this.stack.length - 1] as Node;
        const property = info.property!;
        const attaching = this.attaching;
        if (attaching) {
            // The CST of a pending unit: the values are in place; only the CST links are new.
            if (info.crossReference && typeof value === 'string') (attaching.pending.refs[attaching.ref++] as { $refNode?: CstNode }).$refNode = cstNode;
            else if (isNode(value) && value.$cstNode) (value.$cstNode as CompositeCstNodeImpl).astNode = value as unknown as AstNode;
            return;
        }
        const lazy = this.lazy;
        let item = value;
        if (info.crossReference && typeof value === 'string') {
            if (lazy) {
                const reference = this.context.pendingReference(node as unknown as AstNode, property, value, lazy.cst);
                lazy.pending.refs.push(reference);
                item = reference;
            } else {
                item = this.context.linker.buildReference(node as unknown as AstNode, property, cstNode, value);
            }
        }
        const child = isNode(item) ? item : undefined;
        if (!lazy && child?.$cstNode) (child.$cstNode as CompositeCstNodeImpl).astNode = child as unknown as AstNode;
        const operator = info.operator;
        if (operator === '+=') {
            const list = node[property] as unknown[] | undefined;
            const isList = Array.isArray(list);
            if (child) {
                child.$container = node;
                child.$containerProperty = property;
                child.$containerIndex = isList ? list.length : 0;
            }
            // A new list is made with its first item: pushing onto `[]` would reserve room for 16 more.
            if (isList) list.push(item);
            else node[property] = [item];
            return;
        }
        const previous = node[property];
        if (previous !== undefined) {
            // A single-valued property given twice (see duplicate-member-checks.ts).
            if (lazy) lazy.pending.mayRepeatMembers = true;
            if (operator === '=' && isNode(previous) && previous.$container === node) {
                // The first node is left out of the tree, unlinked.
                delete previous.$container;
                delete previous.$containerProperty;
            }
        }
        if (operator === '?=') {
            node[property] = true;
            return;
        }
        node[property] = item;
        if (child) {
            child.$container = node;
            child.$containerProperty = property;
        }
    }

    /** Langium's `assignMandatoryProperties`, with each type's defaults looked up once. */
    private assignDefaults(node: Node, emptyList?: readonly unknown[]): void {
        let defaults = this.context.defaults.get(node.$type);
        if (!defaults) {
            defaults = Object.values(this.context.reflection.getTypeMetaData(node.$type).properties)
                .filter(property => property.defaultValue !== undefined)
                .map(property => [property.name, property.defaultValue]);
            this.context.defaults.set(node.$type, defaults);
        }
        // Indexed, and an empty list made as a literal: this runs for every node, mostly before it is optimised.
        for (let i = 0; i < defaults.length; i++) {
            const entry = defaults[i];
            const name = entry[0];
            const present = node[name];
            if (present !== undefined) {
                // A list of two or more items grew by push, with room for about 16 more: the node keeps an exact copy.
                if (Array.isArray(present) && present.length > 1) node[name] = present.slice();
                continue;
            }
            const value = entry[1];
            node[name] = Array.isArray(value) ? (value.length === 0 ? emptyList ?? [] : copyDefault(value)) : value;
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
 * The empty default list of every node read inside a unit without its CST (most lists of a device are empty:
 * one object for all instead of 32 bytes each). Frozen, so that code which would add to an AST list fails at
 * once instead of changing every node's list; nothing in the language server changes AST lists in place.
 */
const sharedEmptyList: readonly unknown[] = Object.freeze([]);

/**
 * `converter.convert(input, node)` for text parsed by `feature`. With Langium's default converter, its choice of
 * conversion (by the rule's name and type) is made once here instead of on every token.
 */
function converterFor(converter: ValueConverter, feature: FeatureElement): (input: string, node: CstNode) => unknown {
    if (!isStandardConverter(converter)) return (input, node) => converter.convert(input, node);
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

/** Whether `converter` is Langium's default one, whose conversions depend only on the grammar element. */
function isStandardConverter(converter: ValueConverter): boolean {
    return converter.convert === DefaultValueConverter.prototype.convert
        && (converter as DefaultValueConverter & { runConverter: unknown }).runConverter === (DefaultValueConverter.prototype as unknown as { runConverter: unknown }).runConverter;
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
