// A member written twice where the element holds one value (`size 4 ... size 8`, `trigger edge ... trigger level`):
// the parser keeps the last one silently, so each earlier occurrence is reported, saying which value wins.
import { GrammarAST, type AstNode, type CstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { IrqTopologyAstType } from '../generated/ast.js';
import { pendingUnitOf } from '../parser/lazy-cst.js';

/** Issue code of the duplicate-member check. */
export const duplicateMemberCode = 'irq-duplicate-member';

/** The single-valued assignment (`=` or `?=`) a direct CST child of an element stands for, if any. */
function singleAssignment(child: CstNode): GrammarAST.Assignment | undefined {
    const container = child.grammarSource?.$container;
    // `isAssignment` without the reflection lookups: no grammar type derives from Assignment.
    if (container?.$type === GrammarAST.Assignment.$type && (container as GrammarAST.Assignment).operator !== '+=') return container as GrammarAST.Assignment;
    return undefined;
}

/** Reused by `hasRepeatedMember`: the features of an element's single-valued members, in order. */
const scratchFeatures: string[] = [];

/** Whether two of the given CST children stand for the same single-valued property (without a map per element). */
function hasRepeatedMember(children: readonly CstNode[]): boolean {
    const features = scratchFeatures;
    features.length = 0;
    for (const child of children) {
        const feature = singleAssignment(child)?.feature;
        if (feature === undefined) continue;
        // Many members: let the caller's map sort them out rather than comparing every pair.
        if (features.length >= 32 || features.includes(feature)) return true;
        features.push(feature);
    }
    return false;
}

/**
 * Reports every member but the last of a single-valued property that an element gives more than once. Only the
 * element's own CST children are looked at (the members of its unordered group), so the check stays cheap.
 */
export function checkDuplicateMembers(node: AstNode, accept: ValidationAcceptor): void {
    // A device or domain read without its CST records whether any of its nodes got a single-valued member twice;
    // without that, there is nothing to find and no CST to build.
    const pending = pendingUnitOf(node);
    if (pending && !pending.pending!.mayRepeatMembers) return;
    const cst = ownRuleNode(node);
    if (!cst?.content || !hasRepeatedMember(cst.content)) return;
    let seen: Map<string, CstNode[]> | undefined;
    for (const child of cst.content) {
        const assignment = singleAssignment(child);
        if (!assignment) continue;
        seen ??= new Map();
        const list = seen.get(assignment.feature);
        if (list) list.push(child);
        else seen.set(assignment.feature, [child]);
    }
    if (!seen) return;
    for (const [feature, occurrences] of seen) {
        if (occurrences.length < 2) continue;
        const last = occurrences[occurrences.length - 1];
        const keyword = keywordBefore(last) ?? feature;
        for (const earlier of occurrences.slice(0, -1)) {
            accept('warning', `'${keyword}' is given ${occurrences.length} times here; only the last one (${last.text}, line ${last.range.start.line + 1}) takes effect. Remove the others.`,
                { node, range: rangeWithKeyword(earlier), code: duplicateMemberCode, data: { feature } });
        }
    }
}

/**
 * The CST node of the rule that holds a node's members. An element reached through an unassigned rule call
 * (`Element: Topology | Extension | Scenario`) has as its `$cstNode` the caller's node, whose only child is the
 * node of its own rule: the members are one level down.
 */
function ownRuleNode(node: AstNode): (CstNode & { content?: CstNode[] }) | undefined {
    let cst = node.$cstNode as (CstNode & { content?: CstNode[] }) | undefined;
    while (cst?.content) {
        let inner: (CstNode & { content?: CstNode[] }) | undefined;
        let visible = 0;
        for (const child of cst.content) {
            if (child.hidden) continue;
            visible++;
            inner = child;
        }
        if (visible !== 1 || !inner?.content || inner.astNode !== node) break;
        cst = inner;
    }
    return cst;
}

/** The keyword written before a member's value (`size` in `size 4`), read from the CST. */
function keywordBefore(child: CstNode): string | undefined {
    const siblings = (child.container as (CstNode & { content: CstNode[] }) | undefined)?.content;
    if (!siblings) return undefined;
    for (let i = siblings.indexOf(child) - 1; i >= 0; i--) {
        const s = siblings[i];
        if (s.hidden) continue;
        return s.grammarSource && GrammarAST.isKeyword(s.grammarSource) && !singleAssignment(s) ? s.text : undefined;
    }
    return undefined;
}

/** The range of a member from its keyword (when it has one) to its value. */
function rangeWithKeyword(child: CstNode): CstNode['range'] {
    const siblings = (child.container as (CstNode & { content: CstNode[] }) | undefined)?.content ?? [];
    let start = child.range.start;
    for (let i = siblings.indexOf(child) - 1; i >= 0; i--) {
        const s = siblings[i];
        if (s.hidden) continue;
        if (s.grammarSource && GrammarAST.isKeyword(s.grammarSource) && !singleAssignment(s)) start = s.range.start;
        break;
    }
    return { start, end: child.range.end };
}

/** Registers the duplicate-member check for the elements with single-valued members. */
export function registerDuplicateMemberChecks(services: LangiumServices): void {
    const checks: ValidationChecks<IrqTopologyAstType> = {
        Topology: checkDuplicateMembers,
        Domain: checkDuplicateMembers,
        Device: checkDuplicateMembers,
        Interrupt: checkDuplicateMembers,
        Cpu: checkDuplicateMembers
    };
    services.validation.ValidationRegistry.register(checks);
}
