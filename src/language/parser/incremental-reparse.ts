// Re-parses only the device, domain or scenario an edit falls inside, and splices the new AST and CST into the
// document in place of the old ones, with the positions after it shifted; anything else is a full re-parse.
import {
    CompositeCstNodeImpl, type AstNode, type CstNode, type LangiumParser, type LeafCstNode, type ParseResult
} from 'langium';
import { isDevice, isDomain, isExtension, isScenario, isTopology, type Model } from '../generated/ast.js';
import type { Replacement } from '../incremental/change-tracker.js';
import { isPendingUnit, shiftPending } from './lazy-cst.js';

/** The members of a topology that can be re-parsed on their own, and their grammar rules. */
const memberRules: Array<{ rule: string; is: (n: AstNode) => boolean }> = [
    { rule: 'Device', is: isDevice },
    { rule: 'Domain', is: isDomain }
];

/** One edit as a replaced span: old text [start, oldEnd) became new text [start, newEnd). */
export interface TextChange {
    start: number;
    oldEnd: number;
    newEnd: number;
}

/** Characters compared at once (as substrings, which the engine compares natively) before going character by character. */
const diffBlock = 1024;

/** The smallest span of `oldText` that differs from `newText` (common prefix and suffix removed). */
export function diffSpan(oldText: string, newText: string): TextChange {
    const max = Math.min(oldText.length, newText.length);
    let start = 0;
    while (start + diffBlock <= max && oldText.substring(start, start + diffBlock) === newText.substring(start, start + diffBlock)) start += diffBlock;
    while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let tail = 0;
    const oldLength = oldText.length;
    const newLength = newText.length;
    while (tail + diffBlock <= max - start
        && oldText.substring(oldLength - tail - diffBlock, oldLength - tail) === newText.substring(newLength - tail - diffBlock, newLength - tail)) tail += diffBlock;
    while (tail < max - start && oldText.charCodeAt(oldLength - 1 - tail) === newText.charCodeAt(newLength - 1 - tail)) tail++;
    return { start, oldEnd: oldLength - tail, newEnd: newLength - tail };
}

/** Internal fields of Langium's CST node classes that a splice has to update. */
interface LeafFields { _offset: number; _startLine: number; _startColumn: number; _endLine: number; _endColumn: number }
interface CompositeFields { content: CstNode[]; _rangeCache: unknown; _astNode: AstNode | undefined; container?: CompositeFields }
interface RootFields extends CompositeFields { _text: string }

/**
 * Tries to apply `newText` to the parse result of `oldText` by re-parsing one element. Returns the replaced element
 * and its successor, or undefined (leaving `result` untouched) when the edit is not strictly inside one device,
 * domain or scenario that ends with its closing brace, or when the re-parsed element has a syntax error; the caller
 * then parses the whole text.
 */
export function tryIncrementalReparse(result: ParseResult<AstNode>, oldText: string, newText: string, parser: LangiumParser): Replacement | undefined {
    if (result.lexerErrors.length > 0 || result.parserErrors.length > 0) return undefined;
    const root = result.value as Model;
    const rootCst = root.$cstNode as unknown as RootFields | undefined;
    if (!rootCst || rootCst._text !== oldText) return undefined;
    const change = diffSpan(oldText, newText);
    const target = findUnit(root, change);
    if (!target) return undefined;
    const { node: oldNode, rule } = target;
    const oldCst = oldNode.$cstNode!;
    const delta = change.newEnd - change.oldEnd;
    const unitStart = oldCst.offset;
    const unitText = newText.substring(unitStart, oldCst.end + delta);
    const parsed = parser.parse(unitText, { rule });
    if (parsed.lexerErrors.length > 0 || parsed.parserErrors.length > 0) return undefined;
    const newNode = parsed.value;
    if (!endsWithClosingBrace(newNode.$cstNode)) return undefined;

    // Positions: the fragment was parsed from line 0, column 0; the unit starts at the old unit's position.
    const start = oldCst.range.start;
    const oldEnd = oldCst.range.end;
    shiftLeaves(newNode.$cstNode!, unitStart, start.line, start.character);
    const newLastLeaf = lastLeaf(newNode.$cstNode!) as unknown as LeafFields;
    const lineDelta = newLastLeaf._endLine - oldEnd.line;
    const columnDelta = newLastLeaf._endColumn - oldEnd.character;

    // The CST: a composite node in the old one's place, with the fragment's children.
    const fragmentRoot = newNode.$cstNode as unknown as CompositeFields;
    const composite = new CompositeCstNodeImpl();
    const fields = composite as unknown as CompositeFields;
    composite.grammarSource = oldCst.grammarSource;
    fields.content = fragmentRoot.content;
    for (const child of fields.content) (child as unknown as { container: unknown }).container = composite;
    fields._astNode = newNode;
    const parentCst = (oldCst as unknown as { container: CompositeFields }).container;
    const index = parentCst.content.indexOf(oldCst);
    if (index < 0) return undefined;
    (composite as unknown as { container: unknown }).container = parentCst;
    parentCst.content[index] = composite as unknown as CstNode;

    // The AST: the new node in the old one's place.
    const container = oldNode.$container!;
    const property = oldNode.$containerProperty!;
    const list = (container as unknown as Record<string, AstNode[]>)[property];
    const astIndex = oldNode.$containerIndex!;
    list[astIndex] = newNode;
    (newNode as { $container?: AstNode }).$container = container;
    (newNode as { $containerProperty?: string }).$containerProperty = property;
    (newNode as { $containerIndex?: number }).$containerIndex = astIndex;
    (newNode as { $cstNode?: CstNode }).$cstNode = composite as unknown as CstNode;

    // Everything after the unit moves; every cached composite range may be stale.
    rootCst._text = newText;
    shiftAfter(rootCst as unknown as CstNode, oldCst.end, delta, oldEnd.line, lineDelta, columnDelta, composite as unknown as CstNode);
    return { oldNode, newNode };
}

