// Warnings for kernel names the model does not know (flags, callbacks, bus tokens, flow handlers): a typo such as
// `flags MSI_PARNET` would otherwise silently change what the layering rules see. Codes are `irq-unknown-*`.
import type { ValidationAcceptor } from 'langium';
import type { Callback, Domain, Interrupt } from '../generated/ast.js';
import {
    normalizeBusToken, normalizeCallbackName, normalizeFlag, normalizeFlowHandler, type FlagFamily
} from '../../kernel/model.js';

/** Issue codes of the name checks. */
export const NameCodes = {
    flag: 'irq-unknown-flag',
    callback: 'irq-unknown-callback',
    busToken: 'irq-unknown-bus-token',
    flow: 'irq-unknown-flow'
} as const;

/** Checks that flags, callbacks, bus tokens and flow handlers are names the kernel has. */
export class KernelNameChecks {
    checkDomain(domain: Domain, accept: ValidationAcceptor): void {
        this.flags(domain, 'flags', domain.flags, 'domain', accept);
        this.flags(domain, 'msiFlags', domain.msiFlags, 'msi', accept);
        this.flags(domain, 'supports', domain.supports, 'msi', accept);
        this.flags(domain, 'requires', domain.requires, 'msi', accept);
        if (domain.busToken && !normalizeBusToken(domain.busToken)) {
            accept('warning', `Unknown bus token '${domain.busToken}' (DOMAIN_BUS_*: ANY, WIRED, PCI_DEVICE_MSIX, DEVICE_MSI, …).`,
                { node: domain, property: 'busToken', code: NameCodes.busToken });
        }
        for (let index = 0; index < domain.accepts.length; index++) {
            const token = domain.accepts[index];
            if (normalizeBusToken(token)) continue;
            accept('warning', `Unknown bus token '${token}'.`, { node: domain, property: 'accepts', index, code: NameCodes.busToken });
        }
        if (domain.flow && !normalizeFlowHandler(domain.flow)) {
            accept('warning', `Unknown flow handler '${domain.flow}' (handle_edge_irq, handle_fasteoi_irq, handle_level_irq, …; short forms edge, fasteoi, level).`,
                { node: domain, property: 'flow', code: NameCodes.flow });
        }
        for (const chip of domain.chips) {
            for (let index = 0; index < chip.flags.length; index++) {
                const flag = chip.flags[index];
                if (normalizeFlag('chip', flag)) continue;
                accept('warning', `Unknown irq chip flag '${flag}' (IRQCHIP_* without the prefix, e.g. ONESHOT_SAFE).`,
                    { node: chip, property: 'flags', index, code: NameCodes.flag });
            }
        }
        for (const chip of domain.chips) {
            for (const callback of chip.callbacks) this.callback(callback, accept);
        }
        for (const callback of domain.ops?.callbacks ?? []) this.callback(callback, accept);
    }

    private callback(callback: Callback, accept: ValidationAcceptor): void {
        if (normalizeCallbackName(callback.name)) return;
        accept('warning', `Unknown callback '${callback.name}' (irq_chip callbacks such as mask, ack, eoi, set_affinity, write_msi_msg; domain ops such as alloc, activate, init_dev_msi_info).`,
            { node: callback, property: 'name', code: NameCodes.callback });
    }

    checkInterrupt(interrupt: Interrupt, accept: ValidationAcceptor): void {
        if (interrupt.flow && !normalizeFlowHandler(interrupt.flow)) {
            accept('warning', `Unknown flow handler '${interrupt.flow}' (handle_edge_irq, handle_fasteoi_irq, handle_level_irq, …; short forms edge, fasteoi, level).`,
                { node: interrupt, property: 'flow', code: NameCodes.flow });
        }
    }

    private flags(domain: Domain, property: 'flags' | 'msiFlags' | 'supports' | 'requires', names: string[], family: FlagFamily, accept: ValidationAcceptor): void {
        const prefix = family === 'domain' ? 'IRQ_DOMAIN_FLAG_' : 'MSI_FLAG_';
        for (let index = 0; index < names.length; index++) {
            const name = names[index];
            if (normalizeFlag(family, name)) continue;
            accept('warning', `Unknown ${prefix}* flag '${name}' (written without the prefix${family === 'domain' ? ', e.g. MSI_PARENT' : ', e.g. PCI_MSI_MASK_PARENT'}).`,
                { node: domain, property, index, code: NameCodes.flag });
        }
    }
}
