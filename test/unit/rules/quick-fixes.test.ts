// Quick fixes: every rule with a mechanical fix offers a code action on its bad fixture; applying the action
// and re-validating leaves a clean file. Rules without a fix offer none.
import { describe, expect, it } from 'vitest';
import { RULES, ruleFileName } from '../../../src/kernel/rules.js';
import { QUICK_FIX_CODES } from '../../../src/language/lsp/irq-code-actions.js';
import { buildOne, createTestServices, diagnosticLines } from '../helpers/services.js';
import { actionsFor, applyAction, fixture, withCode } from './fixtures.js';

const validatorRules = RULES.filter(r => r.checkedBy === 'validator');

describe('quick fixes', () => {
    const { Irq } = createTestServices();
    const services = { shared: Irq.shared };

    it('the catalogue and the provider agree on which rules have a fix', () => {
        expect([...QUICK_FIX_CODES].sort()).toEqual(RULES.filter(r => r.fix).map(r => r.id).sort());
    });

    for (const rule of validatorRules) {
        if (rule.fix) {
            it(`${rule.id}: the fix applies and the file re-validates clean`, async () => {
                const document = await buildOne(services, fixture(rule.id, 'bad'), `${ruleFileName(rule.id)}.bad.irq`);
                const diagnostic = withCode(document, rule.id)[0];
                expect(diagnostic).toBeDefined();
                const actions = await actionsFor(Irq, document, diagnostic);
                expect(actions.length, 'at least one action').toBeGreaterThan(0);
                const action = actions.find(a => a.isPreferred) ?? actions[0];
                expect(action.kind).toBe('quickfix');
                const fixed = applyAction(document, action);
                expect(fixed).not.toBe(document.textDocument.getText());
                const after = await buildOne(services, fixed, `${ruleFileName(rule.id)}.fixed.irq`);
                expect(diagnosticLines(after), fixed).toEqual([]);
            });
        } else {
            it(`${rule.id}: no quick fix is offered`, async () => {
                const document = await buildOne(services, fixture(rule.id, 'bad'), `${ruleFileName(rule.id)}.bad.irq`);
                const diagnostic = withCode(document, rule.id)[0];
                expect(await actionsFor(Irq, document, diagnostic)).toEqual([]);
            });
        }
    }
});
