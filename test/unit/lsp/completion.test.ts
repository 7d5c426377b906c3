// Completion through Langium's test helper on real services: keywords, references (domains, qualified
// interrupts, across an import), kinds, chip callbacks, domain ops, flags by context, bus tokens, flow handlers.
import { describe, expect, it } from 'vitest';
import { UriUtils } from 'langium';
import { expectCompletion, parseHelper } from 'langium/test';
import { CompletionItemKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { buildFiles, createTestServices } from '../helpers/services.js';
import { platformIrq } from './fixtures.js';

const services = createTestServices();
const complete = expectCompletion(services.Irq);

const topology = `topology t {
  arch x86_64
  domain VECTOR : vector { flags MSI_PARENT chip APIC { ack: self } }
  domain IR0 : intel-ir parent VECTOR
  device nic0 pci 0000:03:00.0 {
    domain NIC0 : pci-msix parent IR0
    irq q3 : NIC0 index 3
    irq rx[4] : NIC0
  }
}
`;

/** Labels of a completion list, in order. */
function labels(list: CompletionList): string[] {
    return list.items.map(i => i.label);
}

/** The completion item with this label; fails the test when it is missing. */
function itemOf(list: CompletionList, label: string): CompletionItem {
    const found = list.items.find(i => i.label === label);
    expect(found, `no completion item '${label}' in ${labels(list).join(', ')}`).toBeDefined();
    return found!;
}

function documentation(item: CompletionItem): string {
    return typeof item.documentation === 'string' ? item.documentation : item.documentation?.value ?? '';
}

describe('completion', () => {
    it('offers the top-level keywords in an empty file', async () => {
        await complete({ text: '<|>', index: 0, expectedItems: ['import', 'topology', 'extend', 'scenario'], disposeAfterCheck: true });
    });

    it('offers every domain kind with its kernel summary after the colon', async () => {
        await complete({
            text: 'topology t { domain V : <|> }', index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['vector', 'intel-ir', 'pci-msix', 'ims', 'gic-its', 'imsic', 'custom']));
                expect(list.items).toHaveLength(21);
                const ims = itemOf(list, 'ims');
                expect(ims.detail).toMatch(/IMS/);
                expect(documentation(ims)).toMatch(/pci_create_ims_domain/);
            }
        });
    });

    it('offers domain names after parent, with the kind and parent chain as detail', async () => {
        await complete({
            text: topology.replace('domain NIC0 : pci-msix parent IR0', 'domain NIC0 : pci-msix parent <|>'), index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(['VECTOR', 'IR0', 'NIC0']);
                expect(itemOf(list, 'IR0').detail).toBe('intel-ir · IR0 → VECTOR');
                expect(itemOf(list, 'IR0').kind).toBe(CompletionItemKind.Class);
            }
        });
    });

    it('offers domain names for an interrupt\'s domain, `behind`, `chained-to` and a callback target', async () => {
        const cases = [
            topology.replace('domain IR0 : intel-ir parent VECTOR', 'domain IR0 : imsic chained-to <|>'),
            topology.replace('irq q3 : NIC0 index 3', 'irq q3 : <|>'),
            topology.replace('domain NIC0 : pci-msix parent IR0', 'behind <|>'),
            topology.replace('chip APIC { ack: self }', 'chip APIC { ack: <|> }')
        ];
        for (const text of cases) {
            await complete({
                text, index: 0, disposeAfterCheck: true,
                assert: list => expect(labels(list)).toEqual(expect.arrayContaining(['VECTOR', 'IR0']))
            });
        }
    });

    it('offers the callback modes next to the domains after `callback:`', async () => {
        await complete({
            text: topology.replace('chip APIC { ack: self }', 'chip APIC { ack: <|> }'), index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['self', 'parent', 'none', 'platform']));
                expect(documentation(itemOf(list, 'parent'))).toMatch(/irq_chip_\*_parent/);
            }
        });
    });

    it('offers qualified interrupt names in scenario steps', async () => {
        await complete({
            text: `${topology}scenario s on t { raise <|> }`, index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(['nic0.q3', 'nic0.rx']);
                expect(itemOf(list, 'nic0.q3').detail).toBe('NIC0 index 3');
                expect(documentation(itemOf(list, 'nic0.q3'))).toMatch(/IR-PCI-MSIX-0000:03:00\.0 3-edge nic0-q3/);
            }
        });
        await complete({
            text: `${topology}scenario s on t { expect nic0.<|> }`, index: 0, disposeAfterCheck: true,
            assert: list => expect(labels(list)).toEqual(expect.arrayContaining(['nic0.q3', 'nic0.rx']))
        });
    });

    it('offers the step keywords with their kernel functions at the start of a step', async () => {
        await complete({
            text: `${topology}scenario s on t { <|> }`, index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['request', 'raise', 'set-affinity', 'post', 'expect', 'cpu']));
                expect(documentation(itemOf(list, 'request'))).toMatch(/__setup_irq/);
            }
        });
    });

    it('offers only known chip callbacks, without the ones already written, each one writable', async () => {
        let offered: string[] = [];
        await complete({
            text: 'topology t { domain V : vector { chip A { ack: self <|> } } }', index: 0, disposeAfterCheck: true,
            assert: list => {
                offered = list.items.filter(i => i.kind === CompletionItemKind.Method).map(i => i.label);
                expect(labels(list)).toContain('flags');
                expect(offered).toEqual(expect.arrayContaining(['mask', 'unmask', 'eoi', 'set_affinity', 'compose_msi_msg', 'write_msi_msg',
                    'retrigger', 'set_type', 'set_vcpu_affinity', 'startup', 'shutdown', 'enable', 'disable', 'bus_lock', 'bus_sync_unlock',
                    'set_wake']));
                expect(offered).not.toContain('ack');
                expect(offered).not.toContain('alloc');
                const eoi = itemOf(list, 'eoi');
                expect(eoi.detail).toMatch(/end of interrupt/i);
                expect(documentation(eoi)).toMatch(/irq_chip::irq_eoi/);
                expect(documentation(eoi)).toMatch(/irq_chip_eoi_parent/);
            }
        });
        const chip = offered.map(name => `${name}: self`).join('\n');
        const document = await parseHelper(services.Irq)(`topology t { domain V : vector { chip A {\n${chip}\n} } }`);
        expect(document.parseResult.parserErrors.map(e => e.message)).toEqual([]);
    });

    it('offers domain operations inside ops', async () => {
        await complete({
            text: 'topology t { domain V : vector { ops { alloc: self <|> } } }', index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['free', 'activate', 'translate', 'msi_prepare', 'prepare_desc']));
                expect(labels(list)).not.toContain('alloc');
                expect(labels(list)).not.toContain('mask');
            }
        });
    });

    it('offers chip flags inside a chip and domain flags inside a domain, without prefix and without repeats', async () => {
        await complete({
            text: 'topology t { domain V : vector { chip A { flags <|> } } }', index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['ONESHOT_SAFE', 'MOVE_DEFERRED', 'SUPPORTS_NMI', 'IMMUTABLE']));
                expect(labels(list)).not.toContain('MSI_PARENT');
                expect(documentation(itemOf(list, 'ONESHOT_SAFE'))).toMatch(/IRQCHIP_ONESHOT_SAFE/);
            }
        });
        await complete({
            text: 'topology t { domain V : vector { flags MSI_PARENT <|> } }', index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['ISOLATED_MSI', 'MSI_DEVICE', 'HIERARCHY']));
                expect(labels(list)).not.toContain('MSI_PARENT');
                expect(labels(list)).not.toContain('ONESHOT_SAFE');
                expect(documentation(itemOf(list, 'ISOLATED_MSI'))).toMatch(/IRQ_DOMAIN_FLAG_ISOLATED_MSI/);
                expect(labels(list)).not.toContain('edge');
            }
        });
    });

    it('offers MSI flags after msi-flags, supports and requires', async () => {
        for (const keyword of ['msi-flags', 'supports', 'requires']) {
            await complete({
                text: `topology t { domain V : vector { ${keyword} <|> } }`, index: 0, disposeAfterCheck: true,
                assert: list => {
                    expect(labels(list)).toEqual(expect.arrayContaining(['ACTIVATE_EARLY', 'MULTI_PCI_MSI', 'PCI_MSI_MASK_PARENT']));
                    expect(documentation(itemOf(list, 'ACTIVATE_EARLY'))).toMatch(/MSI_FLAG_ACTIVATE_EARLY/);
                }
            });
        }
    });

    it('offers bus tokens after bus-token and accepts', async () => {
        for (const keyword of ['bus-token', 'accepts']) {
            await complete({
                text: `topology t { domain V : gic-its { ${keyword} <|> } }`, index: 0, disposeAfterCheck: true,
                assert: list => {
                    expect(labels(list)).toEqual(expect.arrayContaining(['NEXUS', 'DMAR', 'PCI_DEVICE_MSIX', 'WIRED_TO_MSI']));
                    expect(documentation(itemOf(list, 'PCI_DEVICE_MSIX'))).toMatch(/DOMAIN_BUS_PCI_DEVICE_MSIX/);
                }
            });
        }
    });

    it('offers flow handlers after flow', async () => {
        await complete({
            text: topology.replace('irq q3 : NIC0 index 3', 'irq q3 : NIC0 index 3 flow <|>'), index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['handle_edge_irq', 'handle_fasteoi_irq', 'handle_level_irq']));
                expect(documentation(itemOf(list, 'handle_fasteoi_irq'))).toMatch(/kernel\/irq\/chip\.c/);
            }
        });
    });

    it('filters by the typed prefix', async () => {
        await complete({
            text: 'topology t { domain V : vector { chip A { set_a<|> } } }', index: 0, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['set_affinity', 'set_vcpu_affinity']));
                expect(labels(list)).not.toContain('mask');
                expect(labels(list)).not.toContain('eoi');
            }
        });
    });

    it('offers domains and interrupts of an imported file', async () => {
        const local = createTestServices();
        const docs = await buildFiles(local, { 'platform.irq': platformIrq });
        const uri = UriUtils.joinPath(UriUtils.dirname(docs['platform.irq'].uri), 'nic.irq').toString();
        await expectCompletion(local.Irq)({
            text: 'import "platform.irq"\nextend xeon { device d pci 0000:00:01.0 { domain D : pci-msix parent <|> } }',
            index: 0, parseOptions: { documentUri: uri }, disposeAfterCheck: true,
            assert: list => {
                expect(labels(list)).toEqual(expect.arrayContaining(['VECTOR', 'INTEL-IR-0', 'DMAR-MSI']));
                expect(documentation(itemOf(list, 'VECTOR'))).toMatch(/The x86 vector domain, root of everything\./);
            }
        });
    });
});
