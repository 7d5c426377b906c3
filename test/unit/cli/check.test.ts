// `irqt check` end to end: the built CLI (node bin/irqt.cjs) as a child process, on files in a temporary
// folder: text/JSON/SARIF/GitHub output, related locations, --max-warnings, exit codes and input problems.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../src/kernel/rules.js';

const root = resolve(__dirname, '../../..');
const fixtures = join(root, 'test/fixtures/rules');
let dir = '';

/** Runs `irqt` in the temporary folder. */
function irqt(...args: string[]): { code: number; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [join(root, 'bin/irqt.cjs'), ...args], { cwd: dir, encoding: 'utf8' });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'irqt-check-'));
    const copy = (from: string, to: string) => writeFileSync(join(dir, to), readFileSync(join(fixtures, from)));
    copy('R-IMS-SIBLING.bad.irq', 'sibling.irq');
    copy('R-IMS-SIBLING.good.irq', 'clean.irq');
    copy('R-IMS-VERSION.bad.irq', 'warning.irq');
    mkdirSync(join(dir, 'tree/sub'), { recursive: true });
    copy('R-PARENT-ONE.good.irq', 'tree/a.irq');
    copy('R-PARENT-ONE.bad.irq', 'tree/sub/b.irq');
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty/readme.txt'), 'no topologies here');
    writeFileSync(join(dir, 'binary.irq'), Buffer.from([0x74, 0x6f, 0x00, 0x70]));
    writeFileSync(join(dir, 'huge.irq'), '');
    truncateSync(join(dir, 'huge.irq'), 17 * 1024 * 1024);
    symlinkSync('loop.irq', join(dir, 'loop.irq'));
}, 120_000);

afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('irqt check', () => {
    it('exits 0 on a clean file', () => {
        const result = irqt('check', 'clean.irq');
        expect(result.code).toBe(0);
        expect(result.stdout.trim()).toBe('1 file(s) checked: 0 error(s), 0 warning(s)');
    });

    it('prints file:line:col severity code message with related lines, and exits 1 on errors', () => {
        const result = irqt('check', 'sibling.irq');
        expect(result.code).toBe(1);
        const lines = result.stdout.trim().split('\n');
        expect(lines[0]).toMatch(/^sibling\.irq:14:34 error R-IMS-SIBLING DSA0-IMS \(ims\) is parented on DSA0-MSIX/);
        expect(lines[1]).toBe('  related: sibling.irq:13:12 DSA0-MSIX: the sibling');
        expect(lines[2]).toBe('1 file(s) checked: 1 error(s), 0 warning(s)');
    });

    it('--format json keeps the diagnostics, related locations and summary', () => {
        const result = irqt('check', 'sibling.irq', '--format', 'json');
        const json = JSON.parse(result.stdout);
        expect(result.code).toBe(1);
        expect(json.summary).toEqual({ files: 1, errors: 1, warnings: 0 });
        const [diagnostic] = json.files[0].diagnostics;
        expect(diagnostic).toMatchObject({ line: 14, column: 34, endLine: 14, endColumn: 43, severity: 'error', code: 'R-IMS-SIBLING' });
        expect(diagnostic.related).toEqual([{ file: 'sibling.irq', line: 13, column: 12, endLine: 13, endColumn: 21, message: 'DSA0-MSIX: the sibling' }]);
    });

    it('--format sarif writes a SARIF 2.1.0 log with every rule and located results', () => {
        const result = irqt('check', 'sibling.irq', 'warning.irq', '--format', 'sarif');
        expect(result.code).toBe(1);
        const sarif = JSON.parse(result.stdout);
        expect(sarif.version).toBe('2.1.0');
        const run = sarif.runs[0];
        const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; help: { text: string }; helpUri?: string }[];
        expect(run.tool.driver.name).toBe('irqt');
        expect(rules.slice(0, RULES.length).map(r => r.id)).toEqual(RULES.map(r => r.id));
        expect(rules.every(r => r.shortDescription.text.length > 0 && r.help.text.length > 0 && r.helpUri === undefined)).toBe(true);
        const sibling = run.results.find((r: { ruleId: string }) => r.ruleId === 'R-IMS-SIBLING');
        expect(sibling.level).toBe('error');
        expect(rules[sibling.ruleIndex].id).toBe('R-IMS-SIBLING');
        expect(sibling.locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: 'sibling.irq' }, region: { startLine: 14, startColumn: 34, endLine: 14, endColumn: 43 }
        });
        expect(sibling.relatedLocations[0]).toMatchObject({ id: 1, message: { text: 'DSA0-MSIX: the sibling' }, physicalLocation: { region: { startLine: 13 } } });
        const version = run.results.find((r: { ruleId: string }) => r.ruleId === 'R-IMS-VERSION');
        expect(version.level).toBe('warning');
        expect(run.invocations[0].executionSuccessful).toBe(true);
    });

    it('--format github prints workflow commands with the rule as title', () => {
        const result = irqt('check', 'sibling.irq', 'warning.irq', '--format', 'github');
        const lines = result.stdout.trim().split('\n');
        expect(lines[0]).toMatch(/^::error file=sibling\.irq,line=14,col=34,endLine=14,endColumn=43,title=R-IMS-SIBLING::DSA0-IMS \(ims\)/);
        expect(lines[0]).toContain('%0Arelated: sibling.irq:13:12 DSA0-MSIX: the sibling');
        expect(lines.some(l => l.startsWith('::warning file=warning.irq,') && l.includes('title=R-IMS-VERSION::'))).toBe(true);
    });

    it('--max-warnings turns too many warnings into exit 1', () => {
        expect(irqt('check', 'warning.irq').code).toBe(0);
        expect(irqt('check', 'warning.irq', '--max-warnings', '1').code).toBe(0);
        const strict = irqt('check', 'warning.irq', '--max-warnings', '0');
        expect(strict.code).toBe(1);
        expect(strict.stderr).toContain('more than --max-warnings 0');
    });

    it('checks folders recursively', () => {
        const result = irqt('check', 'tree');
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('tree/sub/b.irq:12:46 error R-PARENT-ONE');
        expect(result.stdout).toContain('2 file(s) checked: 1 error(s), 0 warning(s)');
    });

    it('names unreadable, binary, oversized and missing inputs, and still checks the other files', () => {
        const result = irqt('check', 'clean.irq', 'missing.irq', 'empty', 'binary.irq', 'huge.irq', 'loop.irq');
        expect(result.code).toBe(2);
        expect(result.stdout).toContain('1 file(s) checked: 0 error(s), 0 warning(s)');
        expect(result.stderr).toContain('missing.irq: no such file or directory');
        expect(result.stderr).toContain('empty: directory contains no .irq files');
        expect(result.stderr).toContain('binary.irq: binary file (contains NUL bytes), not an .irq text file');
        expect(result.stderr).toContain('huge.irq: file is 17825792 bytes, over the 16777216-byte limit');
        expect(result.stderr).toContain('loop.irq: symbolic link loop');
    });

    it('errors in the readable files win over input problems (exit 1)', () => {
        const result = irqt('check', 'sibling.irq', 'missing.irq');
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('missing.irq: no such file or directory');
    });

    it('reports input problems in SARIF as tool notifications', () => {
        const result = irqt('check', 'clean.irq', 'missing.irq', '--format', 'sarif');
        const invocation = JSON.parse(result.stdout).runs[0].invocations[0];
        expect(result.code).toBe(2);
        expect(invocation.executionSuccessful).toBe(false);
        expect(invocation.toolExecutionNotifications[0].message.text).toBe('missing.irq: no such file or directory');
    });

    it('exits 2 on usage errors', () => {
        const format = irqt('check', 'clean.irq', '--format', 'xml');
        expect(format.code).toBe(2);
        expect(format.stderr).toContain("unknown --format 'xml' (text, json, sarif, github)");
        expect(irqt('check').code).toBe(2);
        expect(irqt('check', 'clean.irq', '--max-warnings', 'many').stderr).toContain("--max-warnings takes a whole number, not 'many'");
        expect(irqt('check', 'nothing-here.irq').code).toBe(2);
    });
});
