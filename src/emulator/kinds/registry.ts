// Maps every DomainKind to its ops table (KindImpl); `custom` domains use the generic MSI leaf table
// plus the generic `self` behaviour in chip.ts for callbacks the user marks `self`.

import type { DomainKind } from '../spec.js';
import type { KindImpl } from './kind.js';
import { GIC_KIND, ITS_KIND } from './gic.js';
import { IR_KIND } from './intel-ir.js';
import { MSI_LEAF_KIND } from './msi-leaf.js';
import { APLIC_DIRECT_KIND, APLIC_MSI_KIND, IMSIC_KIND, INTC_KIND } from './riscv.js';
import { WIRED_KIND } from './wired.js';
import { VECTOR_KIND } from './x86-vector.js';

/** The ops table of each kind. */
export const KINDS: Record<DomainKind, KindImpl> = {
    vector: VECTOR_KIND,
    'intel-ir': IR_KIND,
    'amd-ir': IR_KIND,
    'gic-v3': GIC_KIND,
    'gic-its': ITS_KIND,
    'riscv-intc': INTC_KIND,
    imsic: IMSIC_KIND,
    'aplic-msi': APLIC_MSI_KIND,
    'aplic-direct': APLIC_DIRECT_KIND,
    ioapic: WIRED_KIND,
    wired: WIRED_KIND,
    'hpet-msi': MSI_LEAF_KIND,
    'dmar-msi': MSI_LEAF_KIND,
    'pci-msi': MSI_LEAF_KIND,
    'pci-msix': MSI_LEAF_KIND,
    ims: MSI_LEAF_KIND,
    'device-msi': MSI_LEAF_KIND,
    'global-pci-msi': MSI_LEAF_KIND,
    'platform-msi': MSI_LEAF_KIND,
    'dev-msi': MSI_LEAF_KIND,
    custom: MSI_LEAF_KIND
};
