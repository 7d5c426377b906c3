// Layering rules of kernel-irq.md §3.B (irq chips and callbacks): delegation to the immediate parent only,
// leaf chips that mask and write but do not compose, flow handlers whose callbacks exist, level MSI, NMI, ONESHOT.
import { CORE_AFFINITY_HELPERS, DELEGATION_ENOSYS, DELEGATION_REQUIRED, FLOW_HANDLERS, normalizeFlag } from '../../kernel/model.js';
import type { ResolvedCallback, ResolvedDomain, ResolvedInterrupt } from './resolved-topology.js';
import { arrow, listNames } from './rule-report.js';
import { deviceOf, parentPlace, type RuleOutput } from './rule-output.js';

/** The flow results of one leaf (or shared chip owner): the first one computed, and any others by key. */
interface FlowResults {
    readonly key: string;
    readonly result: FlowResult;
    others?: Map<string, FlowResult>;
}

/** Where to point at a callback: its target name or its mode keyword. */
function callbackPlace(callback: ResolvedCallback) {
    const node = callback.node!;
    return { node, property: node.target ? 'target' : node.mode ? 'mode' : 'name' };
}

/** How `other` relates to `domain`, for messages. */
function relation(domain: ResolvedDomain, other: ResolvedDomain): string {
    if (domain.chain.includes(other)) return `an ancestor ${domain.chain.indexOf(other)} levels up`;
    if (other.chain.includes(domain)) return `a ${other.chain.indexOf(domain) === 1 ? 'child' : 'descendant'}`;
    if (other.parent && other.parent === domain.parent) return 'a sibling';
    return 'an unrelated domain';
}

const FLOW_REASON: Record<string, string> = {
    ack: 'it acks every interrupt unconditionally',
    eoi: 'it ends every interrupt with irq_eoi unconditionally',
    mask: 'it masks the line while handling it',
    mask_ack: 'it masks and acks the line while handling it'
};

interface FlowResult {
    readonly ok: boolean;
    readonly missing?: { op: string; at: ResolvedDomain };
}

/** The result of every flow whose handler finds what it calls (one object, kept by every leaf). */
const flowOk: FlowResult = Object.freeze({ ok: true });

/** Checks of §3.B; one method per rule. */
export class ChipCallbackRules {
    private readonly flowResults = new WeakMap<ResolvedDomain, FlowResults>();

    /** R-DELEGATE-PARENT-ONLY: delegation goes to the immediate parent only. */
    checkDelegateParentOnly(domain: ResolvedDomain, out: RuleOutput): void {
        for (const callback of domain.writtenCallbacks) {
            const target = callback.target;
            if (callback.mode !== 'target' || !target || target === domain.parent || target === domain) continue;
            const parent = domain.parent;
            out.report({
                rule: 'R-DELEGATE-PARENT-ONLY', severity: 'error',
                message: `${domain.name} delegates ${callback.op} to ${target.name}, ${relation(domain, target)}, not its immediate parent${parent ? ` ${parent.name}` : ''}: a level acts on its own hardware or calls its parent (irq_chip_*_parent); walks across levels are the core's job.`,
                at: callbackPlace(callback),
                related: [{ node: target.node, property: 'name', message: `${target.name} (${relation(domain, target)})` }],
                data: { op: callback.op, parent: parent?.name }
            });
        }
    }

    /** R-DELEGATE-EXISTS: a delegated callback exists at the parent. */
    checkDelegateExists(domain: ResolvedDomain, out: RuleOutput): void {
        for (const callback of domain.writtenCallbacks) {
            const op = callback.op;
            const required = DELEGATION_REQUIRED.includes(op);
            if (!required && !DELEGATION_ENOSYS.includes(op)) continue;
            if (!(callback.mode === 'parent' || (callback.mode === 'target' && callback.target && callback.target === domain.parent))) continue;
            const parent = domain.parent;
            const resolution = parent?.resolveOp(op, false);
            if (resolution?.ok) continue;
            const missingAt = resolution?.at;
            const effect = required ? 'calls it unconditionally (NULL dereference)' : 'returns -ENOSYS';
            out.report({
                rule: 'R-DELEGATE-EXISTS', severity: required ? 'error' : 'warning',
                message: parent && missingAt
                    ? `${domain.name} delegates ${op} to ${parent.name}, but ${missingAt === parent ? parent.name : `${missingAt.name} (reached through ${parent.name})`} has no ${op} (chip ${missingAt.chip.name}): irq_chip_${op}_parent() ${effect}.`
                    : `${domain.name} delegates ${op} to its parent, but it has no parent: irq_chip_${op}_parent() ${effect}.`,
                at: callbackPlace(callback),
                related: missingAt ? [{ node: missingAt.node, property: 'name', message: `${missingAt.name}'s chip ${missingAt.chip.name} has no ${op}` }] : [],
                data: { op, mode: 'self' }
            });
        }
    }

