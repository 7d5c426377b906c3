// Source locations for the SystemSpec: 1-based line/column ranges taken from Langium CST nodes, so that
// events, breakpoints and test failures point at the line that declared a domain, callback or step.
import { AstUtils, GrammarUtils, type AstNode, type CstNode } from 'langium';
import type { SourceLoc } from '../emulator/spec.js';

/** The URI string a node's document is known by (the `uri` of every SourceLoc built from it). */
export function uriOf(node: AstNode): string {
    return AstUtils.getDocument(node).uri.toString();
}

function fromCst(uri: string, first: CstNode, last: CstNode = first): SourceLoc {
    const start = first.range.start;
    const end = last.range.end;
    return { uri, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** The whole range of a node (comments before it excluded), or undefined for a node without CST. */
export function locOf(node: AstNode | undefined): SourceLoc | undefined {
    const cst = node?.$cstNode;
    return node && cst ? fromCst(uriOf(node), cst) : undefined;
}

/**
 * The range of one clause of a node, from its leading keyword to the last of the given properties that is
 * present (`msix table 64`: keyword `msix`, property `msixTable`). Falls back to the whole node.
 */
export function locOfClause(node: AstNode, keyword: string, ...properties: string[]): SourceLoc | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const first = GrammarUtils.findNodeForKeyword(cst, keyword);
    const values = properties.map(p => GrammarUtils.findNodeForProperty(cst, p)).filter((c): c is CstNode => c !== undefined);
    const last = values.sort((a, b) => a.offset - b.offset).at(-1);
    if (!first && !last) return fromCst(uriOf(node), cst);
    return fromCst(uriOf(node), first ?? last!, last ?? first!);
}

/** The range of one property's value (`parent VECTOR`: the `VECTOR`), falling back to the whole node. */
export function locOfProperty(node: AstNode, property: string): SourceLoc | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const found = GrammarUtils.findNodeForProperty(cst, property);
    return fromCst(uriOf(node), found ?? cst);
}
