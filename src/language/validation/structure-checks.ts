// Structural checks that are not kernel rules: imports that resolve, import cycles, unique names,
// array element indexes in range, known options. Issue codes are prefixed `irq-` to tell them from the R-* rules.
import { AstUtils, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import {
    isDevice, isScenario, isTopology,
    type Device, type Domain, type Extension, type IrqRef, type IrqTopologyAstType, type Model, type Option, type Scenario, type Topology
} from '../generated/ast.js';
import { checkOption } from '../../kernel/options.js';
import { findImportCycle, resolveImportUri } from '../imports.js';

/** Issue codes of the structural checks. */
export const StructureCodes = {
    unresolvedImport: 'irq-unresolved-import',
    importCycle: 'irq-import-cycle',
    duplicateName: 'irq-duplicate-name',
    elementOutOfRange: 'irq-element-out-of-range',
    elementOnScalar: 'irq-element-on-scalar',
    badOption: 'irq-bad-option'
} as const;

/** Registers the structural checks. */
export function registerStructureChecks(services: LangiumServices): void {
    const checker = new StructureChecker(services);
    const checks: ValidationChecks<IrqTopologyAstType> = {
        Model: (model, accept) => checker.checkModel(model, accept),
        Device: (device, accept) => checker.checkUniqueInterruptNames(device, accept),
        IrqRef: (ref, accept) => checker.checkElementIndex(ref, accept),
        Option: (option, accept) => checker.checkOption(option, accept)
    };
    services.validation.ValidationRegistry.register(checks, checker);
}

/** Implements the structural checks. */
export class StructureChecker {
    private readonly services: LangiumServices;

    constructor(services: LangiumServices) {
        this.services = services;
    }

    checkModel(model: Model, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(model);
        const documents = this.services.shared.workspace.LangiumDocuments;
        for (const imp of model.imports) {
            if (!imp.path) continue;
            const uri = resolveImportUri(document, imp.path);
            if (uri.toString() === document.uri.toString()) {
                accept('error', `'${imp.path}' imports the file itself.`, { node: imp, property: 'path', code: StructureCodes.importCycle });
            } else if (!documents.hasDocument(uri)) {
                accept('error', `Cannot read imported file '${imp.path}' (resolved to ${uri.fsPath}).`,
                    { node: imp, property: 'path', code: StructureCodes.unresolvedImport });
            }
        }
        const cycle = findImportCycle(document, documents);
        if (cycle && model.imports.length > 0) {
            const names = cycle.map(u => u.path.split('/').pop()).join(' → ');
            const first = cycle[1]?.toString();
            const culprit = model.imports.find(i => resolveImportUri(document, i.path).toString() === first) ?? model.imports[0];
            accept('warning', `Import cycle: ${names}. Each file is read once; the cycle has no effect but is likely a mistake.`,
                { node: culprit, property: 'path', code: StructureCodes.importCycle });
        }
        this.checkUniqueNames(document, model, accept);
    }

    /** Topology-level, domain, device and scenario names are unique within one document. */
    private checkUniqueNames(_document: LangiumDocument, model: Model, accept: ValidationAcceptor): void {
        // Per node type, the names seen so far.
        const seen = new Map<string, Set<string>>();
        const check = (node: Topology | Extension | Scenario | Domain | Device, name: string | undefined): void => {
            if (!name) return;
            let names = seen.get(node.$type);
            if (!names) {
                names = new Set();
                seen.set(node.$type, names);
            }
            if (names.has(name)) {
                accept('error', `Duplicate ${node.$type.toLowerCase()} name '${name}': names must be unique so that references are unambiguous.`,
                    { node, property: 'name', code: StructureCodes.duplicateName });
            } else {
                names.add(name);
            }
        };
        // The named elements can only be at these places of the grammar; visited in document order.
        for (const element of model.elements) {
            if (isScenario(element)) {
                check(element, element.name);
                continue;
            }
            if (isTopology(element)) check(element, element.name);
            for (const member of inTextOrder([...element.domains, ...element.devices])) {
                check(member, member.name);
                if (isDevice(member)) for (const domain of member.domains) check(domain, domain.name);
            }
        }
    }

    checkUniqueInterruptNames(device: Device, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const irq of device.irqs) {
            if (seen.has(irq.name)) {
                accept('error', `Device ${device.name} declares interrupt '${irq.name}' twice.`,
                    { node: irq, property: 'name', code: StructureCodes.duplicateName });
            }
            seen.add(irq.name);
        }
    }

    checkElementIndex(ref: IrqRef, accept: ValidationAcceptor): void {
        const irq = ref.irq?.ref;
        if (!irq || ref.element === undefined) return;
        if (irq.count === undefined) {
            accept('error', `${irq.$container.name}.${irq.name} is a single interrupt, not an array; remove '[${ref.element}]'.`,
                { node: ref, property: 'element', code: StructureCodes.elementOnScalar });
        } else if (ref.element >= irq.count) {
            accept('error', `${irq.$container.name}.${irq.name} has ${irq.count} elements (0..${irq.count - 1}); [${ref.element}] is out of range.`,
                { node: ref, property: 'element', code: StructureCodes.elementOutOfRange });
        }
    }

    /** `option NAME VALUE`: a known option with a value it accepts (src/kernel/options.ts). */
    checkOption(option: Option, accept: ValidationAcceptor): void {
        const problem = checkOption(option.name, option.value ?? option.number ?? option.text);
        if (problem) accept('error', `${problem}.`, { node: option, property: problem.startsWith('unknown') ? 'name' : undefined, code: StructureCodes.badOption });
    }
}

/** The members sorted by text offset (as a stable sort by `$cstNode.offset` would), reading each offset once. */
function inTextOrder(members: Array<Domain | Device>): Array<Domain | Device> {
    const offsets = members.map(member => member.$cstNode?.offset ?? 0);
    let sorted = true;
    for (let i = 1; i < offsets.length && sorted; i++) sorted = offsets[i - 1] <= offsets[i];
    if (sorted) return members;
    const order = members.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
    return order.map(i => members[i]);
}
