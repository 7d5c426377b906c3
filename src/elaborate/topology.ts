// Topology lowering: a `topology` plus the `extend T { }` blocks visible to a document → one SystemSpec
// (domains in declaration order: topology, its devices, then each extension; interrupts named device.irq).
import { URI, type LangiumDocument, type LangiumDocuments } from 'langium';
import { isExtension, isModel, type Extension, type Topology } from '../language/generated/ast.js';
import { importClosure } from '../language/imports.js';
import type { Arch, CpuSpec, SystemSpec } from '../emulator/spec.js';
import { elaborateDevice } from './devices.js';
import { elaborateDomain } from './domains.js';
import { elaborationError, type ElaborationError } from './elaboration-error.js';
import { elaborateOptions } from './options.js';
import { locOf } from './source-loc.js';

/** The `extend` blocks visible from `document` (its import closure), grouped by the topology they extend. */
export function visibleExtensions(document: LangiumDocument, documents: LangiumDocuments): Map<Topology, Extension[]> {
    const out = new Map<Topology, Extension[]>();
    for (const uri of importClosure(document, documents)) {
        const doc = uri === document.uri.toString() ? document : documents.getDocument(URI.parse(uri));
        const model = doc?.parseResult?.value;
        if (!isModel(model)) continue;
        for (const element of model.elements) {
            const target = isExtension(element) ? element.topology?.ref : undefined;
            if (!target) continue;
            const list = out.get(target) ?? [];
            list.push(element as Extension);
            out.set(target, list);
        }
    }
    return out;
}

/** Lowers a topology with the given extensions; scenarios are attached by the caller. */
export function elaborateTopology(topology: Topology, extensions: readonly Extension[], errors: ElaborationError[]): SystemSpec {
    const spec: SystemSpec = {
        name: topology.name,
        arch: (topology.arch ?? 'x86_64') as Arch,
        domains: [], devices: [], interrupts: [], scenarios: []
    };
    if (topology.kernel !== undefined) spec.kernel = String(topology.kernel);
    if (topology.cpuCount !== undefined) spec.cpuCount = topology.cpuCount;
    const cpus: CpuSpec[] = topology.cpus.map(cpu => {
        const c: CpuSpec = { index: cpu.index };
        if (cpu.apicId !== undefined) c.apicId = cpu.apicId;
        if (cpu.offline) c.offline = true;
        const loc = locOf(cpu);
        if (loc) c.loc = loc;
        return c;
    });
    if (cpus.length > 0) spec.cpus = cpus;
    const options = elaborateOptions(topology.options, errors);
    if (options) spec.options = options;
    for (const container of [topology, ...extensions]) {
        for (const domain of container.domains) spec.domains.push(elaborateDomain(domain, undefined, errors));
        for (const device of container.devices) {
            const lowered = elaborateDevice(device, errors);
            spec.devices.push(lowered.device);
            spec.domains.push(...lowered.domains);
            spec.interrupts.push(...lowered.interrupts);
        }
    }
    checkUniqueNames(spec, errors);
    const loc = locOf(topology);
    if (loc) spec.loc = loc;
    return spec;
}

/** Two domains, devices or interrupts with one name (possible across `extend` files) cannot be instantiated. */
function checkUniqueNames(spec: SystemSpec, errors: ElaborationError[]): void {
    const check = (what: string, items: { name: string; loc?: SystemSpec['loc'] }[]) => {
        const seen = new Set<string>();
        for (const item of items) {
            if (seen.has(item.name)) errors.push(elaborationError(`topology ${spec.name} has two ${what}s named ${item.name}`, item.loc));
            seen.add(item.name);
        }
    };
    check('domain', spec.domains);
    check('device', spec.devices);
    check('interrupt', spec.interrupts);
}
