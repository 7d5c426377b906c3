// Parsing and linking of the language's constructs, scoping across imports, and Langium's parser made only when
// needed. Uses real Langium services on an in-memory file system.
import { describe, expect, it } from 'vitest';
import { eagerLoad } from 'langium';
import { buildFiles, buildOne, createTestServices, errorsOf } from '../helpers/services.js';
import { hasMadeLangiumParser } from '../../../src/language/parser/irq-parser-guard.js';

const platform = `
/** The platform: a vector domain and one remapping unit. */
topology xeon {
  arch x86_64
  cpus 8
  kernel 6.5
  domain VECTOR : vector {
    vectors 0x20..0xEA
    reserve 0x80
    flags MSI_PARENT
    chip APIC { ack: self  set_affinity: self  compose_msi_msg: self  retrigger: self }
  }
  domain INTEL-IR-0 : intel-ir parent VECTOR {
    entries 65536
    flags MSI_PARENT ISOLATED_MSI
    chip INTEL-IR { ack: self  set_affinity: self  compose_msi_msg: self }
  }
}
`;

describe('parsing', () => {
    const services = createTestServices();

    it('parses the constructs of a full topology with a scenario', async () => {
        const document = await buildOne(services, platform.replace(/}\s*$/, `
  device dsa0 pci 0000:6a:01.0 {
    behind INTEL-IR-0
    msix table 9
    ims slots 2048 storage mmio
    domain DSA0-MSIX : pci-msix parent INTEL-IR-0 {
      chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent }
    }
    domain DSA0-IMS : ims parent INTEL-IR-0 {
      chip IDXD-IMS { mask: self  unmask: self  write_msi_msg: self  ack: parent "irq_chip_ack_parent" }
    }
    irq misc : DSA0-MSIX index 0
    irq wq[4] : DSA0-IMS any affinity cpu 2 cookie 0x42
  }
}
scenario wq-masked on xeon {
  request dsa0.wq[0]
  mask dsa0.wq[0]
  raise dsa0.wq[0]
  expect dsa0.wq[0] pending
  unmask dsa0.wq[0]
  expect delivered dsa0.wq[0] to cpu 2
  set-affinity dsa0.wq[0] cpu 5
  expect writes dsa0.wq[0] 1
  expect message dsa0.misc address 0xFEE00258 data 0
  cpu 5 offline
  free dsa0.wq[0]
  expect error -ENOSPC
}
`));
        expect(document.parseResult.lexerErrors).toEqual([]);
        expect(document.parseResult.parserErrors.map(e => e.message)).toEqual([]);
        expect(errorsOf(document)).toEqual([]);
        const topology = document.parseResult.value.elements[0];
        expect(topology.$type).toBe('Topology');
    });

    it('reads hex and decimal numbers, versions and PCI addresses', async () => {
        const document = await buildOne(services, platform);
        const topology = document.parseResult.value.elements[0];
        if (topology.$type !== 'Topology') throw new Error('expected a topology');
        expect(topology.kernel).toBe('6.5');
        expect(topology.cpuCount).toBe(8);
        expect(topology.domains[0].window?.from).toBe(0x20);
        expect(topology.domains[0].window?.to).toBe(0xEA);
        expect(topology.domains[1].entries).toBe(65536);
    });

    it('reports an unknown parent domain with its name', async () => {
        const document = await buildOne(services, `topology t { arch x86_64 cpus 1
  domain A : pci-msix parent NOPE }`);
        expect(errorsOf(document)).toEqual([`2: Could not resolve reference to Domain named 'NOPE'.`]);
    });
});

describe("Langium's parser, made only when needed", () => {
    it('builds error-free files without it, and makes it for the first file with a syntax error', async () => {
        // Fresh services, loaded eagerly as the language server does at initialize: Langium's injector asks every
        // service whether it is one of its proxies, and the parser must not be made for that.
        const fresh = createTestServices();
        eagerLoad(fresh.Irq);
        const parser = fresh.Irq.parser.LangiumParser;
        expect(hasMadeLangiumParser(parser)).toBe(false);
        const clean = await buildOne(fresh, platform);
        expect(errorsOf(clean)).toEqual([]);
        expect(hasMadeLangiumParser(parser)).toBe(false);
        const broken = await buildOne(fresh, 'topology t { domain }');
        expect(errorsOf(broken).length).toBeGreaterThan(0);
        expect(hasMadeLangiumParser(parser)).toBe(true);
    });
});

