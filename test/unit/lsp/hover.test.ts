// Hover through Langium's test helper on real services: kernel meaning of kinds, callbacks, modes, flags,
// handlers, steps and expectations; doc comments and summaries on declarations and on references (also imported).
import { describe, it } from 'vitest';
import { UriUtils } from 'langium';
import { expectHover } from 'langium/test';
import { buildFiles, createTestServices } from '../helpers/services.js';
import { dsaIrq, platformIrq } from './fixtures.js';

const services = createTestServices();
const hover = expectHover(services.Irq);

const text = `topology t {
  arch x86_64
  /** The root of every x86 hierarchy. */
  domain VECTOR : <|>vector {
    <|>flags MSI_<|>PARENT
    chip <|>APIC { <|>ack: self  set_affinity: self  compose_msi_msg: self }
  }
  domain IR0 : intel-ir parent <|>VECTOR {
    bus-token <|>DMAR
    msi-flags <|>MULTI_PCI_MSI
    chip INTEL-IR { ack: self  eoi: <|>parent  set_vcpu_affinity: <|>none }
  }
  /** The NIC. */
  device nic0 pci 0000:03:00.0 {
    domain NIC0 : pci-msix parent IR0 {
      chip PCI-MSIX { mask: self  write_msi_msg: self  flags <|>ONESHOT_SAFE }
      ops { <|>alloc: parent }
    }
    /** Queue three. */
    irq <|>q3 : <|>NIC0 index 3 trigger <|>edge flow <|>fasteoi
  }
}
scenario s on t {
  <|>raise <|>nic0.<|>q3
  <|>set-affinity nic0.q3 cpu 5
  expect nic0.q3 <|>masked at NIC0
  <|>expect delivered nic0.q3
  expect error <|>-ENOSPC
  cpu 3 <|>offline
}
`;

const at = (index: number, pattern: RegExp) => hover({ text, index, hover: pattern, disposeAfterCheck: true });

