// The outline on real services: domains as the hierarchy tree with chips under their domains, devices with
// their domains and interrupts, scenarios with their steps; symbol kinds and details.
import { describe, expect, it } from 'vitest';
import { expectSymbols } from 'langium/test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import { dsaIrq, nicIrq, platformIrq } from './fixtures.js';

const services = createTestServices();
const symbols = expectSymbols(services.Irq);

const kindNames = new Map<number, string>(Object.entries(SymbolKind).map(([name, value]) => [value as number, name]));

/** The outline as indented `name [kind]` lines. */
function outline(list: DocumentSymbol[] | undefined, depth = 0): string[] {
    return (list ?? []).flatMap(s => [`${'  '.repeat(depth)}${s.name} [${kindNames.get(s.kind)}]`, ...outline(s.children, depth + 1)]);
}

function find(list: DocumentSymbol[] | undefined, name: string): DocumentSymbol | undefined {
    for (const symbol of list ?? []) {
        if (symbol.name === name) return symbol;
        const nested = find(symbol.children, name);
        if (nested) return nested;
    }
    return undefined;
}

describe('document symbols', () => {
    it('arranges the domains of a topology as the hierarchy tree, then the devices, then the scenario steps', async () => {
        await symbols({
            text: dsaIrq, disposeAfterCheck: true,
            assert: list => {
                expect(outline(list)).toEqual([
                    'spr [Namespace]',
                    '  VECTOR [Class]',
                    '    chip APIC [Struct]',
                    '      ack [Method]',
                    '      set_affinity [Method]',
                    '      compose_msi_msg [Method]',
                    '      retrigger [Method]',
                    '    INTEL-IR-0 [Class]',
                    '      chip INTEL-IR [Struct]',
                    '        ack [Method]',
                    '        set_affinity [Method]',
                    '        compose_msi_msg [Method]',
                    '      DSA0-MSIX [Class]',
                    '        chip PCI-MSIX [Struct]',
                    '          mask [Method]',
                    '          unmask [Method]',
                    '          write_msi_msg [Method]',
                    '          ack [Method]',
                    '      DSA0-IMS [Class]',
                    '        chip IDXD-IMS [Struct]',
                    '          mask [Method]',
                    '          unmask [Method]',
                    '          write_msi_msg [Method]',
                    '          ack [Method]',
                    '          startup [Method]',
                    '  dsa0 [Object]',
                    '    DSA0-MSIX [Class]',
                    '      chip PCI-MSIX [Struct]',
                    '        mask [Method]',
                    '        unmask [Method]',
                    '        write_msi_msg [Method]',
                    '        ack [Method]',
                    '    DSA0-IMS [Class]',
                    '      chip IDXD-IMS [Struct]',
                    '        mask [Method]',
                    '        unmask [Method]',
                    '        write_msi_msg [Method]',
                    '        ack [Method]',
                    '        startup [Method]',
                    '    misc [Field]',
                    '    wq[4] [Array]',
                    'wq-masked [Function]',
                    '  request dsa0.wq[0] [Event]',
                    '  mask dsa0.wq[0] [Event]',
                    '  raise dsa0.wq[0] [Event]',
                    '  expect dsa0.wq[0] pending [Boolean]',
                    '  unmask dsa0.wq[0] [Event]',
                    '  expect delivered dsa0.wq[0] to cpu 2 [Boolean]',
                    '  post dsa0.wq[1] to vcpu 1 vector 0x41 [Event]',
                    '  unpost dsa0.wq[1] [Event]',
                    '  free dsa0.wq[0] [Event]',
                    '  expect ok [Boolean]'
                ]);
            }
        });
    });

    it('gives kinds, kernel names, parents and hwirq info as details', async () => {
        await symbols({
            text: dsaIrq, disposeAfterCheck: true,
            assert: list => {
                expect(find(list, 'spr')?.detail).toBe('x86_64 · 16 CPUs · kernel 6.5');
                expect(find(list, 'INTEL-IR-0')?.detail).toBe('intel-ir · INTEL-IR-0-13 · parent VECTOR');
                expect(find(list, 'DSA0-MSIX')?.detail).toBe('pci-msix · IR-PCI-MSIX-0000:6a:01.0-12 · parent INTEL-IR-0');
                expect(find(list, 'dsa0')?.detail).toBe('pci 0000:6a:01.0');
                expect(find(list, 'misc')?.detail).toBe('DSA0-MSIX index 0');
                expect(find(list, 'wq[4]')?.detail).toBe('DSA0-IMS any ×4');
                expect(find(list, 'wq-masked')?.detail).toBe('on spr · 10 steps');
                expect(find(list, 'chip IDXD-IMS')?.children?.find(c => c.name === 'ack')?.detail).toBe('parent');
            }
        });
    });

    it('roots a file\'s forest at domains whose parent lives in an imported file, and lists imports', async () => {
        await symbols({
            text: nicIrq, disposeAfterCheck: true,
            assert: list => {
                expect(outline(list).filter(l => !l.includes('[Method]') && !l.includes('[Struct]') && !l.includes('[Event]') && !l.includes('[Boolean]'))).toEqual([
                    'import "platform.irq" [File]',
                    'extend xeon [Namespace]',
                    '  NIC0-MSIX [Class]',
                    '  nic0 [Object]',
                    '    NIC0-MSIX [Class]',
                    '    misc [Field]',
                    '    q3 [Field]',
                    '    rx[4] [Array]',
                    'move-q3 [Function]'
                ]);
            }
        });
    });

    it('selects the name of each declaration and keeps it inside the symbol\'s range', async () => {
        await symbols({
            text: platformIrq, disposeAfterCheck: true,
            assert: list => {
                const check = (items: DocumentSymbol[] | undefined) => {
                    for (const s of items ?? []) {
                        const inside = (s.selectionRange.start.line > s.range.start.line || (s.selectionRange.start.line === s.range.start.line && s.selectionRange.start.character >= s.range.start.character))
                            && (s.selectionRange.end.line < s.range.end.line || (s.selectionRange.end.line === s.range.end.line && s.selectionRange.end.character <= s.range.end.character));
                        expect(inside, s.name).toBe(true);
                        check(s.children);
                    }
                };
                check(list);
                const vector = find(list, 'VECTOR')!;
                expect(vector.selectionRange.start.line).toBe(vector.range.start.line);
                expect(vector.selectionRange.end.character - vector.selectionRange.start.character).toBe('VECTOR'.length);
            }
        });
    });

    it('does not lose domains that sit on a parent cycle', async () => {
        await symbols({
            text: 'topology t { domain A : custom parent B  domain B : custom parent A  domain C : custom parent C }', disposeAfterCheck: true,
            assert: list => {
                const names = outline(list).map(l => l.trim());
                expect(names.filter(n => n.endsWith('[Class]')).sort()).toEqual(['A [Class]', 'B [Class]', 'C [Class]']);
            }
        });
    });
});
