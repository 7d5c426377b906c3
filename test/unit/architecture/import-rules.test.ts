// Enforces the module table of the architecture: which folder under src/ may import what.
// Scans every import/export specifier in src/**.ts (generated code included) with a regular expression.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = resolve(__dirname, '../../../src');

/**
 * Single files allowed a package their module may not import: the processes' V8 tuning (flags set at run time by
 * the language server and the CLI before their code runs hot, and the server's one forced collection, through node:vm).
 */
const fileExceptions: Record<string, RegExp[]> = {
    'language/v8-tuning.ts': [/^node:v8$/, /^node:vm$/]
};

/** For each module folder: allowed package prefixes and allowed sibling modules under src/. */
const rules: Record<string, { packages: RegExp[]; modules: string[] }> = {
    kernel: { packages: [], modules: [] },
    emulator: { packages: [], modules: ['kernel'] },
    language: { packages: [/^langium(\/|$)/, /^vscode-languageserver(-[a-z]+)?(\/|$)/, /^vscode-uri$/], modules: ['kernel'] },
    elaborate: { packages: [/^langium(\/|$)/], modules: ['language', 'emulator', 'kernel'] },
    debug: { packages: [/^@vscode\/debug(adapter|protocol)$/, /^node:/, /^langium(\/|$)/], modules: ['emulator', 'elaborate', 'language', 'kernel'] },
    cli: { packages: [/^node:/, /^langium(\/|$)/, /^vscode-languageserver-types$/], modules: ['language', 'elaborate', 'emulator', 'kernel'] },
    extension: { packages: [/^vscode$/, /^vscode-languageclient(\/|$)/, /^node:/, /^@vscode\/debugadapter$/], modules: ['debug', 'language', 'kernel'] }
};

function tsFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) return tsFiles(full);
        return entry.name.endsWith('.ts') ? [full] : [];
    });
}

function specifiers(text: string): string[] {
    const found: string[] = [];
    const pattern = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\s)import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
    for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3]);
    return found;
}

describe('architecture import rules', () => {
    const files = tsFiles(srcRoot);

    it('finds the source tree', () => {
        expect(files.length).toBeGreaterThan(10);
    });

    it('every src/ folder is a known module', () => {
        const folders = new Set(files.map(f => relative(srcRoot, f).split('/')[0]));
        for (const folder of folders) expect(Object.keys(rules), `src/${folder} is not in the module table`).toContain(folder);
    });

    it('each module imports only what the architecture allows, and nothing imports src/extension', () => {
        const violations: string[] = [];
        for (const file of files) {
            const module = relative(srcRoot, file).split('/')[0];
            const rule = rules[module];
            if (!rule) continue;
            for (const spec of specifiers(readFileSync(file, 'utf8'))) {
                if (spec.startsWith('.')) {
                    const target = relative(srcRoot, resolve(join(file, '..'), spec));
                    const targetModule = target.startsWith('..') ? '(outside src)' : target.split('/')[0];
                    const allowed = targetModule === module || rule.modules.includes(targetModule)
                        || (target.startsWith('../language/') && target.endsWith('.cjs'));
                    if (targetModule === 'extension' && module !== 'extension') violations.push(`${relative(srcRoot, file)} imports src/extension`);
                    else if (!allowed) violations.push(`${relative(srcRoot, file)} imports ${spec} (module ${targetModule})`);
                } else if (!rule.packages.some(p => p.test(spec)) && !fileExceptions[relative(srcRoot, file)]?.some(p => p.test(spec))) {
                    violations.push(`${relative(srcRoot, file)} imports package ${spec}`);
                }
            }
        }
        expect(violations).toEqual([]);
    });

    it('the language server tunes the compiler and raises the first old-generation limit at start, hands heap growth back on initialize and stops young-generation growth once initialized; irqt tunes the compiler only for check', () => {
        const server = readFileSync(join(srcRoot, 'language/main.ts'), 'utf8');
        expect(specifiers(server)[0]).toBe('./v8-tuning.js');
        expect(server).toMatch(/^tuneCompilerForColdReads\(\);$/m);
        expect(server).toMatch(/^const handBackHeapGrowth = raiseFirstOldGenerationLimit\(\);$/m);
        expect(server).toMatch(/^shared\.lsp\.LanguageServer\.onInitialize\(\(\) => handBackHeapGrowth\(\)\);$/m);
        expect(server).toMatch(/^shared\.lsp\.LanguageServer\.onInitialized\(\(\) => stopYoungGenerationGrowth\(\)\);$/m);
        const cli = readFileSync(join(srcRoot, 'cli/bin.ts'), 'utf8');
        expect(cli).toMatch(/^if \(args\[0\] === 'check'\) tuneCompilerForColdReads\(\);$/m);
        expect(cli.match(/tuneCompilerForColdReads\(\)/g)).toHaveLength(1);
        for (const entry of ['debug/standalone.ts', 'extension/main.ts']) {
            expect(readFileSync(join(srcRoot, entry), 'utf8'), entry).not.toContain('v8-tuning');
        }
    });

    it('the scanner sees the kinds of import statement used in the tree', () => {
        expect(specifiers(`import { a } from './a.js';\nimport type { B } from "b";\nexport * from './c.js';\nimport './d.js';`))
            .toEqual(['./a.js', 'b', './c.js', './d.js']);
    });
});