describe('scoping across imports', () => {
    it('links a device file against the platform file it imports', async () => {
        const services = createTestServices();
        const docs = await buildFiles(services, {
            'platform.irq': platform,
            'nic.irq': `import "platform.irq"
extend xeon {
  device nic0 pci 0000:03:00.0 {
    domain NIC0-MSIX : pci-msix parent INTEL-IR-0 { chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent } }
    irq q3 : NIC0-MSIX index 3
  }
}
scenario s on xeon { request nic0.q3  expect delivered nic0.q3 }`
        });
        expect(errorsOf(docs['nic.irq'])).toEqual([]);
    });

    it('does not see a file that is not imported', async () => {
        const services = createTestServices();
        const docs = await buildFiles(services, {
            'platform.irq': platform,
            'nic.irq': `extend xeon { device nic0 pci 0000:03:00.0 { domain M : pci-msix parent INTEL-IR-0 } }`
        });
        expect(errorsOf(docs['nic.irq'])).toEqual([
            `1: Could not resolve reference to Topology named 'xeon'.`,
            `1: Could not resolve reference to Domain named 'INTEL-IR-0'.`
        ]);
    });

    it('sees what an imported file imports (transitively)', async () => {
        const services = createTestServices();
        const docs = await buildFiles(services, {
            'platform.irq': platform,
            'middle.irq': `import "platform.irq"`,
            'leaf.irq': `import "middle.irq"
extend xeon { device nic0 pci 0000:03:00.0 { domain M : pci-msix parent INTEL-IR-0 } }`
        });
        expect(errorsOf(docs['leaf.irq'])).toEqual([]);
    });

    it('reports an import that cannot be read and an import cycle, without hanging', async () => {
        const services = createTestServices();
        const docs = await buildFiles(services, {
            'a.irq': `import "b.irq"\nimport "missing.irq"`,
            'b.irq': `import "a.irq"`
        });
        const a = (docs['a.irq'].diagnostics ?? []).map(d => `${d.code}`);
        expect(a).toContain('irq-unresolved-import');
        expect(a).toContain('irq-import-cycle');
        expect((docs['b.irq'].diagnostics ?? []).map(d => d.code)).toContain('irq-import-cycle');
    });

    it('checks array element indexes', async () => {
        const services = createTestServices();
        const document = await buildOne(services, `topology t { arch x86_64 cpus 1
  domain V : vector
  device d pci 0000:00:01.0 { irq rx[4] : V  irq one : V }
}
scenario s on t {
  raise d.rx[4]
  raise d.one[0]
  raise d.rx[3]
}`);
        expect(errorsOf(document)).toEqual([
            '6: d.rx has 4 elements (0..3); [4] is out of range.',
            `7: d.one is a single interrupt, not an array; remove '[0]'.`
        ]);
    });
});

describe('topology options', () => {
    it('accepts the known options with values they take, and flags unknown names and bad values at their line', async () => {
        const services = createTestServices();
        const document = await buildOne(services, `topology t { arch x86_64 cpus 2
  option msi-move-policy comment
  option irq-disable unlazy
  option reservation-mode on
  option event-limit 5000
  option msi-move-policy sideways
  option first-system-vector 0x10
  option turbo on
  domain V : vector
}`);
        expect(errorsOf(document)).toEqual([
            `6: option 'msi-move-policy': expected code | comment | always-direct, not 'sideways'.`,
            `7: option 'first-system-vector': expected a whole number 33..255, not '16'.`,
            `8: unknown option 'turbo' (known: msi-move-policy, first-system-vector, first-irq, reservation-mode, imsic-noipi, disable, irq-disable, event-limit).`
        ]);
        expect((document.diagnostics ?? []).every(d => d.code === 'irq-bad-option')).toBe(true);
    });
});
