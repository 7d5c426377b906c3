// Layering rules of kernel-irq.md §3.E (design policy from the 2020 DEV_MSI review and the merged code):
// no platform-MSI or global PCI/MSI domains, no driver data in msi_desc, slots managed by the IMS domain, one
// IMS domain per device, no platform callbacks, the IMS API version window, no legacy maps.
import { MSI_DESC_COOKIES, formatVersion, hasImsApi, hasLegacyPlatformMsi, normalizeCallbackName, normalizeFlag } from '../../kernel/model.js';
import type { Callback } from '../generated/ast.js';
import type { ResolvedDomain } from './resolved-topology.js';
import { listNames } from './rule-report.js';
import { devicesUsing, type RuleOutput } from './rule-output.js';

const LEGACY_ENCODINGS = ['legacy', 'simple', 'nomap', 'no-map'];

/** The MSI parent a global MSI domain hangs off (its nearest MSI-parent ancestor). */
function nearestMsiParent(domain: ResolvedDomain): ResolvedDomain | undefined {
    return domain.chain.slice(1).find(d => d.isMsiParent);
}

/** Checks of §3.E; one method per rule. */
export class DesignPolicyRules {
    /** R-NO-PLATFORM-MSI: no global platform-MSI / dev-msi domains. */
    checkNoPlatformMsi(domain: ResolvedDomain, out: RuleOutput): void {
        const platformLike = domain.kind === 'platform-msi' || domain.kind === 'dev-msi'
            || (domain.kind === 'custom' && !domain.isDeviceDomain && domain.busToken === 'PLATFORM_MSI');
        if (!platformLike) return;
        const version = domain.topology.kernel;
        const old = hasLegacyPlatformMsi(version);
        const parent = nearestMsiParent(domain);
        const what = domain.kind === 'dev-msi'
            ? 'a global dev-msi domain (the 2020 DEV_MSI RFC, built on platform-MSI)'
            : 'a global platform-MSI domain';
        out.report({
            rule: 'R-NO-PLATFORM-MSI', severity: old ? 'warning' : 'error',
            message: `${domain.name} is ${what}: platform_msi is "a crutch" ${old ? `(kernel ${formatVersion(version)} still has it, v6.10 removed it)` : `and its API is gone after v6.9 (kernel ${formatVersion(version)})`}; give each device its own per-device MSI domain on the MSI parent${parent ? ` ${parent.name}` : ''}.`,
            at: { node: domain.node, property: 'kind' },
            related: parent ? [{ node: parent.node, property: 'name', message: `MSI parent ${parent.name}` }] : []
        });
    }

    /** R-NO-GLOBAL-PCIMSI: no global PCI/MSI domains for new controllers. */
    checkNoGlobalPciMsi(domain: ResolvedDomain, out: RuleOutput): void {
        const global = domain.kind === 'global-pci-msi' || (domain.kind === 'custom' && !domain.isDeviceDomain && domain.busToken === 'PCI_MSI');
        if (!global) return;
        const parent = nearestMsiParent(domain);
        out.report({
            rule: 'R-NO-GLOBAL-PCIMSI', severity: 'warning',
            message: `${domain.name} is a global PCI/MSI domain shared by all devices (pci_msi_create_irq_domain()): MSI controllers are MSI parents now, with a per-device PCI/MSI-X domain for each device${parent ? ` on ${parent.name}` : ''}.`,
            at: { node: domain.node, property: 'kind' },
            related: parent ? [{ node: parent.node, property: 'name', message: `MSI parent ${parent.name}` }] : []
        });
    }

    /** R-MSIDESC-NO-DRIVERDATA: only dcookie/icookie in msi_desc. */
    checkMsiDescNoDriverData(domain: ResolvedDomain, out: RuleOutput): void {
        if (domain.node.descData.length === 0) return;
        const keep = domain.node.descData.filter(item => MSI_DESC_COOKIES.includes(item.toLowerCase()));
        domain.node.descData.forEach((item, index) => {
            if (MSI_DESC_COOKIES.includes(item.toLowerCase())) return;
            out.report({
                rule: 'R-MSIDESC-NO-DRIVERDATA', severity: 'error',
                message: `${domain.name} stores '${item}' in msi_desc: msi_desc is not a dumping ground for driver data; per-interrupt data goes only into the domain's dcookie or the allocator's icookie (struct msi_desc_data).`,
                at: { node: domain.node, property: 'descData', index },
                data: { keep }
            });
        });
    }

    /** R-SLOT-IN-DOMAIN: the IMS domain manages its slots. */
    checkSlotInDomain(domain: ResolvedDomain, out: RuleOutput): void {
        if (domain.node.slotAlloc !== 'driver') return;
        out.report({
            rule: 'R-SLOT-IN-DOMAIN', severity: 'error',
            message: `Slots of ${domain.name} are allocated by the driver: slot management is the irq domain's job (alloc/free, prepare_desc) and mask/unmask the chip's; no driver-specific resource management glued onto generic code.`,
            at: { node: domain.node, property: 'slotAlloc' },
            related: devicesUsing(domain).filter(d => d.node.imsSlots !== undefined).slice(0, 1)
                .map(d => ({ node: d.node, property: 'imsSlots', message: `${d.name}: the slot storage the domain manages` }))
        });
    }

