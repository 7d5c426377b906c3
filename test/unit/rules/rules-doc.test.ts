// docs/rules.md documents every rule: a section per R-* id with its severity and source, and for the validator's
// rules the bad and good examples, which must be the rule fixtures themselves (so the doc cannot drift).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/kernel/rules.js';
import { fixture } from './fixtures.js';

const doc = readFileSync(join(__dirname, '../../../docs/rules.md'), 'utf8');

/** The text of a rule's section (from its heading to the next heading of the same level or above). */
function section(id: string): string {
    const start = doc.indexOf(`\n### ${id}\n`);
    if (start < 0) return '';
    const next = doc.slice(start + 1).search(/\n##+ /);
    return next < 0 ? doc.slice(start) : doc.slice(start, start + 1 + next);
}

/** A fixture without its two header comment lines. */
const example = (id: string, kind: 'bad' | 'good') => fixture(id, kind).split('\n').slice(2).join('\n').trimEnd();

describe('docs/rules.md', () => {
    it('lists every rule in the table of checkers', () => {
        for (const rule of RULES) expect(doc, rule.id).toContain(`| [${rule.id}](#`);
    });

    for (const rule of RULES) {
        it(`${rule.id} has a section with severity, checker, source and fix`, () => {
            const text = section(rule.id);
            expect(text, rule.id).not.toBe('');
            expect(text).toContain(`- Severity: ${rule.severity}`);
            expect(text).toContain(`- Checked by: the ${rule.checkedBy}`);
            expect(text).toContain(rule.source);
            expect(text).toContain(rule.fix ?? '- Quick fix: none');
            if (rule.checkedBy === 'validator') {
                expect(text).toContain('```irq\n' + example(rule.id, 'bad') + '\n```');
                expect(text).toContain('```irq\n' + example(rule.id, 'good') + '\n```');
            } else {
                expect(text).toContain('*Why not in the validator:*');
            }
        });
    }
});
