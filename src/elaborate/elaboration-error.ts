// Errors that refuse elaboration: the document's own diagnostics (syntax, linking, validation) attributed to
// the top-level element they sit in, plus the elaborator's own findings (unknown options, bad ranges).
import { isScenario, isTopology, isExtension, type Element, type Model } from '../language/generated/ast.js';
import type { LangiumDocument } from 'langium';
import type { SourceLoc } from '../emulator/spec.js';

/** What kind of problem refused an element. `syntax` and `linking` can never be overridden. */
export type ElaborationErrorKind = 'syntax' | 'linking' | 'validation' | 'elaboration';

/** One reason why a topology or scenario was not elaborated: a message and where it is. */
export interface ElaborationError {
    message: string;
    kind: ElaborationErrorKind;
    /** The diagnostic or rule code (`linking-error`, `R-PARENT-ONE`...), when there is one. */
    code?: string;
    loc?: SourceLoc;
}

type Diagnostic = NonNullable<LangiumDocument['diagnostics']>[number];

function kindOf(diagnostic: Diagnostic): ElaborationErrorKind {
    const code = (diagnostic.data as { code?: unknown } | undefined)?.code;
    if (code === 'lexing-error' || code === 'parsing-error') return 'syntax';
    if (code === 'linking-error') return 'linking';
    return 'validation';
}

function toError(document: LangiumDocument, diagnostic: Diagnostic): ElaborationError {
    const { start, end } = diagnostic.range;
    const code = diagnostic.code ?? (diagnostic.data as { code?: unknown } | undefined)?.code;
    return {
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        kind: kindOf(diagnostic),
        code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
        loc: {
            uri: document.uri.toString(), line: start.line + 1, column: start.character + 1,
            endLine: end.line + 1, endColumn: end.character + 1
        }
    };
}

/** The error diagnostics of one document, sorted, split by the top-level element that contains them. */
export interface DocumentErrors {
    /** Errors outside every element (imports, syntax errors): they refuse everything the document declares. */
    readonly documentWide: ElaborationError[];
    /** Errors inside one topology, extension or scenario. */
    readonly byElement: Map<Element, ElaborationError[]>;
}

const cache = new WeakMap<LangiumDocument, { diagnostics: unknown; errors: DocumentErrors }>();

/** Collects and attributes the error diagnostics of a built document (cached per diagnostics array). */
export function documentErrors(document: LangiumDocument): DocumentErrors {
    const cached = cache.get(document);
    if (cached && cached.diagnostics === document.diagnostics) return cached.errors;
    const model = document.parseResult.value as Model;
    const errors: DocumentErrors = { documentWide: [], byElement: new Map() };
    const diagnostics = (document.diagnostics ?? []).filter(d => (d.severity ?? 1) === 1)
        .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const diagnostic of diagnostics) {
        const error = toError(document, diagnostic);
        const element = error.kind === 'syntax' ? undefined : elementAt(model, document, diagnostic.range.start);
        if (!element) {
            errors.documentWide.push(error);
            continue;
        }
        const list = errors.byElement.get(element) ?? [];
        list.push(error);
        errors.byElement.set(element, list);
    }
    cache.set(document, { diagnostics: document.diagnostics, errors });
    return errors;
}

function elementAt(model: Model, document: LangiumDocument, position: { line: number; character: number }): Element | undefined {
    const offset = document.textDocument.offsetAt(position);
    return (model.elements ?? []).find(element => {
        const cst = element.$cstNode;
        return (isTopology(element) || isExtension(element) || isScenario(element)) && cst !== undefined
            && offset >= cst.offset && offset < cst.end;
    });
}

/** Drops duplicates (same location and message), keeping the first; sorts by file, line, column. */
export function uniqueErrors(errors: readonly ElaborationError[]): ElaborationError[] {
    const seen = new Set<string>();
    const out: ElaborationError[] = [];
    for (const e of errors) {
        const key = `${e.loc?.uri}:${e.loc?.line}:${e.loc?.column}:${e.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(e);
    }
    return out.sort((a, b) => (a.loc?.uri ?? '').localeCompare(b.loc?.uri ?? '')
        || (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0));
}

/** An error raised by the elaborator itself. */
export function elaborationError(message: string, loc: SourceLoc | undefined): ElaborationError {
    return { message, kind: 'elaboration', loc };
}
