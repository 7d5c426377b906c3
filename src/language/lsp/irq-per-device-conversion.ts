// The quick fix that turns a shared domain (global platform-MSI, 2020 dev-msi, global PCI/MSI, shared IMS) into
// one per-device MSI domain per user device under the right MSI parent, re-pointing the devices' interrupts.
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Domain } from '../generated/ast.js';
import type { ResolvedDevice, ResolvedDomain } from '../validation/resolved-topology.js';
import { EditBuilder } from './irq-text-edits.js';

/** What the conversion would do, for the action title and the edits. */
export interface PerDeviceConversion {
    readonly title: string;
    readonly edits: EditBuilder;
}

const KIND_TOKEN: Record<string, string> = {
    'pci-msix': 'PCI_DEVICE_MSIX', 'pci-msi': 'PCI_DEVICE_MSI', 'ims': 'PCI_DEVICE_IMS', 'device-msi': 'DEVICE_MSI'
};
const KIND_SUFFIX: Record<string, string> = { 'pci-msix': 'MSIX', 'pci-msi': 'MSI', 'ims': 'IMS', 'device-msi': 'MSI' };

/** The per-device kinds to try for a device that used `source`, best first. */
function kindsFor(source: ResolvedDomain, device: ResolvedDevice): string[] {
    if (source.kind === 'global-pci-msi') {
        return device.node.msixTable !== undefined || device.node.msiVectors === undefined ? ['pci-msix', 'pci-msi'] : ['pci-msi', 'pci-msix'];
    }
    if (source.isIms || source.kind === 'dev-msi') return device.isPci ? ['ims', 'device-msi'] : ['device-msi'];
    return device.isPci ? ['device-msi', 'ims', 'pci-msix'] : ['device-msi'];
}

const accepts = (parent: ResolvedDomain, kind: string): boolean => parent.accepts.size === 0 || parent.accepts.has(KIND_TOKEN[kind]);

/**
 * Builds the conversion of `node` into per-device domains, or undefined when there is nothing to convert
 * (no MSI parent above it, or no device in this file uses it).
 */
export function perDeviceConversion(document: LangiumDocument, services: LangiumServices, source: ResolvedDomain): PerDeviceConversion | undefined {
    const msiParent = source.chain.slice(1).find(d => d.isMsiParent);
    if (!msiParent) return undefined;
    const local = (node: AstNode) => AstUtils.findRootNode(node) === document.parseResult.value;
    const users = new Set<ResolvedDevice>();
    for (const interrupt of source.interrupts) {
        if (interrupt.device !== source.owner && local(interrupt.node)) users.add(interrupt.device);
    }
    if (users.size === 0) return undefined;
    const names = new Set(source.topology.domains.map(d => d.name));
    const edits = new EditBuilder(document);
    const replaced = new Set<AstNode>();
    const parents = new Set<string>();
    for (const device of users) {
        const behind = device.behind;
        const parent = behind?.isMsiParent ? behind : msiParent;
        const kind = kindsFor(source, device).find(k => accepts(parent, k));
        if (!kind) continue;
        let name = `${device.name.toUpperCase()}-${KIND_SUFFIX[kind]}`;
        for (let n = 2; names.has(name); n++) name = `${device.name.toUpperCase()}-${KIND_SUFFIX[kind]}-${n}`;
        names.add(name);
        parents.add(parent.name);
        edits.addToDevice(device.node, `domain ${name} : ${kind} parent ${parent.name}`);
        for (const interrupt of device.interrupts) {
            if (interrupt.domain !== source) continue;
            edits.replaceProperty(interrupt.node, 'domain', name);
            replaced.add(interrupt.node);
        }
    }
    if (replaced.size === 0) return undefined;
    if (local(source.node) && !hasOtherReferences(services, source.node, document, replaced)) edits.deleteNode(source.node);
    return {
        title: `Give each device its own per-device MSI domain under ${[...parents].join(', ')} (instead of ${source.name})`,
        edits
    };
}

/** References to `target` other than the `replaced` interrupts' domain references (in any document). */
function hasOtherReferences(services: LangiumServices, target: Domain, document: LangiumDocument, replaced: Set<AstNode>): boolean {
    const locator = services.workspace.AstNodeLocator;
    const replacedPaths = new Set([...replaced].map(n => locator.getAstNodePath(n)));
    const references = services.shared.workspace.IndexManager.findAllReferences(target, locator.getAstNodePath(target));
    return references.some(r => r.sourceUri.toString() !== document.uri.toString() || !replacedPaths.has(r.sourcePath));
}
