// Incremental builds: sequences of edits in the devices, scenarios and domains of every example and fixture, each
// built incrementally (re-parse, exports, linking, reference index, validation) and compared with a fresh full
// build of the same text: diagnostics with ranges and related information, exported symbols and references.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { URI, type AstNode, type FileSystemNode, type FileSystemProvider, type LangiumDocument } from 'langium';
import { createIrqServices } from '../../../src/language/irq-module.js';
import { isDevice, isDomain, isScenario } from '../../../src/language/generated/ast.js';
import type { IrqDocumentFactory } from '../../../src/language/parser/irq-document-factory.js';
import type { IrqLinker } from '../../../src/language/irq-linker.js';
import type { IrqDocumentValidator } from '../../../src/language/validation/irq-document-validator.js';
import type { IrqIndexManager } from '../../../src/language/incremental/irq-index-manager.js';
import { irqFiles, rng } from '../helpers/random-edits.js';

const root = resolve(__dirname, '../../..');

/** A file system over a map of texts (the editor's view of the files). */
function mapFileSystem(files: Map<string, string>): FileSystemProvider {
    const read = (uri: URI): string => {
        const text = files.get(uri.toString());
        if (text === undefined) throw new Error(`no file ${uri.toString()}`);
        return text;
    };
    const node = (uri: URI): FileSystemNode => ({ isFile: files.has(uri.toString()), isDirectory: !files.has(uri.toString()), uri });
    return {
        readFile: async uri => read(uri),
        readFileSync: read,
        readBinary: async uri => new TextEncoder().encode(read(uri)),
        readBinarySync: uri => new TextEncoder().encode(read(uri)),
        readDirectory: async () => [],
        readDirectorySync: () => [],
        exists: async uri => files.has(uri.toString()),
        existsSync: uri => files.has(uri.toString()),
        stat: async uri => node(uri),
        statSync: node
    };
}

type Services = ReturnType<typeof createIrqServices>;

/** Services over the map, with every file of it built (validated). */
async function workspace(files: Map<string, string>): Promise<Services> {
    const services = createIrqServices({ fileSystemProvider: () => mapFileSystem(files) });
    const documents = [...files.entries()].map(([uri, text]) => services.shared.workspace.LangiumDocuments.createDocument(URI.parse(uri), text));
    await services.shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return services;
}

/** Everything a build produced for one document, as comparable text. */
function outcome(services: Services, uri: string, withReferences = true): { diagnostics: string[]; exports: string[]; references: string[] } {
    const document = services.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri)) as LangiumDocument;
    const diagnostics = (document.diagnostics ?? []).map(d => JSON.stringify([d.range, d.severity, d.code, d.message, d.relatedInformation, d.data])).sort();
    const exports = services.shared.workspace.IndexManager.allElements().filter(e => e.documentUri.toString() === uri)
        .map(e => JSON.stringify([e.name, e.type, e.path, e.nameSegment?.range, e.selectionSegment?.range])).toArray();
    const index = services.shared.workspace.IndexManager as IrqIndexManager;
    // Read only when asked: the index describes a document's references when first read, so runs of builds
    // without a read must leave it as right as builds that are each read.
    const references = (withReferences ? index.referencesOf(uri) : []).map(r => JSON.stringify([r.sourcePath, r.targetUri.toString(), r.targetPath, r.segment.range, r.local]));
    return { diagnostics, exports, references };
}

interface Unit { kind: 'device' | 'scenario' | 'domain'; start: number; end: number }

/** The devices, scenarios and domains of a parse, with their text spans. */
function units(value: AstNode): Unit[] {
    const out: Unit[] = [];
    const visit = (node: AstNode): void => {
        const cst = node.$cstNode;
        if (cst && (isDevice(node) || isScenario(node) || isDomain(node))) {
            out.push({ kind: isDevice(node) ? 'device' : isScenario(node) ? 'scenario' : 'domain', start: cst.offset, end: cst.end });
        }
        for (const [key, v] of Object.entries(node)) {
            if (key.startsWith('$')) continue;
            for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c === 'object' && '$type' in c) visit(c as AstNode);
        }
    };
    visit(value);
    return out;
}

/** A random match of `pattern` inside [start, end) of `text`, with its offset. */
function pick(text: string, unit: Unit, pattern: RegExp, random: () => number): RegExpExecArray | undefined {
    const matches: RegExpExecArray[] = [];
    const re = new RegExp(pattern.source, 'g');
    const body = text.slice(unit.start, unit.end);
    for (let m = re.exec(body); m; m = re.exec(body)) {
        m.index += unit.start;
        matches.push(m);
    }
    return matches.length > 0 ? matches[Math.floor(random() * matches.length)] : undefined;
}