/** The innermost re-parsable element whose CST strictly contains the changed span, with its rule. */
function findUnit(root: Model, change: TextChange): { node: AstNode; rule: string } | undefined {
    const inside = (n: AstNode): boolean => {
        const c = n.$cstNode;
        return c !== undefined && c.offset < change.start && change.oldEnd < c.end;
    };
    const element = root.elements.find(inside);
    if (!element) return undefined;
    // A scenario is reached through the unassigned `Element` rule call, whose composite node wraps the scenario's.
    if (isScenario(element)) return endsWithClosingBrace(element.$cstNode) ? { node: element, rule: 'Element' } : undefined;
    if (isTopology(element) || isExtension(element)) {
        const member = [...element.domains, ...element.devices].find(inside);
        if (!member) return undefined;
        const rule = memberRules.find(r => r.is(member))!.rule;
        if (!endsWithClosingBrace(member.$cstNode)) return undefined;
        return { node: member, rule };
    }
    return undefined;
}

function endsWithClosingBrace(cst: CstNode | undefined): boolean {
    if (!cst) return false;
    const leaf = lastLeaf(cst);
    return leaf !== undefined && !leaf.hidden && leaf.text === '}';
}

function lastLeaf(cst: CstNode): LeafCstNode | undefined {
    let node: CstNode = cst;
    for (;;) {
        const content = (node as unknown as CompositeFields).content;
        if (content === undefined) return node as LeafCstNode;
        let next: CstNode | undefined;
        for (let i = content.length - 1; i >= 0; i--) {
            if (!content[i].hidden) { next = content[i]; break; }
        }
        if (!next) return undefined;
        node = next;
    }
}

/** Moves every leaf under `cst` by an offset and a start position (the fragment starts at line 0, column 0). */
function shiftLeaves(cst: CstNode, offset: number, line: number, column: number): void {
    const stack: CstNode[] = [cst];
    while (stack.length > 0) {
        const node = stack.pop()!;
        const content = (node as unknown as CompositeFields).content;
        if (content !== undefined) {
            (node as unknown as CompositeFields)._rangeCache = undefined;
            for (const child of content) stack.push(child);
            continue;
        }
        const leaf = node as unknown as LeafFields;
        leaf._offset += offset;
        if (leaf._startLine === 0) leaf._startColumn += column;
        if (leaf._endLine === 0) leaf._endColumn += column;
        leaf._startLine += line;
        leaf._endLine += line;
    }
}

/**
 * Shifts the leaves that start at or after `oldEnd` (old offsets) by `delta`, and by `lineDelta` lines; leaves
 * on the old unit's last line also move by `columnDelta`. Clears every composite's cached range on the way;
 * composites that end before the unit keep theirs, and the new unit (already placed) is skipped.
 */
function shiftAfter(root: CstNode, oldEnd: number, delta: number, oldEndLine: number, lineDelta: number, columnDelta: number, skip: CstNode): void {
    const stack: CstNode[] = [root];
    while (stack.length > 0) {
        const node = stack.pop()!;
        if (node === skip) continue;
        if (isPendingUnit(node)) {
            // A device or domain whose CST is not built: its recorded positions move instead of its leaves.
            shiftPending(node, delta, oldEndLine, lineDelta, columnDelta);
            continue;
        }
        const content = (node as unknown as CompositeFields).content;
        if (content !== undefined) {
            (node as unknown as CompositeFields)._rangeCache = undefined;
            for (let i = content.length - 1; i >= 0; i--) {
                const child = content[i];
                // Children entirely before the unit neither move nor hold a stale range.
                if (child !== skip && isBefore(child, oldEnd)) continue;
                stack.push(child);
            }
            continue;
        }
        const leaf = node as unknown as LeafFields;
        if (leaf._offset < oldEnd) continue;
        leaf._offset += delta;
        if (leaf._startLine === oldEndLine) leaf._startColumn += columnDelta;
        if (leaf._endLine === oldEndLine) leaf._endColumn += columnDelta;
        leaf._startLine += lineDelta;
        leaf._endLine += lineDelta;
    }
}

/** True when every leaf under `node` starts before old offset `oldEnd` (then none of them is after the unit). */
function isBefore(node: CstNode, oldEnd: number): boolean {
    if (isPendingUnit(node)) return node.end <= oldEnd;
    const content = (node as unknown as CompositeFields).content;
    if (content === undefined) return (node as unknown as LeafFields)._offset < oldEnd;
    // A composite's `end` is its last non-hidden leaf's end; trailing hidden leaves could lie after the unit.
    const last = content[content.length - 1];
    return last === undefined || isBefore(last, oldEnd);
}
