// The kernel meaning of a token in context: a domain kind, a chip callback and its mode, a flag, a bus token,
// a flow handler, a trigger, a scenario step or expectation keyword. Used by hover.
import {
    isCallback, isChip, isCpuStep, isDomainOps, isExpectDelivered, isExpectHwirq, isExpectMessage, isExpectResult,
    isExpectRoute, isExpectState, isExpectWrites, isInterrupt, isIrqStep, type Callback
} from '../generated/ast.js';
import {
    callbackModeDescriptions, chipCallbackDescriptions, domainKindDescriptions, domainOpDescriptions, expectationDescriptions,
    flowHandlerDescriptions, indexKindDescriptions, irqStateDescriptions, keywordDescriptions, stepDescriptions, triggerDescriptions
} from '../../kernel/descriptions.js';
import { kindInfo } from '../../kernel/model.js';
import { busTokens, chipFlags, describe, domainFlags, flowHandlerName, lookup, lookupFlag, msiFlags, type FlagTable } from './kernel-docs.js';
import type { LeafContext } from './irq-cst-context.js';

/** Markdown describing the token's kernel meaning, or undefined when it has none. */
export function wordDocumentation(context: LeafContext): string | undefined {
    return valueDocumentation(context) ?? keywordDocumentation(context);
}

/** Values of properties: kinds, callback names and modes, flags, tokens, flow handlers, triggers, steps. */
function valueDocumentation(context: LeafContext): string | undefined {
    const { node, property } = context;
    const text = context.leaf.text;
    switch (property) {
        case 'kind': return documented(text, 'domain kind', lookup(domainKindDescriptions, text), kindExtra(text));
        case 'name':
            if (isCallback(node)) return callbackDocumentation(node);
            return undefined;
        case 'mode':
            if (isCallback(node)) return modeDocumentation(node);
            return undefined;
        case 'flags': return flagDocumentation(text, isChip(node) ? chipFlags : domainFlags);
        case 'msiFlags':
        case 'supports':
        case 'requires': return flagDocumentation(text, msiFlags);
        case 'busToken':
        case 'accepts': return flagDocumentation(text, busTokens);
        case 'flow': {
            const name = flowHandlerName(text);
            return name ? documented(name, 'flow handler', lookup(flowHandlerDescriptions, name)) : undefined;
        }
        case 'trigger': return documented(text, 'trigger type', lookup(triggerDescriptions, text));
        case 'indexKind': return documented(text, 'index in the domain', lookup(indexKindDescriptions, text));
        case 'action': return isIrqStep(node) ? documented(text, 'scenario step', lookup(stepDescriptions, text)) : undefined;
        case 'state':
            if (isExpectState(node)) return documented(text, 'interrupt state', lookup(irqStateDescriptions, text));
            if (isCpuStep(node)) return documented(`cpu … ${text}`, 'scenario step', lookup(stepDescriptions, 'cpu'));
            return undefined;
        case 'errno': return documented(text, 'expected error', lookup(expectationDescriptions, 'error'));
        case 'anyIndex': return documented('any', 'index in the domain', lookup(indexKindDescriptions, 'any'));
        default: return undefined;
    }
}