function splice(text: string, at: number, length: number, insert: string): string {
    return text.slice(0, at) + insert + text.slice(at + length);
}

/** Edits a user makes inside a unit; each returns the new text or undefined when it does not apply. */
const mutations: Array<(text: string, unit: Unit, random: () => number, domains: string[]) => string | undefined> = [
    // A number: count, index, affinity, table size, vector...
    (t, u, r) => {
        const m = pick(t, u, /\b(0x[0-9a-fA-F]+|\d+)\b/, r);
        return m ? splice(t, m.index, m[0].length, String(Math.floor(r() * 40))) : undefined;
    },
    // An interrupt renamed.
    (t, u, r) => {
        const m = pick(t, u, /\birq ([A-Za-z_][\w-]*)/, r);
        return m ? splice(t, m.index + 4, m[1].length, `${m[1]}x`) : undefined;
    },
    // A device renamed.
    (t, u, r) => {
        const m = pick(t, u, /\bdevice ([A-Za-z_][\w-]*)/, r);
        return m ? splice(t, m.index + 7, m[1].length, `${m[1]}z`) : undefined;
    },
    // An interrupt moved to another domain (or to one that does not exist).
    (t, u, r, domains) => {
        const m = pick(t, u, /(\birq [^:\n]*: )([A-Za-z_][\w-]*)/, r);
        const to = r() < 0.2 ? 'NOWHERE' : domains[Math.floor(r() * domains.length)];
        return m && to ? splice(t, m.index + m[1].length, m[2].length, to) : undefined;
    },
    // An interrupt added before the closing brace of a device.
    (t, u, r, domains) => {
        if (u.kind !== 'device' || domains.length === 0) return undefined;
        const to = domains[Math.floor(r() * domains.length)];
        return splice(t, u.end - 1, 0, `\n    irq added${Math.floor(r() * 1000)} : ${to} index ${Math.floor(r() * 8)}\n`);
    },
    // An interrupt line removed.
    (t, u, r) => {
        const m = pick(t, u, /\n[ \t]*irq [^\n]*/, r);
        return m ? splice(t, m.index, m[0].length, '') : undefined;
    },
    // A trigger given twice (a positional warning).
    (t, u, r) => {
        const m = pick(t, u, /\birq [^\n}]*/, r);
        return m ? splice(t, m.index + m[0].length, 0, ' trigger edge trigger level') : undefined;
    },
    // Lines inserted: everything below moves.
    (t, u, r) => {
        const m = pick(t, u, /\n/, r);
        return m ? splice(t, m.index, 0, '\n  // a note\n') : undefined;
    },
    // A stray character (often a syntax error, then a full parse).
    (t, u, r) => {
        const at = u.start + 1 + Math.floor(r() * Math.max(1, u.end - u.start - 2));
        return splice(t, at, 0, r() < 0.5 ? 'x' : ' ');
    }
];

/**
 * A generated platform with a dozen devices, several of them with problems (wrong IR unit, level-triggered
 * MSI, interrupts on another device's domain), and scenarios: many devices whose diagnostics can be replayed.
 */
function generatedTopology(): string {
    let text = `topology gen {
  arch x86_64
  cpus 8
  kernel 6.12
  domain VECTOR : vector { vectors 0x20..0xEA  reserve 0x80  flags MSI_PARENT
    chip APIC { ack: self  set_affinity: self  compose_msi_msg: self  retrigger: self } }
  domain INTEL-IR-0 : intel-ir parent VECTOR { entries 64  flags MSI_PARENT ISOLATED_MSI
    chip INTEL-IR { ack: self  set_affinity: self  compose_msi_msg: self } }
  domain INTEL-IR-1 : intel-ir parent VECTOR { entries 64  flags MSI_PARENT ISOLATED_MSI
    chip INTEL-IR { ack: self  set_affinity: self  compose_msi_msg: self } }
`;
    for (let i = 0; i < 12; i++) {
        const unit = i % 2;
        text += `  device nic${i} pci 0000:0${i % 8}:0${(i >> 3) + 1}.0 {
    behind INTEL-IR-${i % 4 === 1 ? 1 - unit : unit}
    msix table 16
    domain NIC${i}-MSIX : pci-msix parent ${i % 4 === 3 ? 'VECTOR' : `INTEL-IR-${unit}`} {
      chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent }
    }
    irq misc : NIC${i}-MSIX index 0 affinity cpu ${i % 8}
    irq rx[2] : NIC${i}-MSIX index 1 affinity cpu ${(i + 1) % 8}
${i % 4 === 2 ? `    irq lvl : NIC${i}-MSIX index 5 trigger level\n` : ''}${i === 5 ? '    irq borrowed : NIC4-MSIX index 9\n' : ''}  }
`;
    }
    // A device domain parented on another device's domain: its chip and op resolutions read that domain's chip.
    text += `  device sub0 pci 0000:00:1e.0 {
    domain SUB0 : pci-msix parent NIC10-MSIX {
      chip SUB { mask: parent  unmask: parent  write_msi_msg: self  ack: parent }
    }
    irq q : SUB0 index 0
  }
`;
    // A multi-MSI domain without remapping whose demand (in its diagnostic) counts another device's interrupts.
    text += `  device ahci0 pci 0000:00:1f.2 {
    msi vectors 8
    domain AHCI0-MSI : pci-msi parent VECTOR {
      chip PCI-MSI { mask: self  unmask: self  write_msi_msg: self  ack: parent }
    }
    irq port[2] : AHCI0-MSI index 0
  }
  device ahci1 pci 0000:00:1f.3 {
    irq port[3] : AHCI0-MSI index 2
    irq spare[2] : AHCI0-MSI index 5
  }
`;
    text += '}\n';
    for (let i = 0; i < 3; i++) text += `scenario s${i} on gen {\n  request nic${i}.misc\n  raise nic${i}.misc\n  post nic${i}.rx[1] to vcpu 2 vector 0x41\n}\n`;
    return text;
}

