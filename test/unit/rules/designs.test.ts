// The two designs of the 2020 DEV_MSI discussion: the merged per-device MSI design is clean; the RFC's DEV_MSI
// design shows the review's objections; and the quick fixes walk the 2020 design to the merged one.
import { describe, expect, it } from 'vitest';
import { buildOne, createTestServices, diagnosticLines } from '../helpers/services.js';
import { actionsFor, applyAction, codesOf, fixtureFile, withCode } from './fixtures.js';

/** The codes the 2020 DEV_MSI design must show, one per objection of the review. */
const OBJECTIONS_2020 = [
    'R-IMS-PER-DEVICE',        // one IMS domain per device, not one dev-msi domain for all
    'R-IMS-SIBLING',           // "the parent is never the PCI/MSI irq domain"
    'R-IMS-VERSION',           // checked against v6.17, where the PCI/IMS API is gone
    'R-MSIDESC-NO-DRIVERDATA', // msi_desc is not a dumping ground for driver data
    'R-NO-GLOBAL-PCIMSI',      // global PCI/MSI domains became per-device domains on MSI parents
    'R-NO-PLATFORM-CALLBACKS', // no zoo of platform callbacks
    'R-NO-PLATFORM-MSI',       // platform-MSI is a crutch
    'R-SLOT-IN-DOMAIN'         // no driver resource management glued onto generic code
];

describe('the 2020 DEV_MSI design and the merged per-device design', () => {
    const { Irq } = createTestServices();
    const services = { shared: Irq.shared };

    it('the merged per-device MSI design has no diagnostics', async () => {
        const document = await buildOne(services, fixtureFile('per-device-msi-merged.irq'));
        expect(diagnosticLines(document)).toEqual([]);
    });

    it('the 2020 DEV_MSI design shows exactly the objections of the review', async () => {
        const document = await buildOne(services, fixtureFile('dev-msi-2020.irq'));
        expect(codesOf(document)).toEqual(OBJECTIONS_2020);
    });

    it('each objection points at the element it is about', async () => {
        const document = await buildOne(services, fixtureFile('dev-msi-2020.irq'));
        const text = (code: string) => withCode(document, code).map(d => document.textDocument.getText(d.range));
        expect(text('R-NO-PLATFORM-MSI')).toEqual(['dev-msi']);
        expect(text('R-NO-GLOBAL-PCIMSI')).toEqual(['global-pci-msi']);
        expect(text('R-MSIDESC-NO-DRIVERDATA')).toEqual(['ims_index', 'iobase']);
        expect(text('R-SLOT-IN-DOMAIN')).toEqual(['driver']);
        expect(text('R-NO-PLATFORM-CALLBACKS')).toEqual(['platform', 'platform', 'platform']);
        expect(text('R-IMS-PER-DEVICE')).toEqual(['DEV-MSI-0']);
        expect(text('R-IMS-SIBLING')).toEqual(['DSA2-MSIX']);
        expect(withCode(document, 'R-IMS-PER-DEVICE')[0].relatedInformation?.map(r => r.message)).toEqual(['dsa0 uses DEV-MSI-0', 'dsa1 uses DEV-MSI-0']);
    });

    it('the quick fixes turn the 2020 design into a clean per-device design', async () => {
        let text = fixtureFile('dev-msi-2020.irq');
        for (const code of ['R-NO-PLATFORM-MSI', 'R-NO-GLOBAL-PCIMSI', 'R-IMS-SIBLING']) {
            const document = await buildOne(services, text);
            const diagnostic = withCode(document, code)[0];
            expect(diagnostic, code).toBeDefined();
            const [action] = await actionsFor(Irq, document, diagnostic);
            text = applyAction(document, action);
        }
        text = text.replace('  kernel 6.17\n', '  kernel 6.5\n');
        const repaired = await buildOne(services, text);
        expect(diagnosticLines(repaired), text).toEqual([]);
        expect(text).not.toContain('DEV-MSI-0');
        expect(text).not.toContain('IR-PCI-MSI-0');
        expect(text).toContain('domain DSA0-IMS : ims parent INTEL-IR-0');
        expect(text).toContain('domain DSA1-MSIX : pci-msix parent INTEL-IR-0');
        expect(text).toContain('domain DSA2-IMS : ims parent INTEL-IR-0');
    });
});
