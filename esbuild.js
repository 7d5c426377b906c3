// Bundles the extension, the language server, the CLI (and later the debug adapter) into out/*.cjs.
// Usage: node esbuild.js [--watch] [--minify]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const version = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;

/** One bundle per entry point; all are CommonJS for Node 20 and VS Code's extension host. */
const entries = {
    'extension': 'src/extension/main.ts',
    'language-server': 'src/language/main.ts',
    'cli': 'src/cli/bin.ts',
    'debug-adapter': 'src/debug/standalone.ts'
};

const context = await esbuild.context({
    entryPoints: entries,
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: !minify,
    minify,
    mainFields: ['module', 'main'],
    define: { __IRQT_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
    plugins: [{
        name: 'report',
        setup(build) {
            build.onEnd(result => {
                const stamp = new Date().toLocaleTimeString();
                console.log(`[${stamp}] build ${result.errors.length ? 'failed' : 'finished'}: ${Object.keys(entries).join(', ')}`);
            });
        }
    }]
});

if (watch) {
    await context.watch();
} else {
    await context.rebuild();
    await context.dispose();
}
