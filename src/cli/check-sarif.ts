// `irqt check --format sarif`: the report as a SARIF 2.1.0 log (one run; the tool's rules are every R-* rule of
// the catalogue plus the other codes seen), and `--format github`: GitHub Actions workflow commands.
import { RULES } from '../kernel/rules.js';
import type { CheckDiagnostic, CheckReport, Location } from './check-report.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Codes that are not layering rules, with their short descriptions. */
const OTHER_CODES: Record<string, string> = {
    'irq-unresolved-import': 'An imported file cannot be read.',
    'irq-import-cycle': 'Files import each other in a cycle.',
    'irq-duplicate-name': 'A name is declared twice.',
    'irq-element-out-of-range': 'An interrupt array element is out of range.',
    'irq-element-on-scalar': 'An element index on a single interrupt.',
    'irq-unknown-flag': 'A flag name the kernel does not have.',
    'irq-unknown-callback': 'A callback name the kernel does not have.',
    'irq-unknown-bus-token': 'A bus token the kernel does not have.',
    'irq-unknown-flow': 'A flow handler the kernel does not have.',
    'lexing-error': 'The text cannot be split into tokens.',
    'parsing-error': 'The text does not follow the .irq grammar.',
    'linking-error': 'A name does not resolve to a declaration.',
    'irq-diagnostic': 'A diagnostic without an issue code.'
};

const LEVEL: Record<CheckDiagnostic['severity'], string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** The file as a SARIF artifact URI: relative, with forward slashes. */
function artifactUri(file: string): string {
    return file.split('\\').join('/');
}

function physicalLocation(location: Location) {
    return {
        artifactLocation: { uri: artifactUri(location.file) },
        region: { startLine: location.line, startColumn: location.column, endLine: location.endLine, endColumn: location.endColumn }
    };
}

/** The SARIF 2.1.0 log of a report. */
export function renderSarif(report: CheckReport, version: string): string {
    const rules: object[] = RULES.map(rule => ({
        id: rule.id,
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.why },
        help: { text: `${rule.title} Why: ${rule.why} Source: ${rule.source}.${rule.severityNote ? ` Severity: ${rule.severityNote}.` : ''}${rule.fix ? ` Quick fix: ${rule.fix}` : ''}` },
        defaultConfiguration: { level: rule.severity === 'info' ? 'note' : rule.severity },
        properties: { group: rule.group, checkedBy: rule.checkedBy }
    }));
    const index = new Map(RULES.map((rule, i) => [rule.id, i]));
    const ruleIndex = (code: string): number => {
        let i = index.get(code);
        if (i === undefined) {
            i = rules.length;
            index.set(code, i);
            rules.push({ id: code, shortDescription: { text: OTHER_CODES[code] ?? code }, defaultConfiguration: { level: 'error' } });
        }
        return i;
    };
    const results = report.files.flatMap(f => f.diagnostics.map(d => {
        const ruleId = d.code ?? 'irq-diagnostic';
        return {
            ruleId, ruleIndex: ruleIndex(ruleId), level: LEVEL[d.severity], message: { text: d.message },
            locations: [{ physicalLocation: physicalLocation(d) }],
            ...(d.related.length > 0 ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physicalLocation(r) })) } : {})
        };
    }));
    const artifacts = [...new Set(report.files.map(f => artifactUri(f.file)))].map(uri => ({ location: { uri } }));
    return JSON.stringify({
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [{
            tool: { driver: { name: 'irqt', version, rules } },
            columnKind: 'utf16CodeUnits',
            artifacts,
            invocations: [{
                executionSuccessful: report.problems.length === 0,
                toolExecutionNotifications: report.problems.map(p => ({
                    level: 'error', message: { text: `${p.path}: ${p.message}` },
                    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(p.path) } } }]
                }))
            }],
            results
        }]
    }, null, 2);
}

/** Escapes the message part of a workflow command. */
function escapeData(text: string): string {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command. */
function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<CheckDiagnostic['severity'], string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** GitHub Actions workflow commands (`::error file=…,line=…::message`), related locations appended to the message. */
export function renderGithub(report: CheckReport): string[] {
    const lines: string[] = [];
    for (const { diagnostics } of report.files) {
        for (const d of diagnostics) {
            const properties = [
                `file=${escapeProperty(artifactUri(d.file))}`, `line=${d.line}`, `col=${d.column}`, `endLine=${d.endLine}`, `endColumn=${d.endColumn}`,
                ...(d.code ? [`title=${escapeProperty(d.code)}`] : [])
            ].join(',');
            const related = d.related.map(r => `\nrelated: ${r.file}:${r.line}:${r.column} ${r.message}`).join('');
            lines.push(`::${COMMAND[d.severity]} ${properties}::${escapeData(d.message + related)}`);
        }
    }
    for (const p of report.problems) lines.push(`::error file=${escapeProperty(artifactUri(p.path))},title=irqt::${escapeData(`${p.path}: ${p.message}`)}`);
    return lines;
}
