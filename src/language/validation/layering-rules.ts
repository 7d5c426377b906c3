// The kernel's hierarchical-irq-domain layering rules (kernel-irq.md §3, R-*) as validation checks: registers
// every rule group with Langium's ValidationRegistry; the resolved topology is built once per document and pass
// (IrqDocumentValidator drops it, or patches it after an incremental re-parse, before each pass).
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { IrqTopologyAstType } from '../generated/ast.js';
import { topologiesOf } from './resolved-topology.js';
import { RuleOutput } from './rule-output.js';
import { GraphShapeRules } from './graph-shape-rules.js';
import { ChipCallbackRules } from './chip-callback-rules.js';
import { ResourceRules } from './resource-rules.js';
import { RemappingRules } from './remapping-rules.js';
import { DesignPolicyRules } from './design-policy-rules.js';
import { KernelNameChecks } from './kernel-name-checks.js';

/** Registers the layering rules (and the kernel-name checks they depend on). */
export function registerLayeringRules(services: LangiumServices): void {
    const documents = services.shared.workspace.LangiumDocuments;
    const registry = services.validation.ValidationRegistry;
    const graph = new GraphShapeRules();
    const chip = new ChipCallbackRules();
    const resources = new ResourceRules();
    const remapping = new RemappingRules();
    const policy = new DesignPolicyRules();
    const names = new KernelNameChecks();
    const outputs = new WeakMap<ValidationAcceptor, RuleOutput>();
    /** The rules' output for this acceptor and the topologies of the node's document (no object made per node). */
    const outputFor = (node: AstNode, accept: ValidationAcceptor): RuleOutput => {
        const topologies = topologiesOf(node, documents);
        let out = outputs.get(accept);
        if (!out || out.topologies !== topologies) {
            out = new RuleOutput(accept, topologies);
            outputs.set(accept, out);
        }
        return out;
    };

    const checks: ValidationChecks<IrqTopologyAstType> = {
        Domain: (node, accept) => {
            names.checkDomain(node, accept);
            const out = outputFor(node, accept);
            const topologies = out.topologies;
            const domain = topologies.topologyFor(node)?.domainOf(node);
            if (!domain) return;
            graph.checkParentOne(domain, out);
            graph.checkAcyclic(domain, out);
            graph.checkRootCpu(domain, out);
            graph.checkParentHier(domain, out);
            graph.checkLeafDevice(domain, out);
            graph.checkDevDomParent(domain, out);
            graph.checkImsSibling(domain, out);
            graph.checkMsiParentChain(domain, out);
            graph.checkBusToken(domain, out);
            chip.checkDelegateParentOnly(domain, out);
            chip.checkDelegateExists(domain, out);
            chip.checkLeafWrite(domain, out);
            chip.checkComposerExists(domain, out);
            chip.checkLeafMask(domain, out);
            chip.checkLeafNoAffinity(domain, out);
            chip.checkSlowBus(domain, out);
            chip.checkNmiRoot(domain, out);
            chip.checkMaskParent(domain, out);
            remapping.checkIrApicId(domain, out);
            remapping.checkIrMulti(domain, out);
            remapping.checkIrSelf(domain, out);
            policy.checkNoPlatformMsi(domain, out);
            policy.checkNoGlobalPciMsi(domain, out);
            policy.checkMsiDescNoDriverData(domain, out);
            policy.checkSlotInDomain(domain, out);
            policy.checkImsPerDevice(domain, out);
            policy.checkNoPlatformCallbacks(domain, out);
            policy.checkImsVersion(domain, out);
            policy.checkLegacyMaps(domain, out);
        },
        Device: (node, accept) => {
            const out = outputFor(node, accept);
            const topologies = out.topologies;
            const device = topologies.topologyFor(node)?.deviceOf(node);
            if (!device) return;
            graph.checkDevSlots(device, out);
            graph.checkMsiXorMsix(device, out);
            graph.checkIrUnit(device, out);
            resources.checkPciMsiSizeDevice(device, out);
            remapping.checkIsolation(device, out);
        },
        Interrupt: (node, accept) => {
            names.checkInterrupt(node, accept);
            const out = outputFor(node, accept);
            const topologies = out.topologies;
            const interrupt = topologies.topologyFor(node)?.interruptOf(node);
            if (!interrupt) return;
            chip.checkFlowAckEoi(interrupt, out);
            chip.checkOneFlowHandler(interrupt, out);
            chip.checkLevelMsi(interrupt, out);
            chip.checkOneshot(interrupt, out);
            chip.checkNmiInterrupt(interrupt, out);
        },
        PostStep: (node, accept) => {
            const irq = node.target?.irq?.ref;
            if (node.unpost || !irq) return;
            const out = outputFor(node, accept);
            const topologies = out.topologies;
            const interrupt = topologies.topologyFor(irq)?.interruptOf(irq);
            if (interrupt) remapping.checkPosted(interrupt, { node: node.target, property: 'irq' }, node.vcpu, out);
        },
        Model: (node, accept) => {
            const out = outputFor(node, accept);
            const topologies = out.topologies;
            for (const topology of topologies.all()) {
                for (let i = 0; i < topology.domains.length; i++) {
                    const domain = topology.domains[i];
                    if (!out.isLocal(domain.node) && !domain.interrupts.some(i => out.isLocal(i.node))) continue;
                    resources.checkPciMsiSizeDomain(domain, out);
                    resources.checkImsSlots(domain, out);
                    resources.checkHwirqUnique(domain, out);
                    resources.checkMultiMsi(domain, out);
                }
                resources.checkVectors(topology, out);
                resources.checkIrte(topology, out);
                resources.checkLpiItt(topology, out);
                resources.checkImsicIds(topology, out);
            }
        }
    };
    registry.register(checks);
}
