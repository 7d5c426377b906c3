// Executes one scenario step against the machine: the per-irq actions (allocate ... deactivate), affinity,
// CPU hotplug, vCPU posting, raw message injection and expectations; drains queued hardware events.

import { allocate, freeInstances } from './alloc.js';
import { cpuOffline, cpuOnline, setAffinityUser, setVcpuAffinity, startup } from './affinity.js';
import { ERRNO, IRQCHIP, IRQD, IRQS } from './constants.js';
import { activateIrq, checkIrqResend, deactivateIrq, disableIrq, enableIrq, maskIrq, unmaskIrq } from './core.js';
import { evaluate } from './expect.js';
import type { Machine } from './machine.js';
import { drainHw, injectMessage, raiseInstance } from './platform.js';
import type { IrqAction, Step } from './spec.js';
import type { IrqDesc } from './state.js';

/** Short text of a step (for `step` events and diagnostics). */
export function stepText(s: Step): string {
    const ref = (r: { irq: string; element?: number }): string => r.element !== undefined ? `${r.irq}[${r.element}]` : r.irq;
    switch (s.kind) {
        case 'irq': return `${s.action} ${ref(s.target)}${s.times ? ` times ${s.times}` : ''}`;
        case 'set-affinity': return `set-affinity ${ref(s.target)} cpus ${s.cpus.join(',')}`;
        case 'cpu': return `cpu ${s.cpu} ${s.state}`;
        case 'post': return `post ${ref(s.target)} to vcpu ${s.vcpu} vector 0x${s.vector.toString(16)}`;
        case 'unpost': return `unpost ${ref(s.target)}`;
        case 'inject': return `inject 0x${s.addressLo.toString(16)}/0x${s.data.toString(16)}`;
        case 'expect': return `expect ${s.expect.kind}`;
    }
}

/** `request_irq()` (`__setup_irq()`): R-ONESHOT check, irq_activate (not for managed), irq_startup. */
function requestIrq(m: Machine, d: IrqDesc): number {
    if (d.hasAction) return -ERRNO.EBUSY;
    const def = m.topo.instances[d.inst];
    const flags = m.domOf(d, 0).chipFlags;
    const oneshotSafe = (flags & IRQCHIP.ONESHOT_SAFE) !== 0;
    if (def.threaded && !def.oneshot && !oneshotSafe) {
        m.fault('threaded irq with a NULL primary handler needs IRQF_ONESHOT (R-ONESHOT): request refused', 'error', m.at(d, 0), -ERRNO.EINVAL);
        return -ERRNO.EINVAL;
    }
    if (def.oneshot && !oneshotSafe) d.istate |= IRQS.ONESHOT;
    d.hasAction = true;
    if (!(d.state & IRQD.AFFINITY_MANAGED)) {
        const r = activateIrq(m, d, false);
        if (r !== 0) { d.hasAction = false; return r; }
    }
    const r = startup(m, d, true, false);
    if (r !== 0) d.hasAction = false;
    return r;
}

function irqAction(m: Machine, action: IrqAction, inst: number, duringHandler: number): number {
    const d = m.descOf(inst);
    if (action === 'raise') {
        if (d) d.reraise = duringHandler;
        const r = raiseInstance(m, inst);
        drainHw(m);
        return r;
    }
    if (!d) {
        m.fault(`${m.topo.instances[inst].name}: ${action} on an interrupt that is not allocated (R-REQUEST-AFTER-ALLOC)`, 'error', { instance: m.topo.instances[inst].name, loc: m.topo.instances[inst].loc }, -ERRNO.ENOENT);
        return -ERRNO.EINVAL;
    }
    switch (action) {
        case 'activate': return activateIrq(m, d, false);
        case 'request': return requestIrq(m, d);
        case 'mask': maskIrq(m, d); return 0;
        case 'unmask': unmaskIrq(m, d); return 0;
        case 'disable': return disableIrq(m, d);
        case 'enable': return enableIrq(m, d);
        case 'retrigger': { const r = checkIrqResend(m, d, true); return r === -ERRNO.EINVAL && d.state & IRQD.LEVEL ? 0 : r; }
        case 'deactivate': deactivateIrq(m, d); return 0;
        default: return -ERRNO.EINVAL;
    }
}

/** Executes a step (called by Machine.execute inside its event-limit guard). */
export function dispatchStep(m: Machine, step: Step): number {
    if (step.kind !== 'expect') m.state.step++;
    if (m.sink !== null) m.emit({ kind: 'step', index: m.state.step, text: stepText(step), loc: step.loc });
    else m.tick();
    let result = 0;
    switch (step.kind) {
        case 'irq': {
            const insts = m.resolveRef(step.target);
            if (!insts.length) { m.fault(`unknown interrupt ${step.target.irq}`, 'error', { loc: step.loc }); return -ERRNO.ENOENT; }
            if (step.action === 'allocate') { result = allocate(m, insts); break; }
            if (step.action === 'request') {
                // A driver allocates its vectors (pci_alloc_irq_vectors / msi_domain_alloc_irq_at) before
                // request_irq(); `request` on an unallocated interrupt does both, in that order.
                // PCI multi-MSI is one block (one msi_desc, S-13): the whole array is allocated together.
                const block = (i: number): number[] => {
                    const def = m.topo.instances[i];
                    return m.topo.domains[def.leaf].storage === 'msi' ? m.resolveRef({ irq: def.irqName }) : [i];
                };
                const unallocated = [...new Set(insts.flatMap(block))].filter(i => !m.descOf(i));
                if (unallocated.length > 0) {
                    result = allocate(m, unallocated);
                    if (result !== 0) break;
                }
            }
            if (step.action === 'free') { result = freeInstances(m, insts); break; }
            const times = step.times ?? 1;
            for (let t = 0; t < times; t++) {
                for (const i of insts) {
                    const r = irqAction(m, step.action, i, step.duringHandler ?? 0);
                    if (r !== 0 && result === 0) result = r;
                }
            }
            break;
        }
        case 'set-affinity':
            for (const i of m.resolveRef(step.target)) {
                const d = m.descOf(i);
                if (!d) { result = -ERRNO.EINVAL; continue; }
                const r = setAffinityUser(m, d, step.cpus);
                if (r !== 0 && result === 0) result = r;
            }
            break;
        case 'cpu':
            result = step.state === 'offline' ? cpuOffline(m, step.cpu) : cpuOnline(m, step.cpu);
            break;
        case 'post':
        case 'unpost':
            for (const i of m.resolveRef(step.target)) {
                const d = m.descOf(i);
                if (!d) { result = -ERRNO.EINVAL; continue; }
                const r = setVcpuAffinity(m, d, step.kind === 'post' ? { vcpu: step.vcpu, vector: step.vector } : null);
                if (r < 0 && result === 0) result = r;
            }
            break;
        case 'inject': {
            const dev = step.device !== undefined ? (m.topo.deviceByName.get(step.device) ?? -1) : -1;
            result = injectMessage(m, { addressLo: step.addressLo >>> 0, addressHi: step.addressHi ?? 0, data: step.data }, dev, step.requester);
            break;
        }
        case 'expect': {
            const o = evaluate(m, step.expect);
            m.lastExpectation = o;
            if (m.sink !== null) m.emit({ kind: 'expect', pass: o.pass, expected: o.expected, actual: o.actual, loc: step.loc });
            else m.tick();
            return 0;
        }
    }
    drainHw(m);
    return result;
}
