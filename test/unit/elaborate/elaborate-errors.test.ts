// Elaboration across files and in the face of errors: `extend` blocks seen through imports, scenarios
// picked by name, options, and refusals (syntax, linking, validation, elaboration errors) with locations.
import { describe, expect, it } from 'vitest';
import { elaborateDocument, elaborateScenario, elaborateTopologyNamed, listScenarios, listTopologies } from '../../../src/elaborate/index.js';
import { buildFiles, buildOne, createTestServices } from '../helpers/services.js';

const platform = `topology box {
  arch x86_64
  cpus 4
  domain VECTOR : vector {
    chip APIC { ack: self "apic_ack_edge"  set_affinity: self  compose_msi_msg: self  retrigger: self }
  }
}
`;

const nicFile = `import "platform.irq"
extend box {
  device nic0 pci 0000:03:00.0 {
    msix table 8
    domain NIC-MSIX : pci-msix parent VECTOR
    irq q : NIC-MSIX index 1
  }
}
`;

const scenarioFile = `import "platform.irq"
import "nic.irq"
scenario raise-q on box {
  request nic0.q
  raise nic0.q
  expect delivered nic0.q
}
scenario second on box {
  allocate nic0.q
}
`;

describe('elaboration across imports', () => {
    const services = createTestServices();

    it('adds the extend blocks visible through imports to the topology a scenario runs on', async () => {
        const docs = await buildFiles(services, { 'platform.irq': platform, 'nic.irq': nicFile, 'run.irq': scenarioFile });
        const result = elaborateDocument(docs['run.irq'], services.Irq);
        expect(result.errors).toEqual([]);
        expect(result.specs.map(s => s.name)).toEqual(['box']);
        const spec = result.specs[0];
        expect(spec.domains.map(d => d.name)).toEqual(['VECTOR', 'NIC-MSIX']);
        expect(spec.interrupts.map(i => i.name)).toEqual(['nic0.q']);
        expect(spec.scenarios.map(s => s.name)).toEqual(['raise-q', 'second']);
        expect(spec.domains[1].loc?.uri).toBe(docs['nic.irq'].uri.toString());
        expect(spec.scenarios[0].steps[0].loc?.uri).toBe(docs['run.irq'].uri.toString());
    });

    it('does not see extensions that the document does not import', async () => {
        const docs = await buildFiles(services, { 'platform.irq': platform, 'nic.irq': nicFile });
        const result = elaborateDocument(docs['platform.irq'], services.Irq);
        expect(result.specs[0].domains.map(d => d.name)).toEqual(['VECTOR']);
        expect(result.specs[0].scenarios).toEqual([]);
    });

    it('elaborates one scenario by name, for the debugger', async () => {
        const docs = await buildFiles(services, { 'platform.irq': platform, 'nic.irq': nicFile, 'run.irq': scenarioFile });
        const one = elaborateScenario(docs['run.irq'], 'second', services.Irq);
        expect(one.errors).toEqual([]);
        expect(one.scenario?.name).toBe('second');
        expect(one.spec?.scenarios.map(s => s.name)).toEqual(['second']);
        expect(listScenarios(docs['run.irq']).map(s => `${s.name} on ${s.topology} @${s.loc?.line}`)).toEqual(['raise-q on box @3', 'second on box @8']);
        expect(listTopologies(docs['run.irq'])).toEqual(['box']);
        const missing = elaborateScenario(docs['run.irq'], 'nope', services.Irq);
        expect(missing.spec).toBeUndefined();
        expect(missing.errors[0].message).toBe("no scenario named 'nope' in run.irq (scenarios: raise-q, second)");
    });

    it('elaborates a topology by name, or the only one without a name', async () => {
        const docs = await buildFiles(services, { 'platform.irq': platform, 'nic.irq': nicFile });
        expect(elaborateTopologyNamed(docs['nic.irq'], undefined, services.Irq).spec?.domains.map(d => d.name)).toEqual(['VECTOR', 'NIC-MSIX']);
        expect(elaborateTopologyNamed(docs['nic.irq'], 'other', services.Irq).errors[0].message).toBe("no topology named 'other' (box)");
    });
});

