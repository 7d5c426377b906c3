// Reporting helpers shared by the layering-rule groups: a diagnostic on a precise property of a node, with the
// rule id as issue code, quick-fix data, and related information pointing at the other end of the problem.
import { AstUtils, GrammarUtils, type AstNode, type DiagnosticInfo, type ValidationAcceptor } from 'langium';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver-types';

/** A place in a file: a node and optionally one of its properties (and the index of a list property). */
export interface Place {
    readonly node: AstNode;
    readonly property?: string;
    readonly index?: number;
}

/** A related place with the message shown next to it. */
export interface RelatedPlace extends Place {
    readonly message: string;
}

/** Severity of a diagnostic. */
export type Severity = 'error' | 'warning' | 'info';

/** Everything a rule reports for one violation. */
export interface Violation {
    readonly rule: string;
    readonly severity: Severity;
    readonly message: string;
    readonly at: Place;
    readonly related?: readonly (RelatedPlace | undefined)[];
    /** What the quick fix needs; `code` (the rule id) is added automatically. */
    readonly data?: Record<string, unknown>;
}

/**
 * Where a reported diagnostic's related information came from, kept on its info under this key so that a diagnostic
 * replayed from a cache (irq-document-validator.ts) can recompute the ranges after text above them moved.
 */
export const relatedPlacesKey = Symbol('relatedPlaces');

/** The related information of some places (those without text are left out); undefined for none. */
export function relatedInformationOf(places: readonly (RelatedPlace | undefined)[]): DiagnosticRelatedInformation[] | undefined {
    const related = places.map(relatedInformation).filter((r): r is DiagnosticRelatedInformation => r !== undefined);
    return related.length > 0 ? related : undefined;
}

/** Reports one violation through Langium's acceptor. */
export function report(accept: ValidationAcceptor, violation: Violation): void {
    const info = {
        node: violation.at.node,
        property: violation.at.property,
        index: violation.at.index,
        code: violation.rule,
        data: { code: violation.rule, ...violation.data },
        relatedInformation: relatedInformationOf(violation.related ?? []),
        [relatedPlacesKey]: violation.related
    } as DiagnosticInfo<AstNode>;
    accept(violation.severity, violation.message, info);
}

/** The LSP related information for a place, or undefined when the node has no text (a default). */
export function relatedInformation(place: RelatedPlace | undefined): DiagnosticRelatedInformation | undefined {
    if (!place) return undefined;
    const cst = place.node.$cstNode;
    if (!cst) return undefined;
    let document;
    try {
        document = AstUtils.getDocument(place.node);
    } catch {
        return undefined;
    }
    const target = (place.property ? GrammarUtils.findNodeForProperty(cst, place.property, place.index) : undefined) ?? cst;
    return { location: { uri: document.uri.toString(), range: target.range }, message: place.message };
}

/** `a, b and c` (at most `max` names, then `and N more`). */
export function listNames(names: readonly string[], max = 4): string {
    const shown = names.slice(0, max);
    const rest = names.length - shown.length;
    const items = rest > 0 ? [...shown, `${rest} more`] : shown;
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `0x20` style hex. */
export function hex(n: number): string {
    return `0x${n.toString(16).toUpperCase()}`;
}

/** `A → B → C` for a chain of names. */
export function arrow(names: readonly string[]): string {
    return names.join(' → ');
}
