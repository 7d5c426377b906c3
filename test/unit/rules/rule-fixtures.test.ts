// Table-driven test over test/fixtures/rules/<RULE>.{bad,good}.irq: every validator rule of kernel-irq.md §3
// has a fixture that triggers exactly that rule and one that is clean.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, ruleFileName } from '../../../src/kernel/rules.js';
import { buildOne, createTestServices, diagnosticLines } from '../helpers/services.js';
import { FIXTURES as fixtures, fixture } from './fixtures.js';

const validatorRules = RULES.filter(r => r.checkedBy === 'validator');

describe('rule fixtures', () => {
    const services = createTestServices();

    it('covers the 46 statically checkable rules, and every rule id is unique', () => {
        expect(validatorRules.length).toBe(46);
        expect(new Set(RULES.map(r => r.id)).size).toBe(51);
        for (const rule of validatorRules) {
            expect(existsSync(join(fixtures, `${ruleFileName(rule.id)}.bad.irq`)), `${rule.id}.bad.irq`).toBe(true);
            expect(existsSync(join(fixtures, `${ruleFileName(rule.id)}.good.irq`)), `${rule.id}.good.irq`).toBe(true);
        }
    });

    for (const rule of validatorRules) {
        it(`${rule.id}: the bad fixture triggers exactly this rule`, async () => {
            const document = await buildOne(services, fixture(rule.id, 'bad'), `${ruleFileName(rule.id)}.bad.irq`);
            const codes = [...new Set((document.diagnostics ?? []).map(d => String(d.code ?? 'no-code')))];
            expect(codes, diagnosticLines(document).join('\n')).toEqual([rule.id]);
            const severities = new Set((document.diagnostics ?? []).map(d => d.severity));
            const expected = { error: 1, warning: 2, info: 3 }[rule.severity];
            expect(severities.has(expected as 1 | 2 | 3), `severity ${rule.severity}`).toBe(true);
        });

        it(`${rule.id}: the good fixture is clean`, async () => {
            const document = await buildOne(services, fixture(rule.id, 'good'), `${ruleFileName(rule.id)}.good.irq`);
            expect(diagnosticLines(document)).toEqual([]);
        });
    }
});
