// Structural checks that are not kernel rules: imports that resolve, import cycles, unique names,
// array element indexes in range, known options. Issue codes are prefixed `irq-` to tell them from the R-* rules.
import { AstUtils, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Device, IrqRef, IrqTopologyAstType, Model, Option } from '../generated/ast.js';
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
        const seen = new Map<string, string>();
        for (const node of AstUtils.streamAllContents(model)) {
            const kind = node.$type;
            if (kind !== 'Domain' && kind !== 'Device' && kind !== 'Topology' && kind !== 'Scenario') continue;
            const name = (node as unknown as { name?: string }).name;
            if (!name) continue;
            const key = `${kind === 'Domain' ? 'Domain' : kind}:${name}`;
            const previous = seen.get(key);
            if (previous) {
                accept('error', `Duplicate ${kind.toLowerCase()} name '${name}': names must be unique so that references are unambiguous.`,
                    { node, property: 'name', code: StructureCodes.duplicateName });
            } else {
                seen.set(key, kind);
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