/** Keywords: step and expectation keywords by the statement they start, others from the keyword table. */
function keywordDocumentation(context: LeafContext): string | undefined {
    const { node, keyword } = context;
    if (!keyword) return undefined;
    if (keyword === 'expect') {
        const key = isExpectDelivered(node) ? 'delivered' : isExpectMessage(node) ? 'message' : isExpectWrites(node) ? 'writes'
            : isExpectResult(node) ? (node.ok ? 'ok' : 'error') : isExpectRoute(node) ? 'on' : isExpectHwirq(node) ? 'hwirq' : 'expect';
        if (isExpectState(node)) return documented(`expect … ${node.state}`, 'expectation', lookup(irqStateDescriptions, node.state));
        return documented(`expect ${key === 'expect' ? '' : key}`.trim(), 'expectation', lookup(expectationDescriptions, key));
    }
    if (isExpectRoute(node) && keyword === 'on') return documented(keyword, 'expectation', lookup(expectationDescriptions, 'on'));
    if (isExpectResult(node) || isExpectDelivered(node) || isExpectMessage(node) || isExpectWrites(node) || isExpectHwirq(node) || isExpectState(node)) {
        const expectation = lookup(expectationDescriptions, keyword);
        if (expectation) return documented(keyword, 'expectation', expectation);
    }
    const step = lookup(stepDescriptions, keyword);
    if (step && (keyword === 'set-affinity' || keyword === 'post' || keyword === 'unpost' || (keyword === 'cpu' && isCpuStep(node)))) {
        return documented(keyword, 'scenario step', step);
    }
    if (isInterrupt(node) && keyword === 'any') return documented('any', 'index in the domain', lookup(indexKindDescriptions, 'any'));
    return documented(keyword, 'keyword', lookup(keywordDescriptions, keyword));
}

function callbackDocumentation(callback: Callback): string | undefined {
    const inOps = isDomainOps(callback.$container);
    const table = inOps ? domainOpDescriptions : chipCallbackDescriptions;
    return documented(callback.name, inOps ? 'domain operation' : 'irq chip callback', lookup(table, callback.name), kindDefault(callback, inOps));
}

/** What the kernel installs for this callback at a level of the enclosing domain's kind. */
function kindDefault(callback: Callback, inOps: boolean): string[] {
    const kind = callback.$container?.$container?.kind;
    const info = kind ? kindInfo(kind) : undefined;
    if (!info) return [];
    const defaults = inOps ? info.ops : info.chip.callbacks;
    const found = lookup(defaults, callback.name);
    if (!found) return [`Not among the kernel defaults of a \`${kind}\` level.`];
    return [`Kernel default at a \`${kind}\` level: \`${found.mode}\` → \`${found.fn}()\`.`];
}

function modeDocumentation(callback: Callback): string | undefined {
    const mode = callback.mode ?? 'target';
    const description = lookup(callbackModeDescriptions, mode);
    if (!description) return undefined;
    const extra: string[] = [];
    if (mode === 'parent') {
        const inOps = isDomainOps(callback.$container);
        const helper = lookup(inOps ? domainOpDescriptions : chipCallbackDescriptions, callback.name)?.parentHelper;
        extra.push(helper
            ? `For \`${callback.name}\` the helper is \`${helper}()\`.`
            : `The kernel has no generic parent helper for \`${callback.name}\`.`);
    }
    return documented(mode, 'callback mode', description, extra);
}

function flagDocumentation(text: string, table: FlagTable): string | undefined {
    const description = lookupFlag(table, text);
    return description ? documented(description.kernel, table.title, description) : undefined;
}

function kindExtra(kind: string): string[] {
    const description = lookup(domainKindDescriptions, kind);
    if (!description) return [];
    const lines = [`Role: ${description.role} · kernel name \`${description.kernelName}\` · bus token \`${description.busToken}\` · hwirq = ${description.hwirq}`];
    const info = kindInfo(kind);
    if (info) {
        const callbacks = Object.entries(info.chip.callbacks).map(([name, d]) => `${name}: ${d.mode} \`${d.fn}\``).join(', ');
        lines.push(`Defaults: chip \`${info.chip.name}\`${callbacks ? ` { ${callbacks} }` : ''}`
            + `${info.flags.length ? ` · flags ${info.flags.join(' ')}` : ''}${info.chip.flags.length ? ` · chip flags ${info.chip.flags.join(' ')}` : ''}`);
    }
    return lines;
}

function documented(word: string, what: string, description: Parameters<typeof describe>[2] | undefined, extra: string[] = []): string | undefined {
    return description ? describe(word, what, description, extra) : undefined;
}
