// The grammar elements of one parser rule, found by keyword, assigned property or called rule, in source order:
// the fast parser gives its CST nodes the same grammar sources Langium's parser gives them.
import { AstUtils, GrammarAST, type Grammar } from 'langium';

/** A grammar element a CST node can come from: a keyword, a rule call or a cross-reference. */
export type FeatureElement = GrammarAST.Keyword | GrammarAST.RuleCall | GrammarAST.CrossReference;

/** The elements of one rule, looked up by what they say; each throws when the grammar has no such element. */
export class RuleElements {
    private readonly keywords = new Map<string, GrammarAST.Keyword[]>();
    private readonly assignments = new Map<string, GrammarAST.Assignment[]>();
    private readonly ruleCalls = new Map<string, GrammarAST.RuleCall[]>();
    /** `assigned(property, occurrence)` answers without an alternative, by property. */
    private readonly resolved = new Map<string, FeatureElement[]>();

    constructor(readonly rule: GrammarAST.AbstractRule) {
        for (const node of AstUtils.streamAllContents(rule)) {
            if (GrammarAST.isKeyword(node)) push(this.keywords, node.value, node);
            else if (GrammarAST.isAssignment(node)) push(this.assignments, node.feature, node);
            else if (GrammarAST.isRuleCall(node) && !AstUtils.getContainerOfType(node, GrammarAST.isCrossReference)) {
                const name = node.rule.$refText;
                push(this.ruleCalls, name, node);
            }
        }
    }

    /** The `occurrence`-th keyword `value` of the rule. */
    keyword(value: string, occurrence = 0): GrammarAST.Keyword {
        return this.keywords.get(value)?.[occurrence] ?? missing(`keyword '${value}' #${occurrence}`, this.rule);
    }

    /** Whether the rule calls rule `name` outside cross-references. */
    callsRule(name: string): boolean {
        return this.ruleCalls.has(name);
    }

    /** The `occurrence`-th call of rule `name` (a terminal or a datatype rule) in the rule. */
    call(name: string, occurrence = 0): GrammarAST.RuleCall {
        return this.ruleCalls.get(name)?.[occurrence] ?? missing(`call of ${name} #${occurrence}`, this.rule);
    }

    /**
     * What the `occurrence`-th assignment of `property` consumes: its rule call, cross-reference or keyword. For an
     * assignment of alternatives (`value=(Name | 'on')`), `alternative` names the rule or keyword to pick.
     */
    assigned(property: string, occurrence = 0, alternative?: string): FeatureElement {
        if (alternative === undefined) {
            let list = this.resolved.get(property);
            if (!list) this.resolved.set(property, list = []);
            return list[occurrence] ??= this.resolve(property, occurrence);
        }
        return this.resolve(property, occurrence, alternative);
    }

    private resolve(property: string, occurrence: number, alternative?: string): FeatureElement {
        const assignment = this.assignments.get(property)?.[occurrence] ?? missing(`assignment ${property} #${occurrence}`, this.rule);
        const terminal = assignment.terminal;
        if (GrammarAST.isAlternatives(terminal)) {
            const element = terminal.elements.find(e => (GrammarAST.isKeyword(e) && e.value === alternative)
                || (GrammarAST.isRuleCall(e) && e.rule.$refText === alternative));
            return (element as FeatureElement | undefined) ?? missing(`alternative ${alternative} of ${property}`, this.rule);
        }
        if (GrammarAST.isKeyword(terminal) || GrammarAST.isRuleCall(terminal) || GrammarAST.isCrossReference(terminal)) return terminal;
        throw new Error(`Unsupported assignment ${property} in rule ${this.rule.name}`);
    }
}

/** The elements of every rule of a grammar, by rule name. */
export function grammarElements(grammar: Grammar): Map<string, RuleElements> {
    return new Map(grammar.rules.map(rule => [rule.name, new RuleElements(rule)]));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** Throws for an element the grammar does not have (the message is made only then: lookups run per token). */
function missing(what: string, rule: GrammarAST.AbstractRule): never {
    throw new Error(`The grammar has no ${what} in rule ${rule.name}`);
}
