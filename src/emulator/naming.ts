// Kernel domain naming: `<prefix><CHIP>-<dev>-<bus token number>` for per-device domains, fwnode name plus
// `-<token>` for the others (irq_domain_update_bus_token()), and kernel version parsing.

import { effectiveRole } from '../kernel/model.js';
import { BUS_TOKEN } from './constants.js';
import type { DeviceSpec, DomainSpec } from './spec.js';
import type { KindDefaults } from './kind-defaults.js';

/** Parses "6.17", "6.2.1" into a comparable number major*1000+minor (default 6.17). */
export function kernelVersionNumber(version: string | undefined): number {
    const m = /^(\d+)\.(\d+)/.exec(version ?? '');
    if (!m) return 6017;
    return Number(m[1]) * 1000 + Number(m[2]);
}

/** Normalises "DOMAIN_BUS_PCI_DEVICE_MSIX" / "pci-device-msix" to "PCI_DEVICE_MSIX". */
export function normalizeBusToken(token: string): string {
    return token.replace(/^DOMAIN_BUS_/i, '').replace(/-/g, '_').toUpperCase();
}

/**
 * Number of a bus token for the kernel version. PCI_DEVICE_IMS existed only in v6.2-v6.9, between
 * AMDVI and DEVICE_MSI (so 15 there); for later kernels IMS is hypothetical and gets 17 (after
 * WIRED_TO_MSI) - an emulator choice, flagged by R-IMS-VERSION.
 */
export function busTokenNumber(token: string, kernel: number): number {
    const t = normalizeBusToken(token);
    if (t === 'PCI_DEVICE_IMS') return kernel < 6010 ? 15 : 17;
    const n = BUS_TOKEN[t];
    return n ?? 0;
}

/** The PCI requester id of "0000:03:00.0" (bus << 8 | dev << 3 | fn), or undefined. */
export function requesterId(bdf: string | undefined): number | undefined {
    if (!bdf) return undefined;
    const m = /^(?:[0-9a-fA-F]{4}:)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/.exec(bdf);
    if (!m) return undefined;
    return (parseInt(m[1], 16) << 8) | (parseInt(m[2], 16) << 3) | parseInt(m[3], 10);
}

/** The device name the kernel uses in domain names: the PCI BDF or the platform device name. */
export function deviceKernelName(dev: DeviceSpec): string {
    return dev.pci ?? dev.platform ?? dev.name;
}

/**
 * The kernel's `irq_domain->name` for a domain: explicit kernelName wins; per-device domains get
 * `<parent prefix><chip>-<dev>-<token number>` (e.g. IR-PCI-MSIX-0000:03:00.0-12); the x86 vector domain
 * is `VECTOR`; other domains use their (fwnode) name plus `-<token number>` when the token is not ANY
 * (e.g. INTEL-IR-0-13).
 */
export function kernelDomainName(
    d: DomainSpec, defaults: KindDefaults, chipName: string, parentPrefix: string,
    device: DeviceSpec | undefined, kernel: number
): string {
    if (d.kernelName) return d.kernelName;
    const token = normalizeBusToken(d.busToken ?? defaults.busToken);
    const num = busTokenNumber(token, kernel);
    const suffix = token === 'ANY' ? '' : `-${num}`;
    if (defaults.kind === 'vector') return 'VECTOR';
    if (defaults.kind === 'dmar-msi') return 'DMAR-MSI' + suffix;
    const role = effectiveRole(d.kind, [...defaults.domainFlags, ...(d.flags ?? [])], d.parent !== undefined);
    if (role === 'per-device') {
        const dev = device ? deviceKernelName(device) : d.name;
        return `${parentPrefix}${chipName}-${dev}${suffix}`;
    }
    if (role === 'legacy-global-msi') return `${parentPrefix}${chipName}${suffix}`;
    return d.name + suffix;
}
