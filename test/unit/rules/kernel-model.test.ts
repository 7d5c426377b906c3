// The kernel model (src/kernel/model.ts) and the rule catalogue (src/kernel/rules.ts): kind defaults, name
// normalisation, versions, naming, resource helpers, and the 51 rules with who checks them.
import { describe, expect, it } from 'vitest';
import {
    DOMAIN_KINDS, HWIRQ_ENCODINGS, KINDS, busTokenNumber, compareVersions, defaultVectorWindow, deviceDomainName, hasImsApi, hasLegacyPlatformMsi,
    itsIttSize, maxDeviceDomains, namedDomainName, normalizeBusToken, normalizeCallbackName, normalizeFlag, normalizeFlowHandler,
    parseKernelVersion, roundUpPowerOfTwo
} from '../../../src/kernel/model.js';
import { RULES, ruleFileName, ruleInfo } from '../../../src/kernel/rules.js';

const v = (text: string) => parseKernelVersion(text)!;

describe('kernel model', () => {
    it('knows every domain kind of the grammar, and each kind\'s hwirq encoding', () => {
        expect(DOMAIN_KINDS).toHaveLength(21);
        expect(DOMAIN_KINDS).toContain('aplic-direct');
        for (const kind of DOMAIN_KINDS) expect(HWIRQ_ENCODINGS[KINDS[kind].hwirq], kind).toBeDefined();
    });

    it('gives the x86 vector chip apic_ack_edge and no mask or eoi', () => {
        const apic = KINDS.vector.chip;
        expect(apic.name).toBe('APIC');
        expect(apic.callbacks.ack).toEqual({ mode: 'self', fn: 'apic_ack_edge' });
        expect(apic.callbacks.set_affinity.fn).toBe('apic_set_affinity');
        expect(apic.callbacks.compose_msi_msg.fn).toBe('x86_vector_msi_compose_msg');
        expect(apic.callbacks.retrigger.fn).toBe('apic_retrigger_irq');
        expect(apic.callbacks.mask).toBeUndefined();
        expect(apic.callbacks.eoi).toBeUndefined();
    });

    it('describes the MSI parents: tokens, flags, prefixes and who decides', () => {
        expect(KINDS['intel-ir'].msiParent?.prefix).toBe('IR-');
        expect(KINDS['intel-ir'].msiParent?.supports).toContain('MULTI_PCI_MSI');
        expect(KINDS.vector.msiParent?.supports).not.toContain('MULTI_PCI_MSI');
        expect(KINDS['intel-ir'].msiParent?.initDevMsiInfo).toBe('parent');
        expect(KINDS['gic-its'].msiParent?.prefix).toBe('ITS-');
        expect(KINDS['gic-its'].msiParent?.requires).toContain('PCI_MSI_MASK_PARENT');
        expect(KINDS.imsic.msiParent?.accepts).toContain('WIRED_TO_MSI');
        expect(KINDS['intel-ir'].flags).toEqual(['MSI_PARENT', 'ISOLATED_MSI']);
        expect(KINDS['pci-msix'].busToken).toBe('PCI_DEVICE_MSIX');
        expect(KINDS.ims.deviceSlot).toBe('secondary');
    });

    it('normalises callback, flag, bus token and flow handler spellings', () => {
        expect(normalizeCallbackName('irq_mask')).toBe('mask');
        expect(normalizeCallbackName('mask')).toBe('mask');
        expect(normalizeCallbackName('irq_write_msi_msg')).toBe('write_msi_msg');
        expect(normalizeCallbackName('init-dev-msi-info')).toBe('init_dev_msi_info');
        expect(normalizeCallbackName('frobnicate')).toBeUndefined();
        expect(normalizeFlag('chip', 'IRQCHIP_ONESHOT_SAFE')).toBe('ONESHOT_SAFE');
        expect(normalizeFlag('domain', 'IRQ_DOMAIN_FLAG_ISOLATED_MSI')).toBe('ISOLATED_MSI');
        expect(normalizeFlag('msi', 'MSI_FLAG_MULTI_PCI_MSI')).toBe('MULTI_PCI_MSI');
        expect(normalizeFlag('msi', 'ONESHOT_SAFE')).toBeUndefined();
        expect(normalizeBusToken('DOMAIN_BUS_PCI_DEVICE_MSIX')).toBe('PCI_DEVICE_MSIX');
        expect(normalizeFlowHandler('edge')).toBe('handle_edge_irq');
        expect(normalizeFlowHandler('fasteoi')).toBe('handle_fasteoi_irq');
        expect(normalizeFlowHandler('percpu-devid')).toBe('handle_percpu_devid_irq');
        expect(normalizeFlowHandler('handle_level_irq')).toBe('handle_level_irq');
        expect(normalizeFlowHandler('sideways')).toBeUndefined();
    });

    it('parses and compares kernel versions, and knows the API windows', () => {
        expect(v('6.17')).toEqual({ major: 6, minor: 17, patch: 0 });
        expect(compareVersions(v('6.9'), v('6.10'))).toBeLessThan(0);
        expect(parseKernelVersion('six')).toBeUndefined();
        expect([hasImsApi(v('6.1')), hasImsApi(v('6.2')), hasImsApi(v('6.9')), hasImsApi(v('6.10'))]).toEqual([false, true, true, false]);
        expect([hasLegacyPlatformMsi(v('6.9')), hasLegacyPlatformMsi(v('6.10'))]).toEqual([true, false]);
        expect([maxDeviceDomains(v('6.5')), maxDeviceDomains(v('6.17'))]).toEqual([2, 1]);
        expect(defaultVectorWindow(v('6.17'))).toEqual({ from: 0x20, to: 0xEA });
        expect(defaultVectorWindow(v('6.9'))).toEqual({ from: 0x20, to: 0xEB });
    });

    it('names domains the way the kernel does', () => {
        expect(deviceDomainName('IR-', 'PCI-MSIX', '0000:03:00.0', 'PCI_DEVICE_MSIX')).toBe('IR-PCI-MSIX-0000:03:00.0-12');
        expect(namedDomainName('INTEL-IR-0', 'DMAR')).toBe('INTEL-IR-0-13');
        expect(busTokenNumber('PCI_DEVICE_IMS', v('6.5'))).toBe(15);
        expect(busTokenNumber('PCI_DEVICE_IMS', v('6.17'))).toBeUndefined();
        expect(busTokenNumber('DEVICE_MSI', v('6.9'))).toBe(16);
        expect(busTokenNumber('DEVICE_MSI', v('6.17'))).toBe(15);
    });

    it('sizes ITS ITTs like its_create_device()', () => {
        expect(itsIttSize(12, false)).toBe(16);
        expect(itsIttSize(1, false)).toBe(2);
        expect(itsIttSize(4, true)).toBe(32);
        expect(roundUpPowerOfTwo(33)).toBe(64);
    });

    it('lists the 51 rules of §3 with their checkers', () => {
        expect(RULES).toHaveLength(51);
        expect(RULES.filter(r => r.checkedBy === 'emulator').map(r => r.id)).toEqual([
            'R-CREATE-ORDER', 'R-ACT-ORDER', 'R-ACTIVATE-BEFORE-ENABLE', 'R-REQUEST-AFTER-ALLOC', 'R-NO-UNMASKED-REWRITE'
        ]);
        expect(ruleInfo('R-FLOW-ACK/EOI')?.group).toBe('chip');
        expect(ruleFileName('R-LPI/ITT')).toBe('R-LPI-ITT');
    });
});
