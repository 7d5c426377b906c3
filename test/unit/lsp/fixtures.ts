// Realistic .irq sources shared by the LSP tests: an x86 platform with interrupt remapping, a NIC file that
// imports it, an arm64 GICv3/ITS machine, a RISC-V AIA machine and a DSA device with IMS.

/** x86 platform: VECTOR, DMAR-MSI, one VT-d remapping unit and an IO-APIC. */
export const platformIrq = `// Two-socket Xeon, one DMAR unit.
/** The platform: a vector domain and one remapping unit. */
topology xeon {
  arch x86_64
  cpus 8
  kernel 6.5

  /** The x86 vector domain, root of everything. */
  domain VECTOR : vector {
    vectors 0x20..0xEA
    reserve 0x80
    flags MSI_PARENT
    chip APIC {
      ack: self "apic_ack_edge"
      set_affinity: self
      compose_msi_msg: self
      retrigger: self
    }
  }

  domain DMAR-MSI : dmar-msi parent VECTOR {
    chip DMAR-MSI {
      mask: self
      unmask: self
      write_msi_msg: self
      ack: parent
      flags MOVE_DEFERRED
    }
  }

  /* VT-d unit 0 */
  domain INTEL-IR-0 : intel-ir parent VECTOR {
    entries 65536
    bus-token DMAR
    prefix "IR-"
    flags MSI_PARENT ISOLATED_MSI
    supports MULTI_PCI_MSI PCI_MSIX
    chip INTEL-IR {
      ack: self "apic_ack_irq"
      set_affinity: self
      compose_msi_msg: self
      set_vcpu_affinity: self
    }
  }
}
`;

/** A NIC and a multi-MSI AHCI controller added to the platform from their own file, with scenarios. */
export const nicIrq = `import "platform.irq"

extend xeon {
  /** The 100G NIC. */
  device nic0 pci 0000:03:00.0 {
    behind INTEL-IR-0
    msix table 64
    domain NIC0-MSIX : pci-msix parent INTEL-IR-0 {
      chip PCI-MSIX {
        mask: self
        unmask: self
        write_msi_msg: self
        ack: parent
        flags ONESHOT_SAFE
      }
    }
    irq misc : NIC0-MSIX index 0
    /** Completion queue 3. */
    irq q3 : NIC0-MSIX index 3 affinity cpu 2
    irq rx[4] : NIC0-MSIX index 4
  }
}

scenario move-q3 on xeon {
  request nic0.q3
  raise nic0.q3
  expect delivered nic0.q3 to cpu 2
  set-affinity nic0.q3 cpu 5
  expect writes nic0.q3 0
  expect hwirq nic0.q3 at NIC0-MSIX 3
  raise nic0.rx[3]
  expect nic0.rx[3] masked at NIC0-MSIX
}
`;

/** arm64: GICv3 root, ITS MSI parent and a NIC with MSI-X. */
export const armIrq = `topology ampere {
  arch arm64
  cpus 4
  kernel 6.17
  domain GIC : gic-v3 {
    chip GICv3 {
      mask: self
      unmask: self
      eoi: self
      set_type: self
      set_affinity: self
      retrigger: self
      flags SET_TYPE_MASKED SKIP_SET_WAKE MASK_ON_SUSPEND
    }
  }
  domain ITS : gic-its parent GIC {
    lpis 8192..65535
    bus-token NEXUS
    accepts PCI_DEVICE_MSI PCI_DEVICE_MSIX
    requires USE_DEF_DOM_OPS USE_DEF_CHIP_OPS PCI_MSI_MASK_PARENT
    flags MSI_PARENT
    chip ITS {
      mask: self
      unmask: self
      eoi: parent
      set_affinity: self
      compose_msi_msg: self
      retrigger: self
    }
  }
  device eth0 pci 0000:01:00.0 {
    device-id 0x100
    msix table 12
    domain ETH0-MSIX : pci-msix parent ITS {
      msi-flags PCI_MSI_MASK_PARENT
      chip PCI-MSIX {
        mask: self
        unmask: self
        write_msi_msg: self
        eoi: parent
      }
    }
    irq q : ETH0-MSIX event 3 flow handle_fasteoi_irq
  }
}
`;

/** RISC-V AIA: INTC root, IMSIC chained to it, APLIC in MSI mode with a UART. */
export const riscvIrq = `topology virt {
  arch riscv64
  cpus 4
  domain INTC : riscv-intc
  domain IMSIC : imsic chained-to INTC cause 9 {
    ids 255
    flags MSI_PARENT
    chip IMSIC {
      mask: self
      unmask: self
      ack: self "imsic_irq_ack"
      retrigger: self
      compose_msi_msg: self
      set_affinity: self
    }
  }
  device aplic platform "aplic@d000000" {
    domain APLIC-MSI : aplic-msi parent IMSIC {
      sources 96
      chip APLIC-MSI {
        mask: self
        unmask: self
        eoi: self
        set_type: self
        write_msi_msg: self
        set_affinity: parent
      }
    }
    irq uart : APLIC-MSI source 10 trigger level-high flow handle_fasteoi_irq
  }
}
scenario uart-level on virt {
  request aplic.uart
  raise aplic.uart
  expect delivered aplic.uart
  cpu 3 offline
  expect aplic.uart on cpu 2
}
`;

/** Intel DSA with MSI-X and an IMS sibling domain (v6.2-v6.9 API). */
export const dsaIrq = `topology spr {
  arch x86_64
  cpus 16
  kernel 6.5
  domain VECTOR : vector { flags MSI_PARENT chip APIC { ack: self set_affinity: self compose_msi_msg: self retrigger: self } }
  domain INTEL-IR-0 : intel-ir parent VECTOR { flags MSI_PARENT ISOLATED_MSI chip INTEL-IR { ack: self set_affinity: self compose_msi_msg: self } }
  device dsa0 pci 0000:6a:01.0 {
    behind INTEL-IR-0
    assigned siov
    msix table 9
    ims slots 2048 storage mmio
    domain DSA0-MSIX : pci-msix parent INTEL-IR-0 { chip PCI-MSIX { mask: self unmask: self write_msi_msg: self ack: parent } }
    domain DSA0-IMS : ims parent INTEL-IR-0 {
      msi-flags ALLOC_SIMPLE_MSI_DESCS FREE_MSI_DESCS
      slot-alloc domain
      chip IDXD-IMS { mask: self unmask: self write_msi_msg: self ack: parent "irq_chip_ack_parent" startup: self }
    }
    irq misc : DSA0-MSIX index 0
    irq wq[4] : DSA0-IMS any affinity cpu 2 cookie 0x42
  }
}
scenario wq-masked on spr {
  request dsa0.wq[0]
  mask dsa0.wq[0]
  raise dsa0.wq[0]
  expect dsa0.wq[0] pending
  unmask dsa0.wq[0]
  expect delivered dsa0.wq[0] to cpu 2
  post dsa0.wq[1] to vcpu 1 vector 0x41
  unpost dsa0.wq[1]
  free dsa0.wq[0]
  expect ok
}
`;

/** All single-file fixtures by name (the NIC file needs the platform next to it). */
export const standaloneFixtures: Record<string, string> = {
    'platform.irq': platformIrq, 'arm.irq': armIrq, 'riscv.irq': riscvIrq, 'dsa.irq': dsaIrq
};
