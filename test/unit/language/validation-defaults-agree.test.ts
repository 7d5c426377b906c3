// Validation's effective defaults (src/language/validation/resolved-topology.ts) are the kernel model's
// (src/kernel/model.ts effectiveKindDefaults) for every kind in every position of a hierarchy, so the two cannot drift.
import { describe, expect, it } from 'vitest';
import { DOMAIN_KINDS, decidingParent, effectiveKindDefaults, type DomainKind } from '../../../src/kernel/model.js';
import { topologiesOf, type ResolvedInterrupt, type ResolvedTopology } from '../../../src/language/validation/resolved-topology.js';
import { buildOne, createTestServices } from '../helpers/services.js';
import { ANCESTOR_CHAINS } from '../helpers/kind-chains.js';

/** One topology per chain: the chain root..parent and a level of `kind` as its leaf `<prefix>LEAF`. */
function chainText(index: number, kind: DomainKind, arch: string, ancestors: DomainKind[]): string {
    const names = ancestors.map((_, i) => `T${index}P${i + 1}`);
    const lines = ancestors.map((k, i) => `  domain ${names[i]} : ${k}${i + 1 < ancestors.length ? ` parent ${names[i + 1]}` : ''}`).reverse();
    lines.push(`  domain T${index}LEAF : ${kind}${ancestors.length > 0 ? ` parent ${names[0]}` : ''}`);
    return `topology t${index} {\n  arch ${arch}\n  cpus 2\n  kernel 6.17\n${lines.join('\n')}\n}`;
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('validation takes its kind defaults from the kernel model', () => {
    const services = createTestServices();
    const cases = DOMAIN_KINDS.flatMap(kind => ANCESTOR_CHAINS.map(chain => ({ kind, ...chain })));
    let topologies: ResolvedTopology[] | undefined;

    async function resolved(): Promise<ResolvedTopology[]> {
        if (!topologies) {
            const document = await buildOne(services, cases.map((c, i) => chainText(i, c.kind, c.arch, c.ancestors)).join('\n'));
            topologies = topologiesOf(document.parseResult.value, services.shared.workspace.LangiumDocuments).all();
        }
        return topologies;
    }

    for (const kind of DOMAIN_KINDS) {
        it(`${kind}: chip, chip flags, MSI flags, flow handlers and deciding parent equal effectiveKindDefaults() on every chain`, async () => {
            const all = await resolved();
            cases.forEach((c, index) => {
                if (c.kind !== kind) return;
                const where = `${kind} on [${c.ancestors.join(' → ')}]`;
                const topology = all.find(t => t.name === `t${index}`);
                const leaf = topology?.domains.find(d => d.name === `T${index}LEAF`);
                expect(leaf, where).toBeDefined();
                const m = effectiveKindDefaults(kind, c.ancestors);
                expect(leaf!.chip.name, where).toBe(m.chip.name);
                const callbacks = Object.fromEntries([...leaf!.chip.callbacks].map(([op, cb]) => [op, `${cb.mode} ${cb.fn}`]));
                const modelCallbacks = Object.fromEntries(Object.entries(m.chip.callbacks).map(([op, cb]) => [op, `${cb.mode} ${cb.fn}`]));
                expect(callbacks, where).toEqual(modelCallbacks);
                expect(sorted(leaf!.chip.flags), where).toEqual(sorted(m.chip.flags));
                expect(sorted(leaf!.msiFlags), where).toEqual(sorted(m.msiFlags));
                const edge = { flow: undefined, levelTriggered: false } as unknown as ResolvedInterrupt;
                const level = { flow: undefined, levelTriggered: true } as unknown as ResolvedInterrupt;
                expect(leaf!.flowFor(edge), `${where}: edge flow`).toBe(m.flow);
                expect(leaf!.flowFor(level), `${where}: level flow`).toBe(m.levelFlow);
                expect(leaf!.decidingParent?.kind, `${where}: deciding parent`).toBe(decidingParent(c.ancestors)?.kind);
                expect(leaf!.busToken, where).toBe(m.busToken);
                expect(sorted(leaf!.flags), where).toEqual(sorted(m.flags));
                expect(leaf!.prefix, where).toBe(m.prefix);
                expect(leaf!.role, where).toBe(m.role);
            });
        });
    }
});
