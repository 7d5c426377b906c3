// Device and interrupt lowering: `device nic0 pci 0000:03:00.0 { msix table 64  irq q[8] : D index 1 ... }`
// → DeviceSpec (with the msi/msix/ims declarations' own lines) and InterruptSpecs named `device.irq`.
import type { Device, Interrupt } from '../language/generated/ast.js';
import { normalizeFlowHandler } from '../kernel/model.js';
import type { DeviceSpec, DomainSpec, InterruptSpec, Trigger } from '../emulator/spec.js';
import { elaborateDomain, refName, unquote } from './domains.js';
import type { ElaborationError } from './elaboration-error.js';
import { expandRanges } from './ranges.js';
import { locOf, locOfClause } from './source-loc.js';

/** What one device contributes to the SystemSpec. */
export interface ElaboratedDevice {
    device: DeviceSpec;
    domains: DomainSpec[];
    interrupts: InterruptSpec[];
}

/** One `irq` line; the interrupt is named `device.irq` as scenarios reference it. */
export function elaborateInterrupt(irq: Interrupt, device: string, errors: ElaborationError[]): InterruptSpec {
    const spec: InterruptSpec = { name: `${device}.${irq.name}`, device, domain: refName(irq.domain) ?? '' };
    if (irq.count !== undefined) spec.count = irq.count;
    if (irq.index !== undefined) spec.index = irq.index;
    if (irq.indexKind) spec.indexKind = irq.indexKind;
    if (irq.anyIndex) spec.anyIndex = true;
    if (irq.trigger) spec.trigger = irq.trigger as Trigger;
    if (irq.flow) spec.flow = normalizeFlowHandler(irq.flow) ?? irq.flow;
    if (irq.affinity.length > 0) spec.affinity = expandRanges(irq.affinity, `irq ${spec.name}: affinity`, errors);
    if (irq.managed) spec.managed = true;
    if (irq.threaded) spec.threaded = true;
    if (irq.oneshot) spec.oneshot = true;
    if (irq.nmi) spec.nmi = true;
    if (irq.cookie !== undefined) spec.cookie = irq.cookie;
    const loc = locOf(irq);
    if (loc) spec.loc = loc;
    return spec;
}

/** Lowers a device with its own domains and interrupts. */
export function elaborateDevice(device: Device, errors: ElaborationError[]): ElaboratedDevice {
    const spec: DeviceSpec = { name: device.name };
    if (device.bdf) spec.pci = device.bdf;
    if (device.platformName !== undefined) spec.platform = unquote(device.platformName);
    const behind = refName(device.iommu);
    if (behind) spec.behind = behind;
    if (device.assignment) spec.assigned = device.assignment;
    if (device.deviceId !== undefined) spec.deviceId = device.deviceId;
    if (device.msiVectors !== undefined) {
        spec.msi = { vectors: device.msiVectors, loc: locOfClause(device, 'msi', 'msiVectors', 'msiMaskable') };
        if (device.msiMaskable) spec.msi.maskable = true;
    }
    if (device.msixTable !== undefined) spec.msix = { tableSize: device.msixTable, loc: locOfClause(device, 'msix', 'msixTable') };
    if (device.imsSlots !== undefined) {
        spec.ims = { slots: device.imsSlots, loc: locOfClause(device, 'ims', 'imsSlots', 'imsStorage') };
        if (device.imsStorage) spec.ims.storage = device.imsStorage;
    }
    const loc = locOf(device);
    if (loc) spec.loc = loc;
    return {
        device: spec,
        domains: device.domains.map(d => elaborateDomain(d, device.name, errors)),
        interrupts: device.irqs.map(irq => elaborateInterrupt(irq, device.name, errors))
    };
}