describe('refusing input with errors', () => {
    const services = createTestServices();

    it('refuses a scenario that references a missing interrupt, keeping the topology and the other scenarios', async () => {
        const document = await buildOne(services, `${platform}
scenario fine on box {
  cpu 1 offline
}
scenario broken on box {
  raise nic0.nothing
}
`);
        const result = elaborateDocument(document, services.Irq);
        expect(result.specs.map(s => s.scenarios.map(x => x.name))).toEqual([["fine"]]);
        expect(result.refused).toEqual([expect.objectContaining({ kind: 'scenario', name: 'broken', topology: 'box' })]);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatchObject({ kind: 'linking', loc: { line: 13, column: 9 } });
        expect(result.errors[0].message).toContain('nic0.nothing');
    });

    it('refuses a topology with a validation error and every scenario on it; allowValidationErrors lets it through', async () => {
        const text = `topology bad {
  arch x86_64
  domain VECTOR : vector
  domain IR : intel-ir parent VECTOR {
    chip INTEL-IR { ack: self  mask: VECTOR }
  }
}
scenario s on bad {
  cpu 1 offline
}
`;
        const document = await buildOne(services, text);
        const strict = elaborateDocument(document, services.Irq);
        expect(strict.specs).toEqual([]);
        expect(strict.refused.map(r => `${r.kind} ${r.name}`)).toEqual(['topology bad', 'scenario s']);
        expect(strict.errors.every(e => e.kind === 'validation')).toBe(true);
        expect(strict.errors.map(e => e.code)).toContain('R-DELEGATE-EXISTS');
        expect(strict.errors.find(e => e.code === 'R-DELEGATE-EXISTS')?.loc?.line).toBe(5);
        const lenient = elaborateDocument(document, services.Irq, { allowValidationErrors: true });
        expect(lenient.errors).toEqual([]);
        expect(lenient.specs[0].domains[1].chip?.callbacks?.mask).toMatchObject({ mode: 'level', target: 'VECTOR', loc: { line: 5, column: 32 } });
        expect(lenient.specs[0].scenarios.map(s => s.name)).toEqual(['s']);
    });

    it('refuses everything of a document with a syntax error, without throwing', async () => {
        const document = await buildOne(services, `${platform}
scenario s on box {
  raise raise raise
}
`);
        const result = elaborateDocument(document, services.Irq);
        expect(result.specs).toEqual([]);
        expect(result.errors.some(e => e.kind === 'syntax')).toBe(true);
        expect(result.refused.map(r => r.name)).toEqual(['box', 's']);
    });

    it('reports unknown options and option values out of range at the option line', async () => {
        const document = await buildOne(services, `topology opts {
  arch x86_64
  option msi-move-policy sideways
  option warp-drive on
  option first-irq 40
  option reservation-mode off
  domain VECTOR : vector
}
`);
        // The validator flags them as you type; elaboration then refuses the topology with those errors.
        const result = elaborateDocument(document, services.Irq);
        expect(result.specs).toEqual([]);
        expect(result.errors.map(e => `${e.loc?.line}:${e.loc?.column} ${e.kind} ${e.message}`)).toEqual([
            "3:3 validation option 'msi-move-policy': expected code | comment | always-direct, not 'sideways'.",
            expect.stringMatching(/^4:10 validation unknown option 'warp-drive' \(known: msi-move-policy, /)
        ]);
        const allowed = elaborateDocument(document, services.Irq, { allowValidationErrors: true });
        expect(allowed.errors.map(e => `${e.loc?.line}:${e.loc?.column} ${e.kind} ${e.message}`)).toEqual([
            "3:3 elaboration option 'msi-move-policy': expected code | comment | always-direct, not 'sideways'",
            expect.stringMatching(/^4:3 elaboration unknown option 'warp-drive' \(known: msi-move-policy, /)
        ]);
    });

    it('reads every known option into SystemOptions', async () => {
        const document = await buildOne(services, `topology opts {
  arch x86_64
  option msi-move-policy always-direct
  option first-system-vector 0xEC
  option first-irq 40
  option reservation-mode off
  option imsic-noipi yes
  option irq-disable unlazy
  option event-limit 1000
  domain VECTOR : vector
}
`);
        const result = elaborateDocument(document, services.Irq);
        expect(result.errors).toEqual([]);
        expect(result.specs[0].options).toEqual({
            msiMovePolicy: 'always-direct', firstSystemVector: 0xec, firstIrq: 40, reservationMode: false,
            imsicNoIpi: true, disable: 'unlazy', eventLimit: 1000
        });
    });

    it('reports a reversed or huge CPU range as an elaboration error at the step', async () => {
        const document = await buildOne(services, `${platform}
extend box {
  device nic0 pci 0000:03:00.0 {
    msix table 8
    domain NIC-MSIX : pci-msix parent VECTOR
    irq q : NIC-MSIX index 1
  }
}
scenario s on box {
  set-affinity nic0.q cpus 3..1
  set-affinity nic0.q cpus 0..100000
}
`);
        const result = elaborateDocument(document, services.Irq);
        expect(result.specs[0].scenarios).toEqual([]);
        expect(result.errors.map(e => `${e.loc?.line} ${e.kind} ${e.message}`)).toEqual([
            '17 elaboration set-affinity: range 3..1 runs backwards',
            '18 elaboration set-affinity: range 0..100000 is larger than 65536 entries'
        ]);
    });
});