/** The groups of files edited together: a file and the files in its folder when it imports (examples/split). */
function groups(): string[][] {
    const files = [...irqFiles(join(root, 'examples')), ...irqFiles(join(root, 'test/fixtures'))];
    const out: string[][] = [];
    const seenDirs = new Set<string>();
    for (const file of files) {
        if (/^import /m.test(readFileSync(file, 'utf8')) || seenDirs.has(dirname(file))) {
            if (seenDirs.has(dirname(file))) continue;
            seenDirs.add(dirname(file));
            out.push(irqFiles(dirname(file)));
        } else {
            out.push([file]);
        }
    }
    return out;
}

function uriOfGenerated(files: Map<string, string>): boolean {
    return [...files.keys()].some(uri => uri.endsWith('/generated/gen.irq'));
}

describe('incremental build', () => {
    it('gives the same diagnostics, exports and references as a full build after random edits', async () => {
        const random = rng(20261124);
        let compared = 0;
        let incrementalParses = 0;
        let incrementalLinks = 0;
        let replayed = 0;
        const kinds = { device: 0, scenario: 0, domain: 0 };
        const generated = new Map([[URI.file('/ws/generated/gen.irq').toString(), generatedTopology()]]);
        for (const group of [generated, generated, generated, ...groups()]) {
            const files = new Map<string, string>();
            if (group instanceof Map) for (const [uri, text] of group) files.set(uri, text);
            else for (const file of group) files.set(URI.file(`/ws/${basename(dirname(file))}/${basename(file)}`).toString(), readFileSync(file, 'utf8'));
            const live = await workspace(files);
            const builder = live.shared.workspace.DocumentBuilder;
            const uris = [...files.keys()];
            for (let k = 0; k < (files.size === 1 && uriOfGenerated(files) ? 40 : 8); k++) {
                const uri = uris[Math.floor(random() * uris.length)];
                const text = files.get(uri)!;
                const document = live.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))!;
                const candidates = units(document.parseResult.value);
                if (candidates.length === 0) continue;
                const roll = random();
                const wanted = roll < 0.7 ? 'device' : roll < 0.85 ? 'scenario' : 'domain';
                const ofKind = candidates.filter(u => u.kind === wanted);
                const unit = (ofKind.length > 0 ? ofKind : candidates)[Math.floor(random() * (ofKind.length > 0 ? ofKind.length : candidates.length))];
                const domains = [...new Set([...[...files.values()].join('\n').matchAll(/\bdomain ([A-Za-z_][\w-]*)/g)].map(m => m[1]))];
                const mutation = mutations[Math.floor(random() * mutations.length)];
                const changed = mutation(text, unit, random, domains);
                if (changed === undefined || changed === text) continue;
                files.set(uri, changed);
                kinds[unit.kind]++;
                await builder.update([URI.parse(uri)], []);
                const fresh = await workspace(files);
                const label = `${uri} edit ${k} (${unit.kind} at ${unit.start})`;
                const withReferences = k % 3 === 2;
                for (const other of uris) {
                    expect(outcome(live, other, withReferences), `${label}, ${other}`).toEqual(outcome(fresh, other, withReferences));
                }
                compared++;
                const parsed = document.parseResult;
                if (parsed.lexerErrors.length > 0 || parsed.parserErrors.length > 0) {
                    // Undo a syntax error (as a user would), so that later edits can be incremental again.
                    files.set(uri, text);
                    await builder.update([URI.parse(uri)], []);
                    const undone = await workspace(files);
                    for (const other of uris) expect(outcome(live, other), `${label} undone, ${other}`).toEqual(outcome(undone, other));
                    compared++;
                }
            }
            incrementalParses += (live.shared.workspace.LangiumDocumentFactory as IrqDocumentFactory).statistics.incremental;
            incrementalLinks += (live.Irq.references.Linker as IrqLinker).statistics.incremental;
            replayed += (live.Irq.validation.DocumentValidator as IrqDocumentValidator).statistics.replayedUnits;
        }
        console.log(`incremental build: ${compared} edits compared (${JSON.stringify(kinds)}); ${incrementalParses} incremental parses, ${incrementalLinks} incremental links, ${replayed} device units replayed`);
        // The comparisons must have exercised the incremental paths, not only full rebuilds.
        expect(compared).toBeGreaterThan(500);
        expect(incrementalParses).toBeGreaterThan(250);
        expect(incrementalLinks).toBeGreaterThan(250);
        expect(replayed).toBeGreaterThan(300);
        expect(kinds.device).toBeGreaterThan(300);
    }, 240_000);

    it('replays unchanged devices and redoes those an edit can reach, on targeted edits', async () => {
        const uri = URI.file('/ws/generated/gen.irq').toString();
        const files = new Map([[uri, generatedTopology()]]);
        const live = await workspace(files);
        const validator = live.Irq.validation.DocumentValidator as IrqDocumentValidator;
        const edits: Array<[string, (t: string) => string]> = [
            // The first build validated all categories, edits only the fast ones (no check is in another category).
            ['first edit', t => t.replace('request nic2.misc', 'request  nic2.misc')],
            // Another device's interrupt count: the R-IR-MULTI demand on ahci0's domain changes.
            ['ahci1 port count', t => t.replace('irq port[3] : AHCI0-MSI', 'irq port[5] : AHCI0-MSI')],
            // Lines inserted at the top device: every replayed diagnostic below moves (ranges and related information).
            ['lines above', t => t.replace('    irq misc : NIC0-MSIX index 0 affinity cpu 0\n', '    irq misc : NIC0-MSIX index 0 affinity cpu 0\n\n\n    // two lines\n')],
            // A duplicate member (a warning whose text names a line), then lines inserted above it.
            ['duplicate trigger', t => t.replace('irq misc : NIC7-MSIX index 0 affinity cpu 7', 'irq misc : NIC7-MSIX index 0 affinity cpu 7 trigger edge trigger level')],
            ['lines above the duplicate', t => t.replace('    irq misc : NIC6-MSIX index 0 affinity cpu 6\n', '    irq misc : NIC6-MSIX index 0 affinity cpu 6\n    // one more line\n')],
            // An affinity and a scenario.
            ['affinity', t => t.replace('irq rx[2] : NIC9-MSIX index 1 affinity cpu 2', 'irq rx[2] : NIC9-MSIX index 1 affinity cpu 3')],
            ['scenario', t => t.replace('post nic1.rx[1] to vcpu 2', 'post nic1.rx[1] to vcpu 3')],
            // Interrupts added, renamed and removed on a device's own domain: other devices still replay.
            ['interrupt added', t => t.replace('    irq misc : NIC8-MSIX index 0 affinity cpu 0\n', '    irq misc : NIC8-MSIX index 0 affinity cpu 0\n    irq extra : NIC8-MSIX index 7\n')],
            ['interrupt renamed', t => t.replace('irq misc : NIC1-MSIX', 'irq misc2 : NIC1-MSIX')],
            ['interrupt removed', t => t.replace('    irq rx[2] : NIC2-MSIX index 1 affinity cpu 3\n', '')],
            // A device attribute, then the chip of a domain another device's domain is parented on.
            ['device attribute', t => t.replace(/(device nic3 pci [^{]*\{\n    behind [\w-]+\n    msix table )16/, '$12')],
            ['chip under another device', t => t.replace(/(domain NIC10-MSIX : pci-msix parent [\w-]+ \{\n      chip PCI-MSIX \{ mask: )self/, '$1none')],
            // The borrowed interrupt's count on nic4's domain.
            ['borrowed', t => t.replace('irq borrowed : NIC4-MSIX index 9', 'irq borrowed[3] : NIC4-MSIX index 9')]
        ];
        for (const [label, edit] of edits) {
            const before = files.get(uri)!;
            const after = edit(before);
            expect(after, label).not.toBe(before);
            files.set(uri, after);
            const replayed = validator.statistics.replayedUnits;
            await live.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
            expect(validator.statistics.replayedUnits - replayed, label).toBeGreaterThan(5);
            expect(outcome(live, uri), label).toEqual(outcome(await workspace(files), uri));
        }
    });
});
