// Resolution of `import "path.irq"` statements: target URIs, the transitive import closure, cycles.
// Scoping uses the closure so that a file sees only what it imports (and what those import).
import { URI, UriUtils, type LangiumDocument, type LangiumDocuments } from 'langium';
import type { Model } from './generated/ast.js';

/** The URI an import statement in `document` points at. */
export function resolveImportUri(document: LangiumDocument, importPath: string): URI {
    return UriUtils.resolvePath(UriUtils.dirname(document.uri), importPath);
}

/** The URIs directly imported by a document, in source order. */
export function directImports(document: LangiumDocument): URI[] {
    const model = document.parseResult?.value as Model | undefined;
    return (model?.imports ?? []).filter(i => i.path).map(i => resolveImportUri(document, i.path));
}

/**
 * The set of document URIs (as strings) visible from `document`: itself plus every document reachable
 * through imports that is loaded. Cycles are harmless: each URI is visited once.
 */
export function importClosure(document: LangiumDocument, documents: LangiumDocuments): Set<string> {
    const seen = new Set<string>([document.uri.toString()]);
    const queue: LangiumDocument[] = [document];
    while (queue.length > 0) {
        const current = queue.pop()!;
        for (const uri of directImports(current)) {
            const key = uri.toString();
            if (seen.has(key)) continue;
            seen.add(key);
            const imported = documents.getDocument(uri);
            if (imported) queue.push(imported);
        }
    }
    return seen;
}

/**
 * An import cycle that passes through `document`, as the list of URIs from the document back to
 * itself, or undefined when there is none.
 */
export function findImportCycle(document: LangiumDocument, documents: LangiumDocuments): URI[] | undefined {
    const start = document.uri.toString();
    const visit = (current: LangiumDocument, path: URI[], onPath: Set<string>): URI[] | undefined => {
        for (const uri of directImports(current)) {
            const key = uri.toString();
            if (key === start) return [...path, uri];
            if (onPath.has(key)) continue;
            const next = documents.getDocument(uri);
            if (!next) continue;
            onPath.add(key);
            const found = visit(next, [...path, uri], onPath);
            if (found) return found;
        }
        return undefined;
    };
    return visit(document, [document.uri], new Set([start]));
}
