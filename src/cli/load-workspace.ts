// Loads .irq files and folders for the command line: expands folders, follows imports, builds and
// validates with the real Langium services, and reports unreadable inputs without stopping.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createIrqServices, type IrqServices } from '../language/irq-module.js';
import { directImports } from '../language/imports.js';

/** Largest .irq file the command line reads (bytes). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A problem with an input path that is not a diagnostic inside a file. */
export interface InputProblem {
    path: string;
    message: string;
}

/** The result of loading: the documents given on the command line, every loaded document, and input problems. */
export interface LoadedWorkspace {
    services: IrqServices;
    /** Documents named on the command line (directly or through a folder). */
    roots: LangiumDocument[];
    /** Every document loaded, including those reached only through imports. */
    all: LangiumDocument[];
    problems: InputProblem[];
}

/** A readable reason for a file-system error. */
export function describeFsError(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    switch (code) {
        case 'ENOENT': return 'no such file or directory';
        case 'EACCES': case 'EPERM': return 'permission denied';
        case 'ELOOP': return 'symbolic link loop';
        case 'EISDIR': return 'is a directory';
        case 'ENOTDIR': return 'a parent of the path is not a directory';
        default: return `cannot read: ${code ?? String(error)}`;
    }
}

/** Expands files and folders into .irq file paths; problems are collected, not thrown. */
export function expandInputs(inputs: string[], problems: InputProblem[]): string[] {
    const files: string[] = [];
    for (const input of inputs) {
        let stat: fs.Stats;
        try {
            stat = fs.statSync(input);
        } catch (e) {
            problems.push({ path: input, message: describeFsError(e) });
            continue;
        }
        if (stat.isDirectory()) {
            const found = walkIrqFiles(input, problems);
            if (found.length === 0) problems.push({ path: input, message: 'directory contains no .irq files' });
            files.push(...found);
        } else {
            files.push(input);
        }
    }
    return [...new Set(files.map(f => path.resolve(f)))];
}

function walkIrqFiles(dir: string, problems: InputProblem[]): string[] {
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
        problems.push({ path: dir, message: describeFsError(e) });
        return [];
    }
    const out: string[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...walkIrqFiles(full, problems));
        else if (entry.name.endsWith('.irq') && (entry.isFile() || entry.isSymbolicLink())) out.push(full);
    }
    return out;
}

/** Reads a file as .irq text, or returns why it cannot be used. */
export function readIrqText(file: string): { text: string } | { error: string } {
    let buffer: Buffer;
    try {
        const stat = fs.statSync(file);
        if (stat.isDirectory()) return { error: 'is a directory' };
        if (stat.size > MAX_FILE_BYTES) return { error: `file is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit` };
        buffer = fs.readFileSync(file);
    } catch (e) {
        return { error: describeFsError(e) };
    }
    if (buffer.includes(0)) return { error: 'binary file (contains NUL bytes), not an .irq text file' };
    const text = buffer.toString('utf8');
    if (text.includes('\uFFFD') && !buffer.includes(Buffer.from('\uFFFD', 'utf8'))) return { error: 'not UTF-8 text, not an .irq file' };
    return { text };
}

/** Loads the inputs and everything they import, then builds and validates all of it. */
export async function loadWorkspace(inputs: string[]): Promise<LoadedWorkspace> {
    const problems: InputProblem[] = [];
    const { shared, Irq } = createIrqServices(NodeFileSystem);
    const documents = shared.workspace.LangiumDocuments;
    const roots: LangiumDocument[] = [];
    const queue: string[] = expandInputs(inputs, problems);
    const rootSet = new Set(queue);
    const loaded = new Set<string>();
    while (queue.length > 0) {
        const file = queue.shift()!;
        if (loaded.has(file)) continue;
        loaded.add(file);
        const read = readIrqText(file);
        if ('error' in read) {
            if (rootSet.has(file)) problems.push({ path: file, message: read.error });
            continue;
        }
        const document = documents.createDocument(URI.file(file), read.text);
        if (rootSet.has(file)) roots.push(document);
        for (const uri of directImports(document)) queue.push(uri.fsPath);
    }
    const all = [...documents.all];
    await shared.workspace.DocumentBuilder.build(all, { validation: true });
    return { services: Irq, roots, all, problems };
}
