// The kernel descriptions cover every value the grammar offers (kinds, modes, triggers, steps, states, index
// kinds) and the callbacks and flags the kernel defines, each with a summary, a kernel name and a source file.
import { describe, expect, it } from 'vitest';
import { AstUtils, GrammarAST } from 'langium';
import * as descriptions from '../../../src/kernel/descriptions.js';
import { createTestServices } from '../helpers/services.js';

const grammar = createTestServices().Irq.Grammar;

/** The keyword values of a data type rule of the grammar. */
function keywordsOf(rule: string): string[] {
    const found = grammar.rules.find(r => r.name === rule);
    expect(found, `rule ${rule}`).toBeDefined();
    return AstUtils.streamAllContents(found!).filter(GrammarAST.isKeyword).map(k => k.value).toArray();
}

describe('kernel descriptions', () => {
    it('describe every value of the grammar\'s value rules', () => {
        const cases: Array<[string, Readonly<Record<string, unknown>>]> = [
            ['DomainKind', descriptions.domainKindDescriptions],
            ['CallbackMode', descriptions.callbackModeDescriptions],
            ['Trigger', descriptions.triggerDescriptions],
            ['IrqAction', descriptions.stepDescriptions],
            ['IrqState', descriptions.irqStateDescriptions],
            ['IndexKind', descriptions.indexKindDescriptions]
        ];
        for (const [rule, table] of cases) {
            const missing = keywordsOf(rule).filter(k => !Object.hasOwn(table, k));
            expect(missing, rule).toEqual([]);
        }
    });

    it('describe the chip callbacks, flags, tokens and flow handlers the kernel defines', () => {
        expect(Object.keys(descriptions.chipCallbackDescriptions)).toEqual(expect.arrayContaining([
            'mask', 'unmask', 'ack', 'eoi', 'set_affinity', 'compose_msi_msg', 'write_msi_msg', 'retrigger', 'set_type',
            'set_vcpu_affinity', 'startup', 'shutdown', 'enable', 'disable', 'bus_lock', 'bus_sync_unlock', 'set_wake'
        ]));
        expect(Object.keys(descriptions.chipFlagDescriptions)).toHaveLength(13);
        expect(Object.keys(descriptions.domainFlagDescriptions)).toEqual(expect.arrayContaining(['MSI_PARENT', 'MSI_DEVICE', 'ISOLATED_MSI']));
        expect(Object.keys(descriptions.msiFlagDescriptions)).toEqual(expect.arrayContaining(['ACTIVATE_EARLY', 'PCI_MSI_MASK_PARENT', 'PCI_IMS']));
        expect(descriptions.busTokenDescriptions.PCI_DEVICE_MSIX.value).toBe(12);
        expect(descriptions.busTokenDescriptions.DMAR.value).toBe(13);
        expect(Object.keys(descriptions.flowHandlerDescriptions)).toEqual(expect.arrayContaining(['handle_edge_irq', 'handle_fasteoi_irq']));
    });

    it('give every entry a one-line summary, a kernel name and a source', () => {
        const tables = Object.entries(descriptions).filter(([, v]) => typeof v === 'object') as Array<[string, Record<string, descriptions.KernelDescription>]>;
        expect(tables.length).toBeGreaterThanOrEqual(14);
        for (const [table, entries] of tables) {
            for (const [key, entry] of Object.entries(entries)) {
                expect(entry.summary, `${table}.${key}`).toMatch(/^\S.*[.)]$/);
                expect(entry.summary.includes('\n'), `${table}.${key}`).toBe(false);
                expect(entry.kernel.length, `${table}.${key}`).toBeGreaterThan(0);
                expect(entry.source.length, `${table}.${key}`).toBeGreaterThan(0);
            }
        }
    });

    it('name the parent helper of each delegable chip callback as in kernel/irq/chip.c', () => {
        const helpers = Object.entries(descriptions.chipCallbackDescriptions)
            .filter(([, d]) => d.parentHelper).map(([name, d]) => `${name}=${d.parentHelper}`);
        expect(helpers).toEqual(expect.arrayContaining([
            'mask=irq_chip_mask_parent', 'unmask=irq_chip_unmask_parent', 'ack=irq_chip_ack_parent', 'eoi=irq_chip_eoi_parent',
            'set_affinity=irq_chip_set_affinity_parent', 'retrigger=irq_chip_retrigger_hierarchy', 'set_type=irq_chip_set_type_parent'
        ]));
        expect(descriptions.chipCallbackDescriptions.compose_msi_msg.parentHelper).toBeUndefined();
    });

    it('give each domain kind a role, a kernel name, a bus token and a chip', () => {
        for (const [kind, d] of Object.entries(descriptions.domainKindDescriptions)) {
            expect(['root', 'msi-parent', 'device', 'wired', 'global-msi', 'custom'], kind).toContain(d.role);
            expect(Object.hasOwn(descriptions.busTokenDescriptions, d.busToken), `${kind}: ${d.busToken}`).toBe(true);
            expect(d.kernelName.length, kind).toBeGreaterThan(0);
            expect(d.chipName.length, kind).toBeGreaterThan(0);
        }
        expect(descriptions.domainKindDescriptions['intel-ir'].kernelName).toBe('INTEL-IR-<n>-13');
    });
});
