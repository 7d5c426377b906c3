// Loads files named by `import` that the workspace scan did not load (outside the workspace folders,
// or no workspace at all), so that linking across imports works in any editor setup.
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { directImports } from './imports.js';

/** After each build, loads missing imported files from disk and relinks the documents that import them. */
export function watchImports(shared: LangiumSharedServices): void {
    const documents = shared.workspace.LangiumDocuments;
    const fileSystem = shared.workspace.FileSystemProvider;
    const attempted = new Set<string>();
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, async (built: LangiumDocument[]) => {
        const missing: URI[] = [];
        for (const document of built) {
            for (const uri of directImports(document)) {
                const key = uri.toString();
                if (documents.hasDocument(uri) || attempted.has(key)) continue;
                attempted.add(key);
                try {
                    await fileSystem.readFile(uri);
                    missing.push(uri);
                } catch {
                    // Unreadable: the validator reports the import as unresolved.
                }
            }
        }
        if (missing.length === 0) return;
        for (const uri of missing) await documents.getOrCreateDocument(uri);
        // Rebuild after the current build finishes so the importers link against the new files.
        setTimeout(() => void shared.workspace.DocumentBuilder.update(missing, []), 0);
    });
}