    /** R-IMS-PER-DEVICE: one IMS domain per device. */
    checkImsPerDevice(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isIms && domain.kind !== 'dev-msi') return;
        const devices = devicesUsing(domain);
        if (devices.length < 2) return;
        const others = devices.filter(d => d !== domain.owner);
        out.report({
            rule: 'R-IMS-PER-DEVICE', severity: 'warning',
            message: `${domain.isIms ? 'IMS domain' : 'The dev-msi domain'} ${domain.name} serves the IMS storage of ${devices.length} devices (${listNames(devices.map(d => d.name))}): IMS slot storage is device specific, so each device gets its own IMS domain instance.`,
            at: { node: domain.node, property: 'name' },
            related: others.slice(0, 3).map(d => {
                const interrupt = d.interrupts.find(i => i.domain === domain);
                return interrupt ? { node: interrupt.node, property: 'domain', message: `${d.name} uses ${domain.name}` } : undefined;
            })
        });
    }

    /** R-NO-PLATFORM-CALLBACKS: no platform indirections in callbacks. */
    checkNoPlatformCallbacks(domain: ResolvedDomain, out: RuleOutput): void {
        if (domain.node.chips.length === 0 && !domain.node.ops) return;
        for (const callback of domain.node.chips[0]?.callbacks ?? []) this.reportPlatformCallback(domain, callback, out);
        for (const callback of domain.node.ops?.callbacks ?? []) this.reportPlatformCallback(domain, callback, out);
    }

    private reportPlatformCallback(domain: ResolvedDomain, callback: Callback, out: RuleOutput): void {
        if (callback.mode !== 'platform') return;
        const op = normalizeCallbackName(callback.name) ?? callback.name;
        out.report({
            rule: 'R-NO-PLATFORM-CALLBACKS', severity: 'warning',
            message: `${domain.name}'s ${op} goes through a platform callback${callback.function ? ` (${callback.function.replace(/"/g, '')})` : ''}: no "zoo of platform callbacks"; the device specifics belong in ${domain.name}'s own chip and ops.`,
            at: { node: callback, property: 'mode' },
            data: { op }
        });
    }

    /** R-IMS-VERSION: the PCI/IMS API exists in v6.2-v6.9 only. */
    checkImsVersion(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isIms) return;
        const version = domain.topology.kernel;
        if (hasImsApi(version)) return;
        out.report({
            rule: 'R-IMS-VERSION', severity: 'warning',
            message: `${domain.name} is a PCI/IMS domain, but kernel ${formatVersion(version)} has no PCI/IMS API (present in v6.2-v6.9, reverted in 2024): the design stands, the API (pci_create_ims_domain(), DOMAIN_BUS_PCI_DEVICE_IMS) must be re-added.`,
            at: { node: domain.node, property: domain.kind === 'ims' ? 'kind' : 'busToken' },
            related: domain.topology.node?.kernel ? [{ node: domain.topology.node, property: 'kernel', message: `target kernel ${formatVersion(version)}` }] : []
        });
    }

    /** R-LEGACY-MAPS: no legacy, simple or NOMAP domains. */
    checkLegacyMaps(domain: ResolvedDomain, out: RuleOutput): void {
        domain.node.flags.forEach((flag, index) => {
            if (normalizeFlag('domain', flag) !== 'NO_MAP') return;
            out.report({
                rule: 'R-LEGACY-MAPS', severity: 'warning',
                message: `${domain.name} is a NOMAP domain (IRQ_DOMAIN_FLAG_NO_MAP): new code uses hierarchical linear or tree domains.`,
                at: { node: domain.node, property: 'flags', index }
            });
        });
        const encoding = domain.node.encoding;
        if (encoding && LEGACY_ENCODINGS.includes(encoding.toLowerCase())) {
            out.report({
                rule: 'R-LEGACY-MAPS', severity: 'warning',
                message: `${domain.name} uses a ${encoding} hwirq map: legacy and simple (fixed range) domains are for old code; new domains are hierarchical linear or tree domains.`,
                at: { node: domain.node, property: 'encoding' }
            });
        }
        for (const callback of domain.node.ops?.callbacks ?? []) {
            const op = normalizeCallbackName(callback.name);
            if ((op !== 'map' && op !== 'xlate') || callback.mode === 'none') continue;
            out.report({
                rule: 'R-LEGACY-MAPS', severity: 'warning',
                message: `${domain.name} implements the legacy ${op} interface: new domains implement alloc/translate (the hierarchical interface).`,
                at: { node: callback, property: 'name' }
            });
        }
    }
}
