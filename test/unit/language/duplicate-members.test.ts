// A single-valued member written twice (`size 4 ... size 8`) is reported at every occurrence but the last,
// which is the one the parser keeps.
import { describe, expect, it } from 'vitest';
import { buildOne, createTestServices, diagnosticLines } from '../helpers/services.js';

const topology = (domainBody: string, irq: string): string => `topology t {
  arch x86_64
  cpus 4
  domain V : vector {
    ${domainBody}
    chip APIC { ack: self  set_affinity: self  compose_msi_msg: self }
  }
  device nic pci 0000:01:00.0 {
    msix table 8
    domain NIC-MSIX : pci-msix parent V {
      chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent }
    }
    ${irq}
  }
}
`;

describe('duplicate members', () => {
    const services = createTestServices();
    const duplicates = (lines: string[]): string[] => lines.filter(l => l.includes('irq-duplicate-member'));

    it('reports the earlier of two sizes, naming the value that takes effect', async () => {
        const document = await buildOne(services, topology('vectors 0x20..0xEA\n    size 4\n    size 8', 'irq q : NIC-MSIX index 0'));
        expect(duplicates(diagnosticLines(document))).toEqual([
            "6:5 warning irq-duplicate-member 'size' is given 2 times here; only the last one (8, line 7) takes effect. Remove the others."
        ]);
    });

    it('reports repeated topology members (the topology is reached through the Element rule)', async () => {
        const document = await buildOne(services, topology('vectors 0x20..0xEA', 'irq q : NIC-MSIX index 0').replace('cpus 4', 'cpus 4\n  /** again */ cpus 8'));
        expect(duplicates(diagnosticLines(document))).toEqual([
            "3:3 warning irq-duplicate-member 'cpus' is given 2 times here; only the last one (8, line 4) takes effect. Remove the others."
        ]);
    });

    it('reports repeated interrupt members and repeated flags, and nothing when each is given once', async () => {
        const twice = await buildOne(services, topology('vectors 0x20..0xEA', 'irq q : NIC-MSIX index 0 trigger edge cookie 1 trigger level'));
        expect(duplicates(diagnosticLines(twice))).toEqual([
            "13:30 warning irq-duplicate-member 'trigger' is given 2 times here; only the last one (level, line 13) takes effect. Remove the others."
        ]);
        const once = await buildOne(services, topology('vectors 0x20..0xEA\n    reserve 0x80, 0x81\n    flags MSI_PARENT', 'irq q[2] : NIC-MSIX index 0 trigger edge affinity cpu 1 affinity cpu 2'));
        expect(duplicates(diagnosticLines(once))).toEqual([]);
    });
});