describe('hover: kernel meaning of words', () => {
    it('explains a domain kind with its kernel struct, role and source file', async () => {
        await at(0, /\*\*`vector`\*\* — domain kind[\s\S]*Role: root[\s\S]*x86_vector_domain[\s\S]*arch\/x86\/kernel\/apic\/vector\.c/);
    });

    it('explains the flags keyword and a domain flag with its full kernel name', async () => {
        await at(1, /\(IRQ_DOMAIN_FLAG_\*\) or the chip \(IRQCHIP_\*\)/);
        await at(2, /`IRQ_DOMAIN_FLAG_MSI_PARENT`[\s\S]*include\/linux\/irqdomain\.h/);
    });

    it('summarises a chip on its name', async () => {
        await at(3, /\*\*chip\*\* `APIC` of domain `VECTOR`[\s\S]*ack: self, set_affinity: self, compose_msi_msg: self/);
    });

    it('explains a chip callback with the kernel member, the x86 function and the parent helper', async () => {
        await at(4, /irq_chip::irq_ack[\s\S]*/);
        await at(4, /apic_ack_edge\(\)[\s\S]*parent helper: `irq_chip_ack_parent\(\)`[\s\S]*kernel\/irq\/chip\.c/);
    });

    it('shows the doc comment and the summary of a referenced domain', async () => {
        await at(5, /The root of every x86 hierarchy\.[\s\S]*\*\*domain\*\* `VECTOR` : `vector`[\s\S]*Kernel name: `VECTOR`/);
    });

    it('explains bus tokens and MSI flags', async () => {
        await at(6, /DOMAIN_BUS_DMAR/);
        await at(7, /MSI_FLAG_MULTI_PCI_MSI/);
    });

    it('explains callback modes with the parent helper of that callback', async () => {
        await at(8, /\*\*`parent`\*\* — callback mode[\s\S]*For `eoi` the helper is `irq_chip_eoi_parent\(\)`/);
        await at(9, /\*\*`none`\*\* — callback mode[\s\S]*NULL/);
    });

    it('explains chip flags and domain operations', async () => {
        await at(10, /IRQCHIP_ONESHOT_SAFE/);
        await at(11, /domain operation[\s\S]*irq_domain_ops::alloc[\s\S]*irq_domain_alloc_irqs_parent/);
    });

    it('shows an interrupt\'s doc comment, parent chain, hwirq and /proc/interrupts name on its declaration', async () => {
        await at(12, /Queue three\.[\s\S]*Hierarchy: NIC0 → IR0 → VECTOR[\s\S]*hwirq at `NIC0`: 3[\s\S]*IR-PCI-MSIX-0000:03:00\.0 3-fasteoi nic0-q3/);
    });

    it('shows the kernel-style name of a device domain on a reference', async () => {
        await at(13, /Kernel name: `IR-PCI-MSIX-0000:03:00\.0-12`/);
    });

    it('explains triggers and flow handlers written short', async () => {
        await at(14, /trigger type/);
        await at(15, /`handle_fasteoi_irq`[\s\S]*kernel\/irq\/chip\.c/);
    });

    it('explains scenario steps', async () => {
        await at(16, /\*\*`raise`\*\* — scenario step/);
        await at(19, /set-affinity[\s\S]*irq_set_affinity/);
        await at(23, /cpu … offline[\s\S]*kernel\/irq\/cpuhotplug\.c/);
    });

    it('on a qualified reference, shows the device on the device part and the interrupt on the interrupt part', async () => {
        await at(17, /The NIC\.[\s\S]*\*\*device\*\* `nic0` — pci 0000:03:00\.0[\s\S]*Interrupts: `q3`/);
        await at(17, /^(?![\s\S]*\*\*irq\*\*)/);
        await at(18, /Queue three\.[\s\S]*\*\*irq\*\* `nic0\.q3` — NIC0 index 3/);
    });

    it('explains interrupt states and expectations', async () => {
        await at(20, /IRQD_IRQ_MASKED/);
        await at(21, /expect delivered[\s\S]*handle_irq_event/);
        await at(22, /expected error/);
    });

    it('returns nothing on punctuation and whitespace', async () => {
        await hover({ text: 'topology t {<|> }', index: 0, hover: undefined, disposeAfterCheck: true });
        await hover({ text: 'topology t {   <|>   }', index: 0, hover: undefined, disposeAfterCheck: true });
    });

    it('adds what the kernel installs by default at a level of that kind', async () => {
        const defaults = 'topology t { domain IR : intel-ir { chip C { a<|>ck: self  r<|>etrigger: self } } }';
        await hover({ text: defaults, index: 0, hover: /Kernel default at a `intel-ir` level: `self` → `apic_ack_irq\(\)`/, disposeAfterCheck: true });
        await hover({ text: defaults, index: 1, hover: /Not among the kernel defaults of a `intel-ir` level/, disposeAfterCheck: true });
        await hover({ text: 'topology t { domain V : <|>vector }', index: 0, hover: /Defaults: chip `APIC` \{ ack: self `apic_ack_edge`/, disposeAfterCheck: true });
    });

    it('numbers the bus token of a kernel-style name for the topology\'s kernel version', async () => {
        const ims = dsaIrq.replace('irq wq[4] : DSA0-IMS', 'irq wq[4] : DSA0-<|>IMS');
        await hover({ text: ims, index: 0, hover: /Kernel name: `IR-IDXD-IMS-0000:6a:01\.0-15`/, disposeAfterCheck: true });
        await hover({ text: ims.replace('kernel 6.5', 'kernel 6.17').replace('DSA0-IMS : ims', 'DSA0-IMS : device-msi'), index: 0,
            hover: /Kernel name: `IR-IDXD-IMS-0000:6a:01\.0-15`/, disposeAfterCheck: true });
        await hover({ text: ims.replace('DSA0-IMS : ims', 'DSA0-IMS : device-msi'), index: 0,
            hover: /Kernel name: `IR-IDXD-IMS-0000:6a:01\.0-16`/, disposeAfterCheck: true });
    });

    it('shows the doc comment of a domain declared in an imported file', async () => {
        const local = createTestServices();
        const docs = await buildFiles(local, { 'platform.irq': platformIrq });
        const uri = UriUtils.joinPath(UriUtils.dirname(docs['platform.irq'].uri), 'nic.irq').toString();
        await expectHover(local.Irq)({
            text: 'import "platform.irq"\nextend xeon { device d pci 0000:00:01.0 { domain D : pci-msix parent <|>INTEL-IR-0 } }',
            index: 0, parseOptions: { documentUri: uri }, disposeAfterCheck: true,
            hover: /\*\*domain\*\* `INTEL-IR-0` : `intel-ir`[\s\S]*Hierarchy: INTEL-IR-0 → VECTOR[\s\S]*Kernel name: `INTEL-IR-0-13`/
        });
    });
});