    /** R-LEAF-WRITE: device-domain chips write the message and do not compose it. */
    checkLeafWrite(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isDeviceDomain) return;
        const chip = domain.chip;
        const write = chip.callbacks.get('write_msi_msg');
        if (!write || write.mode === 'none' || write.mode === 'parent' || write.mode === 'target') {
            out.report({
                rule: 'R-LEAF-WRITE', severity: 'error',
                message: `Device domain ${domain.name}'s chip ${chip.name} does not implement write_msi_msg${write?.mode === 'parent' ? ' (there is no parent helper for it)' : ''}: the leaf stores the message in the device (MSI-X table, IMS slot), so every device domain writes it.`,
                at: write?.node ? callbackPlace(write) : { node: domain.node, property: 'name' },
                data: { op: 'write_msi_msg', mode: 'self' }
            });
        }
        const compose = chip.callbacks.get('compose_msi_msg');
        if (compose && (compose.mode === 'self' || compose.mode === 'platform')) {
            const above = domain.parent?.composer;
            out.report({
                rule: 'R-LEAF-WRITE', severity: 'warning',
                message: `Device domain ${domain.name}'s chip composes the MSI message itself: composing belongs to the level that owns the target (${above?.name ?? 'the MSI parent'}); irq_chip_compose_msi_msg() stops at the first composer, so the leaf would shadow it.`,
                at: compose.node ? callbackPlace(compose) : { node: domain.node, property: 'name' },
                related: above ? [{ node: above.node, property: 'name', message: `${above.name} composes` }] : [],
                data: { op: 'compose_msi_msg', mode: 'none' }
            });
        }
    }

    /** R-COMPOSER-EXISTS: some level composes the message of every MSI leaf. */
    checkComposerExists(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isMsiLeaf || !domain.chainOk || domain.composer) return;
        const root = domain.root!;
        out.report({
            rule: 'R-COMPOSER-EXISTS', severity: 'error',
            message: `No level on ${arrow(domain.chain.map(d => d.name))} composes the MSI message of ${domain.name}: msi_domain_activate() BUG()s when irq_chip_compose_msi_msg() finds no chip with compose_msi_msg.`,
            at: { node: domain.node, property: 'name' },
            related: [{ node: root.node, property: 'name', message: `root ${root.name} (chip ${root.chip.name}) does not compose either` }]
        });
    }

    /** R-LEAF-MASK: device-domain chips mask and unmask. */
    checkLeafMask(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isDeviceDomain) return;
        for (const op of ['mask', 'unmask']) {
            const callback = domain.chip.callbacks.get(op);
            if (callback && callback.mode !== 'none') continue;
            out.report({
                rule: 'R-LEAF-MASK', severity: 'error',
                message: `Device domain ${domain.name}'s chip ${domain.chip.name} has no ${op}: msi_domain_update_chip_ops() BUG()s on an MSI chip without irq_mask/irq_unmask; every vector must be maskable at the device.`,
                at: callback?.node ? callbackPlace(callback) : { node: domain.node, property: 'name' },
                data: { op, mode: 'self' }
            });
        }
    }

    /** R-LEAF-NO-AFFINITY: device-domain chips leave affinity to the parent. */
    checkLeafNoAffinity(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isDeviceDomain) return;
        const callback = domain.chip.callbacks.get('set_affinity');
        if (callback?.mode !== 'self' || (callback.fn && CORE_AFFINITY_HELPERS.includes(callback.fn))) return;
        const ims = domain.isIms;
        out.report({
            rule: 'R-LEAF-NO-AFFINITY', severity: ims ? 'error' : 'warning',
            message: `Device domain ${domain.name}'s chip implements set_affinity itself: affinity is the parent's job (msi_domain_set_affinity asks ${domain.parent?.name ?? 'the parent'} and rewrites the message)${ims ? '; pci_create_ims_domain() rejects a template with irq_set_affinity' : ''}.`,
            at: callback.node ? callbackPlace(callback) : { node: domain.node, property: 'name' },
            data: { op: 'set_affinity', mode: 'parent' }
        });
    }

    /** R-SLOW-BUS: queue-memory IMS storage needs bus lock / sync unlock. */
    checkSlowBus(domain: ResolvedDomain, out: RuleOutput): void {
        if (!domain.isIms) return;
        const device = deviceOf(domain);
        if (device?.node.imsStorage !== 'queue') return;
        const missing = ['bus_lock', 'bus_sync_unlock'].filter(op => {
            const mode = domain.chip.callbacks.get(op)?.mode;
            return mode !== 'self' && mode !== 'platform';
        });
        if (missing.length === 0) return;
        const chipNode = domain.chip.node;
        out.report({
            rule: 'R-SLOW-BUS', severity: 'warning',
            message: `IMS domain ${domain.name} stores messages in queue memory (device ${device.name}), but its chip has no ${listNames(missing)}: mask/unmask/write run under a raw spinlock, so a slow message store is updated in irq_bus_sync_unlock().`,
            at: chipNode ? { node: chipNode, property: 'name' } : { node: domain.node, property: 'name' },
            related: [{ node: device.node, property: 'imsStorage', message: `${device.name}: IMS storage in queue memory` }],
            data: { ops: missing }
        });
    }

    /** R-FLOW-ACK/EOI: the flow handler's callbacks resolve. */
    checkFlowAckEoi(interrupt: ResolvedInterrupt, out: RuleOutput): void {
        const leaf = interrupt.domain;
        if (!leaf?.chainOk) return;
        const flow = leaf.flowFor(interrupt);
        if (!flow) return;
        const result = this.flowResult(leaf, flow);
        if (result.ok || !result.missing) return;
        const { op, at } = result.missing;
        const writtenFlow = !!interrupt.node.flow && !leaf.installedFlow;
        const alternative = writtenFlow ? this.workingFlow(leaf, interrupt, flow) : undefined;
        out.report({
            rule: 'R-FLOW-ACK/EOI', severity: 'error',
            message: `${interrupt.label} is handled by ${flow}, which calls irq_${op}, but nothing on ${arrow(leaf.chain.map(d => d.name))} provides it (${at.name}'s chip ${at.chip.name} has no ${op}): ${FLOW_REASON[op] ?? 'the handler calls it'}.`,
            at: { node: interrupt.node, property: writtenFlow ? 'flow' : 'domain' },
            related: [{ node: at.node, property: 'name', message: `${at.name}: no ${op}` }],
            data: alternative ? { flow: alternative } : {}
        });
    }

    /**
     * The flow check of a leaf, computed once per leaf and flow - or once per (shared default chip, parent,
     * flow) when the leaf writes no chip of its own, so that thousands of identical device domains cost one.
     */
    private flowResult(leaf: ResolvedDomain, flow: string): FlowResult {
        const shareKey = leaf.chip.shareKey;
        const owner = shareKey && leaf.parent ? leaf.parent : leaf;
        const key = shareKey && leaf.parent ? `${shareKey}|${flow}` : flow;
        const perLeaf = this.flowResults.get(owner);
        if (!perLeaf) {
            const result = this.computeFlow(leaf, flow);
            this.flowResults.set(owner, { key, result });
            return result;
        }
        if (perLeaf.key === key) return perLeaf.result;
        let result = perLeaf.others?.get(key);
        if (!result) {
            result = this.computeFlow(leaf, flow);
            (perLeaf.others ??= new Map()).set(key, result);
        }
        return result;
    }

    private computeFlow(leaf: ResolvedDomain, flow: string): FlowResult {
        const handler = FLOW_HANDLERS[flow];
        if (!handler || handler.requires.length === 0) return flowOk;
        let firstMissing: { op: string; at: ResolvedDomain } | undefined;
        for (const alternative of handler.requires) {
            let miss: { op: string; at: ResolvedDomain } | undefined;
            for (let i = 0; i < alternative.length && !miss; i++) {
                const resolution = leaf.resolveOp(alternative[i]);
                if (!resolution.ok) miss = { op: alternative[i], at: resolution.at };
            }
            if (!miss) return flowOk;
            firstMissing ??= miss;
        }
        return { ok: false, missing: firstMissing };
    }

    private workingFlow(leaf: ResolvedDomain, interrupt: ResolvedInterrupt, current: string): string | undefined {
        const byTrigger = leaf.info?.flowByTrigger;
        const candidates = [
            byTrigger ? (interrupt.levelTriggered ? byTrigger.level : byTrigger.edge) : undefined,
            'handle_edge_irq', 'handle_fasteoi_irq', 'handle_level_irq'
        ];
        return candidates.find(c => c && c !== current && this.flowResult(leaf, c).ok);
    }

    /** R-ONE-FLOW-HANDLER: the leaf's installed handler wins over the one asked for. */
    checkOneFlowHandler(interrupt: ResolvedInterrupt, out: RuleOutput): void {
        const leaf = interrupt.domain;
        const installed = leaf?.installedFlow;
        if (!leaf || !installed || !interrupt.flow || interrupt.flow === installed) return;
        const installer = leaf.node.flow || leaf.info?.flow || leaf.isMsiLeaf ? undefined : leaf.chain.slice(1).find(d => d.info?.childrenFlow === installed);
        const how = leaf.node.flow ? 'its flow clause'
            : installer ? `${installer.name}'s alloc, for every level below it`
                : leaf.isMsiLeaf ? "msi_init, which runs after the parent's alloc" : 'its alloc';
        out.report({
            rule: 'R-ONE-FLOW-HANDLER', severity: 'warning',
            message: `${interrupt.label} asks for ${interrupt.flow}, but its leaf ${leaf.name} installs ${installed} (${how}) and the last handler installed wins: there is one flow handler per Linux irq.`,
            at: { node: interrupt.node, property: 'flow' },
            related: [{ node: leaf.node, property: leaf.node.flow ? 'flow' : 'kind', message: `${leaf.name} installs ${installed}` }],
            data: { flow: installed }
        });
    }

    /** R-LEVEL-MSI: level MSIs need LEVEL_CAPABLE and a level-capable composer; PCI is edge only. */
    checkLevelMsi(interrupt: ResolvedInterrupt, out: RuleOutput): void {
        const leaf = interrupt.domain;
        if (!interrupt.levelTriggered || !leaf?.isMsiLeaf || leaf.busToken === 'WIRED_TO_MSI' || !leaf.chainOk) return;
        const at = { node: interrupt.node, property: 'trigger' };
        if (leaf.isPci) {
            out.report({
                rule: 'R-LEVEL-MSI', severity: 'error',
                message: `${interrupt.label} is level-triggered on the PCI ${leaf.kind} domain ${leaf.name}: PCI/MSI is edge only (a posted write has no deassert); the PCI/MSI domain strips MSI_FLAG_LEVEL_CAPABLE.`,
                at, related: [{ node: leaf.node, property: 'kind', message: `${leaf.name} is ${leaf.kind}` }],
                data: { trigger: 'edge' }
            });
            return;
        }
        const capable = leaf.msiFlags.has('LEVEL_CAPABLE');
        const composer = leaf.composer;
        const chipLevel = composer?.chip.flags.has('SUPPORTS_LEVEL_MSI') ?? false;
        if (capable && chipLevel) return;
        const missing: string[] = [];
        if (!capable) missing.push(leaf.ownMsiFlags.has('LEVEL_CAPABLE') ? `MSI_FLAG_LEVEL_CAPABLE (${leaf.parent?.name} does not support it)` : `MSI_FLAG_LEVEL_CAPABLE on ${leaf.name}`);
        if (!chipLevel) missing.push(`IRQCHIP_SUPPORTS_LEVEL_MSI on the composing chip${composer ? ` ${composer.chip.name}` : ''}`);
        out.report({
            rule: 'R-LEVEL-MSI', severity: 'error',
            message: `${interrupt.label} is a level-triggered MSI, but ${listNames(missing)} ${missing.length > 1 ? 'are' : 'is'} missing: a level MSI needs two messages (assert/deassert) and msi_check_level() refuses it otherwise.`,
            at, related: composer ? [{ node: composer.node, property: 'name', message: `${composer.name} composes the message` }] : []
        });
    }

    /** R-NMI-ROOT: SUPPORTS_NMI only on root chips. */
    checkNmiRoot(domain: ResolvedDomain, out: RuleOutput): void {
        const chip = domain.node.chips[0];
        const parent = domain.parent;
        if (!chip || domain.node.parents.length === 0) return;
        chip.flags.forEach((flag, index) => {
            if (normalizeFlag('chip', flag) !== 'SUPPORTS_NMI') return;
            out.report({
                rule: 'R-NMI-ROOT', severity: 'error',
                message: `Chip ${chip.name} of ${domain.name} claims SUPPORTS_NMI, but ${domain.name} has a parent${parent ? ` (${parent.name})` : ''}: NMIs are set up at the root irqchip only (irq_supports_nmi() refuses interrupts with parent_data).`,
                at: { node: chip, property: 'flags', index },
                related: parent ? [{ node: parent.node, property: 'name', message: `parent ${parent.name}` }] : [],
                data: { flag }
            });
        });
    }

    /**
     * R-NMI-ROOT (interrupt part): an NMI sits directly on a root chip that supports NMIs. §3 states the rule for
     * chip flags; this consequence for `nmi` interrupts (request_nmi() refuses them) is reported as a warning.
     */
    checkNmiInterrupt(interrupt: ResolvedInterrupt, out: RuleOutput): void {
        const leaf = interrupt.domain;
        if (!interrupt.node.nmi || !leaf) return;
        const parent = leaf.parent;
        const supported = leaf.chip.flags.has('SUPPORTS_NMI');
        if (!parent && supported) return;
        out.report({
            rule: 'R-NMI-ROOT', severity: 'warning',
            message: parent
                ? `${interrupt.label} is requested as an NMI, but its domain ${leaf.name} has a parent (${parent.name}): only interrupts directly on a root irqchip can be NMIs (irq_supports_nmi() refuses interrupts with parent_data).`
                : `${interrupt.label} is requested as an NMI, but ${leaf.name}'s chip ${leaf.chip.name} does not have SUPPORTS_NMI: request_nmi() refuses it.`,
            at: { node: interrupt.node, property: 'nmi' },
            related: [{ node: leaf.chip.node ?? leaf.node, property: 'name', message: parent ? `${leaf.name}: not a root` : `${leaf.chip.name}: no IRQCHIP_SUPPORTS_NMI` }]
        });
    }

    /** R-ONESHOT: threaded without primary handler needs ONESHOT or a ONESHOT_SAFE chip. */
    checkOneshot(interrupt: ResolvedInterrupt, out: RuleOutput): void {
        const leaf = interrupt.domain;
        if (!interrupt.node.threaded || interrupt.node.oneshot || !leaf || leaf.chip.flags.has('ONESHOT_SAFE')) return;
        out.report({
            rule: 'R-ONESHOT', severity: 'error',
            message: `${interrupt.label} is threaded with no primary handler but not oneshot, and ${leaf.name}'s chip ${leaf.chip.name} is not ONESHOT_SAFE: __setup_irq() refuses the request (the line would keep firing until the thread runs).`,
            at: { node: interrupt.node, property: 'threaded' },
            related: [{ node: leaf.chip.node ?? leaf.node, property: 'name', message: `${leaf.chip.name}: no IRQCHIP_ONESHOT_SAFE` }]
        });
    }

    /** R-MASK-PARENT: PCI_MSI_MASK_PARENT only when the parent can mask. */
    checkMaskParent(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (!domain.isMsiLeaf || !domain.chainOk || !parent || !domain.msiFlags.has('PCI_MSI_MASK_PARENT')) return;
        const missing = ['mask', 'unmask'].filter(op => !parent.resolveOp(op, false).ok);
        if (missing.length === 0) return;
        const index = domain.node.msiFlags.findIndex(f => normalizeFlag('msi', f) === 'PCI_MSI_MASK_PARENT');
        out.report({
            rule: 'R-MASK-PARENT', severity: 'error',
            message: `${domain.name} also masks at its parent (MSI_FLAG_PCI_MSI_MASK_PARENT${index < 0 ? `, required by ${parent.name}` : ''}), but ${parent.name}'s chip ${parent.chip.name} has no ${listNames(missing)}: cond_mask_parent() calls irq_chip_mask_parent() unconditionally.`,
            at: index >= 0 ? { node: domain.node, property: 'msiFlags', index } : parentPlace(domain),
            related: [{ node: parent.node, property: 'name', message: `${parent.name} cannot mask` }],
            data: index >= 0 ? { index } : {}
        });
    }
}
