// Generates realistic large topologies for the benchmarks: an x86 platform with two remapping units
// and N PCI devices, each with its own MSI-X domain and several interrupts (one file, or split files).

/** The platform part: VECTOR, two Intel IR units, DMAR-MSI, an IO-APIC. */
export function platformText(cpus) {
    return `/** Generated benchmark platform. */
topology bench {
  arch x86_64
  cpus ${cpus}
  kernel 6.12
  domain VECTOR : vector {
    vectors 0x20..0xEA
    reserve 0x80
    flags MSI_PARENT
    chip APIC { ack: self  set_affinity: self  compose_msi_msg: self  retrigger: self }
  }
  domain DMAR-MSI : dmar-msi parent VECTOR {
    chip DMAR-MSI { mask: self  unmask: self  write_msi_msg: self  ack: parent  set_affinity: parent }
  }
  domain INTEL-IR-0 : intel-ir parent VECTOR {
    entries 65536
    flags MSI_PARENT ISOLATED_MSI
    chip INTEL-IR { ack: self  set_affinity: self  compose_msi_msg: self  set_vcpu_affinity: self }
  }
  domain INTEL-IR-1 : intel-ir parent VECTOR {
    entries 65536
    flags MSI_PARENT ISOLATED_MSI
    chip INTEL-IR { ack: self  set_affinity: self  compose_msi_msg: self  set_vcpu_affinity: self }
  }
  domain IO-APIC-0 : ioapic parent INTEL-IR-0 {
    size 24
    chip IR-IO-APIC { mask: self  unmask: self  ack: parent  eoi: self  set_affinity: parent  set_type: self }
  }
`;
}

function bdf(i) {
    const bus = (i >> 5) & 0xff, dev = i & 0x1f, seg = i >> 13;
    const hex = (n, w) => n.toString(16).padStart(w, '0');
    return `${hex(seg, 4)}:${hex(bus, 2)}:${hex(dev, 2)}.0`;
}

/** One device: MSI-X table, its per-device domain, a misc vector and queue arrays. */
export function deviceText(i, cpus) {
    const unit = i % 2;
    const cpu = i % cpus;
    return `  /** NIC ${i}. */
  device nic${i} pci ${bdf(i)} {
    behind INTEL-IR-${unit}
    msix table 16
    domain NIC${i}-MSIX : pci-msix parent INTEL-IR-${unit} {
      chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent  flags ONESHOT_SAFE }
    }
    irq misc : NIC${i}-MSIX index 0 affinity cpu ${cpu}
    irq rx[2] : NIC${i}-MSIX index 1 affinity cpu ${cpu}
    irq tx : NIC${i}-MSIX index 3 affinity cpu ${(cpu + 1) % cpus}
  }
`;
}

/** A single file with the platform and N devices. */
export function singleFile(devices) {
    const cpus = Math.max(8, Math.ceil(devices * 4 / 180));
    let text = platformText(cpus);
    for (let i = 0; i < devices; i++) text += deviceText(i, cpus);
    return text + '}\n';
}

/** A platform file plus one file per device (`extend bench { … }`). */
export function splitFiles(devices) {
    const cpus = Math.max(8, Math.ceil(devices * 4 / 180));
    const files = { 'platform.irq': platformText(cpus) + '}\n' };
    for (let i = 0; i < devices; i++) {
        files[`devices/nic${i}.irq`] = `import "../platform.irq"\nextend bench {\n${deviceText(i, cpus)}}\n`;
    }
    return files;
}
