// A recursive-descent parser for error-free `.irq` text that builds exactly the AST and CST Langium's parser builds
// (same objects, properties, grammar sources, positions, hidden comments), without Chevrotain and its token objects.
import type { AstNode, ParseResult } from 'langium';
import { EOF, ScanBailout } from './fast-scanner.js';
import type { FeatureElement, RuleElements } from './grammar-elements.js';
import { FastParserProtocol, ParseBailout, type FastParserContext, type Node, type StackItem } from './fast-parser-protocol.js';
import type { LazyUnitCstNode, PendingUnit } from './lazy-cst.js';

export { createFastParserContext, type FastParserContext } from './fast-parser-protocol.js';

/**
 * Parses a whole document if it is error-free and uses only what this parser knows; returns undefined otherwise,
 * and the caller runs Langium's parser (which reports the errors).
 */
export function fastParse<T extends AstNode = AstNode>(context: FastParserContext, text: string, options: FastParseOptions = {}): ParseResult<T> | undefined {
    try {
        const buildUnit = options.eagerCst ? undefined : unitBuilder(context);
        const value = new FastParser(context, text, buildUnit).parseModel();
        return { value: value as unknown as T, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] };
    } catch (error) {
        if (error instanceof ScanBailout || error instanceof ParseBailout) return undefined;
        throw error;
    }
}

/** How `fastParse` reads a document. */
export interface FastParseOptions {
    /** Build the CST of every device and domain at once instead of on first read (see lazy-cst.ts). */
    eagerCst?: boolean;
}

/** Builds a pending unit's CST by reading its text again (shared by the units of one parse). */
function unitBuilder(context: FastParserContext): (unit: LazyUnitCstNode, pending: PendingUnit) => void {
    // Building a CST reads the names again but assigns none of them: the scanner keeps no strings of them.
    return (unit, pending) => new FastParser(context, unit.root.fullText, undefined, false).buildUnit(unit, pending);
}

const NAME_RULE = 'Name';

class FastParser extends FastParserProtocol {
    private readonly nameKeywords: ReadonlySet<string>;
    private readonly callbackNameKeywords: ReadonlySet<string>;

    constructor(context: FastParserContext, text: string, buildUnit?: (unit: LazyUnitCstNode, pending: PendingUnit) => void, keepNames = true) {
        super(context, text, buildUnit, keepNames);
        this.nameKeywords = context.ruleKeywords.get(NAME_RULE)!;
        this.callbackNameKeywords = context.ruleKeywords.get('CallbackName')!;
    }

    parseModel(): Node {
        this.scanner.next();
        const M = this.rule('Model');
        this.begin('Model');
        while (this.at('import')) this.subrule(M.assigned('imports'), () => this.Import());
        while (!this.at(EOF)) this.subrule(M.assigned('elements'), () => this.Element());
        const model = this.construct() as Node;
        this.root.astNode = model as unknown as AstNode;
        this.addHiddenNodes(this.scanner.hidden);
        return model;
    }

    /** Builds the CST of a unit read without it (see `FastParserProtocol.attachUnit`). */
    buildUnit(unit: LazyUnitCstNode, pending: PendingUnit): void {
        this.attachUnit(unit, pending, pending.rule === 'Device' ? () => this.Device() : () => this.Domain());
    }

    // ---- rules ----

    private Import(): StackItem {
        const R = this.rule('Import');
        this.begin('Import');
        this.keyword(R, 'import');
        this.terminal(R.assigned('path'), 'STRING');
        return this.construct();
    }

    private Element(): StackItem {
        const R = this.rule('Element');
        this.begin('Element');
        switch (this.scanner.kind) {
            case 'topology': this.subrule(R.call('Topology'), () => this.Topology()); break;
            case 'extend': this.subrule(R.call('Extension'), () => this.Extension()); break;
            case 'scenario': this.subrule(R.call('Scenario'), () => this.Scenario()); break;
            default: throw new ParseBailout(this.scanner.kind);
        }
        return this.construct();
    }

    private Topology(): StackItem {
        const R = this.rule('Topology');
        this.begin('Topology');
        this.keyword(R, 'topology');
        this.name(R.assigned('name'));
        this.keyword(R, '{');
        for (;;) {
            const kind = this.scanner.kind;
            if (kind === 'arch') {
                this.keyword(R, 'arch');
                this.datatype(R.assigned('arch'), 'Arch');
            } else if (kind === 'cpus') {
                this.keyword(R, 'cpus');
                this.terminal(R.assigned('cpuCount'), 'NUMBER');
            } else if (kind === 'kernel') {
                this.keyword(R, 'kernel');
                this.subrule(R.assigned('kernel'), () => this.Version());
            } else if (kind === 'cpu') {
                this.subrule(R.assigned('cpus'), () => this.Cpu());
            } else if (kind === 'option') {
                this.subrule(R.assigned('options'), () => this.Option());
            } else if (kind === 'domain') {
                this.unit(R.assigned('domains'), 'Domain', this.Domain);
            } else if (kind === 'device') {
                this.unit(R.assigned('devices'), 'Device', this.Device);
            } else {
                break;
            }
        }
        this.keyword(R, '}');
        return this.construct();
    }

    private Extension(): StackItem {
        const R = this.rule('Extension');
        this.begin('Extension');
        this.keyword(R, 'extend');
        this.name(R.assigned('topology'));
        this.keyword(R, '{');
        for (;;) {
            if (this.at('domain')) this.unit(R.assigned('domains'), 'Domain', this.Domain);
            else if (this.at('device')) this.unit(R.assigned('devices'), 'Device', this.Device);
            else break;
        }
        this.keyword(R, '}');
        return this.construct();
    }

    private Version(): StackItem {
        const R = this.rule('Version');
        this.beginDatatype();
        const kind = this.scanner.kind;
        if (kind !== 'VERSION' && kind !== 'NUMBER') throw new ParseBailout(kind);
        this.terminal(R.call(kind), kind);
        return this.construct();
    }

    private Cpu(): StackItem {
        const R = this.rule('Cpu');
        this.begin('Cpu');
        this.keyword(R, 'cpu');
        this.terminal(R.assigned('index'), 'NUMBER');
        if (this.at('apic-id')) {
            this.keyword(R, 'apic-id');
            this.terminal(R.assigned('apicId'), 'NUMBER');
        }
        if (this.at('offline')) this.terminal(R.assigned('offline'), 'offline');
        return this.construct();
    }

    private Option(): StackItem {
        const R = this.rule('Option');
        this.begin('Option');
        this.keyword(R, 'option');
        this.name(R.assigned('name'));
        const kind = this.scanner.kind;
        if (this.isName()) this.name(R.assigned('value', 0, NAME_RULE));
        else if (kind === 'on') this.terminal(R.assigned('value', 0, 'on'), 'on');
        else if (kind === 'NUMBER') this.terminal(R.assigned('number'), 'NUMBER');
        else if (kind === 'STRING') this.terminal(R.assigned('text'), 'STRING');
        else throw new ParseBailout(kind);
        return this.construct();
    }

    private Domain(): StackItem {
        const R = this.rule('Domain');
        this.begin('Domain');
        this.keyword(R, 'domain');
        this.name(R.assigned('name'));
        this.keyword(R, ':');
        this.datatype(R.assigned('kind'), 'DomainKind');
        if (this.at('parent')) {
            this.keyword(R, 'parent');
            this.name(R.assigned('parents', 0));
            while (this.at(',')) {
                this.keyword(R, ',', 0);
                this.name(R.assigned('parents', 1));
            }
        }
        if (this.at('chained-to')) {
            this.keyword(R, 'chained-to');
            this.name(R.assigned('chainedTo'));
            if (this.at('cause')) {
                this.keyword(R, 'cause');
                this.terminal(R.assigned('chainedCause'), 'NUMBER');
            }
        }
        if (this.at('{')) {
            this.keyword(R, '{');
            this.domainBody(R);
            this.keyword(R, '}');
        }
        return this.construct();
    }

    private domainBody(R: RuleElements): void {
        for (;;) {
            const kind = this.scanner.kind;
            switch (kind) {
                case 'size': case 'entries': case 'ids': case 'sources': case 'address':
                    this.keyword(R, kind);
                    this.terminal(R.assigned(kind), 'NUMBER');
                    break;
                case 'hwirq':
                    this.keyword(R, kind);
                    this.name(R.assigned('encoding'));
                    break;
                case 'bus-token':
                    this.keyword(R, kind);
                    this.name(R.assigned('busToken'));
                    break;
                case 'flow':
                    this.keyword(R, kind);
                    this.name(R.assigned('flow'));
                    break;
                case 'flags': case 'msi-flags': case 'accepts': case 'supports': case 'requires': case 'desc-data': {
                    const property = kind === 'msi-flags' ? 'msiFlags' : kind === 'desc-data' ? 'descData' : kind;
                    this.keyword(R, kind);
                    this.names(R.assigned(property));
                    break;
                }
                case 'prefix':
                    this.keyword(R, kind);
                    this.terminal(R.assigned('prefix'), 'STRING');
                    break;
                case 'vectors':
                    this.keyword(R, kind);
                    this.subrule(R.assigned('window'), this.Range);
                    break;
                case 'lpis':
                    this.keyword(R, kind);
                    this.subrule(R.assigned('lpis'), this.Range);
                    break;
                case 'reserve':
                    this.keyword(R, kind);
                    this.subrule(R.assigned('reserved', 0), this.Range);
                    while (this.at(',')) {
                        this.keyword(R, ',', 1);
                        this.subrule(R.assigned('reserved', 1), this.Range);
                    }
                    break;
                case 'slot-alloc':
                    this.keyword(R, kind);
                    this.datatype(R.assigned('slotAlloc'), 'SlotAlloc');
                    break;
                case 'ops':
                    this.subrule(R.assigned('ops'), this.DomainOps);
                    break;
                case 'chip':
                    this.subrule(R.assigned('chips'), this.Chip);
                    break;
                default:
                    return;
            }
        }
    }

    private DomainOps(): StackItem {
        const R = this.rule('DomainOps');
        this.begin('DomainOps');
        this.keyword(R, 'ops');
        this.keyword(R, '{');
        while (this.isCallbackName()) this.subrule(R.assigned('callbacks'), this.Callback);
        this.keyword(R, '}');
        return this.construct();
    }

    private Chip(): StackItem {
        const R = this.rule('Chip');
        this.begin('Chip');
        this.keyword(R, 'chip');
        this.name(R.assigned('name'));
        if (this.at('{')) {
            this.keyword(R, '{');
            for (;;) {
                if (this.at('flags')) {
                    this.keyword(R, 'flags');
                    this.names(R.assigned('flags'));
                } else if (this.isCallbackName()) {
                    this.subrule(R.assigned('callbacks'), this.Callback);
                } else {
                    break;
                }
            }
            this.keyword(R, '}');
        }
        return this.construct();
    }

    private Callback(): StackItem {
        const R = this.rule('Callback');
        this.begin('Callback');
        this.datatype(R.assigned('name'), 'CallbackName');
        this.keyword(R, ':');
        if (this.isKeywordOf('CallbackMode')) this.datatype(R.assigned('mode'), 'CallbackMode');
        else this.name(R.assigned('target'));
        if (this.at('STRING')) this.terminal(R.assigned('function'), 'STRING');
        return this.construct();
    }

    private Device(): StackItem {
        const R = this.rule('Device');
        this.begin('Device');
        this.keyword(R, 'device');
        this.name(R.assigned('name'));
        if (this.at('pci')) {
            this.keyword(R, 'pci');
            this.terminal(R.assigned('bdf'), 'BDF');
        } else {
            this.keyword(R, 'platform');
            this.terminal(R.assigned('platformName'), 'STRING');
        }
        if (this.at('{')) {
            this.keyword(R, '{');
            this.deviceBody(R);
            this.keyword(R, '}');
        }
        return this.construct();
    }

    private deviceBody(R: RuleElements): void {
        for (;;) {
            switch (this.scanner.kind) {
                case 'behind':
                    this.keyword(R, 'behind');
                    this.name(R.assigned('iommu'));
                    break;
                case 'assigned':
                    this.keyword(R, 'assigned');
                    this.datatype(R.assigned('assignment'), 'Assignment');
                    break;
                case 'device-id':
                    this.keyword(R, 'device-id');
                    this.terminal(R.assigned('deviceId'), 'NUMBER');
                    break;
                case 'msi':
                    this.keyword(R, 'msi');
                    this.keyword(R, 'vectors');
                    this.terminal(R.assigned('msiVectors'), 'NUMBER');
                    if (this.at('maskable')) this.terminal(R.assigned('msiMaskable'), 'maskable');
                    break;
                case 'msix':
                    this.keyword(R, 'msix');
                    this.keyword(R, 'table');
                    this.terminal(R.assigned('msixTable'), 'NUMBER');
                    break;
                case 'ims':
                    this.keyword(R, 'ims');
                    this.keyword(R, 'slots');
                    this.terminal(R.assigned('imsSlots'), 'NUMBER');
                    if (this.at('storage')) {
                        this.keyword(R, 'storage');
                        this.datatype(R.assigned('imsStorage'), 'ImsStorage');
                    }
                    break;
                case 'domain':
                    this.subrule(R.assigned('domains'), this.Domain);
                    break;
                case 'irq':
                    this.subrule(R.assigned('irqs'), this.Interrupt);
                    break;
                default:
                    return;
            }
        }
    }

    private Interrupt(): StackItem {
        const R = this.rule('Interrupt');
        this.begin('Interrupt');
        this.keyword(R, 'irq');
        this.name(R.assigned('name'));
        if (this.at('[')) {
            this.keyword(R, '[');
            this.terminal(R.assigned('count'), 'NUMBER');
            this.keyword(R, ']');
        }
        this.keyword(R, ':');
        this.name(R.assigned('domain'));
        if (this.isKeywordOf('IndexKind')) {
            this.datatype(R.assigned('indexKind'), 'IndexKind');
            this.terminal(R.assigned('index'), 'NUMBER');
        } else if (this.at('any')) {
            this.terminal(R.assigned('anyIndex'), 'any');
        }
        for (;;) {
            const kind = this.scanner.kind;
            if (kind === 'trigger') {
                this.keyword(R, kind);
                this.datatype(R.assigned('trigger'), 'Trigger');
            } else if (kind === 'flow') {
                this.keyword(R, kind);
                this.name(R.assigned('flow'));
            } else if (kind === 'affinity') {
                this.keyword(R, kind);
                if (this.at('managed')) this.terminal(R.assigned('managed'), 'managed');
                if (this.at('cpu') || this.at('cpus')) {
                    this.keyword(R, this.scanner.kind);
                    this.subrule(R.assigned('affinity', 0), this.Range);
                    while (this.at(',')) {
                        this.keyword(R, ',');
                        this.subrule(R.assigned('affinity', 1), this.Range);
                    }
                }
            } else if (kind === 'threaded' || kind === 'oneshot' || kind === 'nmi') {
                this.terminal(R.assigned(kind), kind);
            } else if (kind === 'cookie') {
                this.keyword(R, kind);
                this.terminal(R.assigned('cookie'), 'NUMBER');
            } else {
                break;
            }
        }
        return this.construct();
    }

    private Range(): StackItem {
        const R = this.rule('Range');
        this.begin('Range');
        this.terminal(R.assigned('from'), 'NUMBER');
        if (this.at('..')) {
            this.keyword(R, '..');
            this.terminal(R.assigned('to'), 'NUMBER');
        }
        return this.construct();
    }

    private Scenario(): StackItem {
        const R = this.rule('Scenario');
        this.begin('Scenario');
        this.keyword(R, 'scenario');
        this.name(R.assigned('name'));
        this.keyword(R, 'on');
        this.name(R.assigned('topology'));
        this.keyword(R, '{');
        while (!this.at('}')) this.subrule(R.assigned('steps'), () => this.Step());
        this.keyword(R, '}');
        return this.construct();
    }

    private Step(): StackItem {
        const R = this.rule('Step');
        this.begin('Step');
        const kind = this.scanner.kind;
        if (this.isKeywordOf('IrqAction', kind)) this.subrule(R.call('IrqStep'), () => this.IrqStep());
        else if (kind === 'set-affinity') this.subrule(R.call('AffinityStep'), () => this.AffinityStep());
        else if (kind === 'cpu') this.subrule(R.call('CpuStep'), () => this.CpuStep());
        else if (kind === 'post' || kind === 'unpost') this.subrule(R.call('PostStep'), () => this.PostStep());
        else if (kind === 'expect') this.subrule(R.call('Expect'), () => this.Expect());
        else throw new ParseBailout(kind);
        return this.construct();
    }

    private IrqStep(): StackItem {
        const R = this.rule('IrqStep');
        this.begin('IrqStep');
        this.datatype(R.assigned('action'), 'IrqAction');
        this.subrule(R.assigned('target'), () => this.IrqRef());
        if (this.at('times')) {
            this.keyword(R, 'times');
            this.terminal(R.assigned('times'), 'NUMBER');
        }
        return this.construct();
    }

    private AffinityStep(): StackItem {
        const R = this.rule('AffinityStep');
        this.begin('AffinityStep');
        this.keyword(R, 'set-affinity');
        this.subrule(R.assigned('target'), () => this.IrqRef());
        if (!this.at('cpu') && !this.at('cpus')) throw new ParseBailout(this.scanner.kind);
        this.keyword(R, this.scanner.kind);
        this.subrule(R.assigned('cpus', 0), () => this.Range());
        while (this.at(',')) {
            this.keyword(R, ',');
            this.subrule(R.assigned('cpus', 1), () => this.Range());
        }
        return this.construct();
    }

    private CpuStep(): StackItem {
        const R = this.rule('CpuStep');
        this.begin('CpuStep');
        this.keyword(R, 'cpu');
        this.terminal(R.assigned('cpu'), 'NUMBER');
        this.datatype(R.assigned('state'), 'CpuState');
        return this.construct();
    }

    private PostStep(): StackItem {
        const R = this.rule('PostStep');
        this.begin('PostStep');
        if (this.at('post')) {
            this.keyword(R, 'post');
            this.subrule(R.assigned('target', 0), () => this.IrqRef());
            this.keyword(R, 'to');
            this.keyword(R, 'vcpu');
            this.terminal(R.assigned('vcpu'), 'NUMBER');
            this.keyword(R, 'vector');
            this.terminal(R.assigned('vector'), 'NUMBER');
        } else {
            this.terminal(R.assigned('unpost'), 'unpost');
            this.subrule(R.assigned('target', 1), () => this.IrqRef());
        }
        return this.construct();
    }

    private IrqRef(): StackItem {
        const R = this.rule('IrqRef');
        this.begin('IrqRef');
        this.subrule(R.assigned('irq'), () => this.QualifiedName());
        if (this.at('[')) {
            this.keyword(R, '[');
            this.terminal(R.assigned('element'), 'NUMBER');
            this.keyword(R, ']');
        }
        return this.construct();
    }

    private Expect(): StackItem {
        const R = this.rule('Expect');
        this.begin('Expect');
        const variant = this.expectVariant();
        this.subrule(R.call(variant), () => this.expectation(variant));
        return this.construct();
    }

    /** Which `expect` rule the tokens after `expect` make (one token, or the reference and what follows it). */
    private expectVariant(): string {
        const ahead = this.scanner.fork();
        ahead.next();
        switch (ahead.kind) {
            case 'not': case 'delivered': return 'ExpectDelivered';
            case 'message': return 'ExpectMessage';
            case 'writes': return 'ExpectWrites';
            case 'error': case 'ok': return 'ExpectResult';
            case 'hwirq': return 'ExpectHwirq';
        }
        if (!this.isName(ahead.kind)) throw new ParseBailout(ahead.kind);
        ahead.next();
        while (ahead.kind === '.') {
            ahead.next();
            if (!this.isName(ahead.kind)) throw new ParseBailout(ahead.kind);
            ahead.next();
        }
        if (ahead.kind === '[') {
            ahead.next();
            ahead.next();
            ahead.next();
        }
        return ahead.kind === 'on' ? 'ExpectRoute' : 'ExpectState';
    }

    private expectation(variant: string): StackItem {
        const R = this.rule(variant);
        this.begin(variant);
        this.keyword(R, 'expect');
        const target = (): void => this.subrule(R.assigned('target'), () => this.IrqRef());
        switch (variant) {
            case 'ExpectDelivered':
                if (this.at('not')) this.terminal(R.assigned('negated'), 'not');
                this.keyword(R, 'delivered');
                target();
                if (this.at('to')) {
                    this.keyword(R, 'to');
                    this.keyword(R, 'cpu');
                    this.terminal(R.assigned('cpu'), 'NUMBER');
                }
                this.optionalNumber(R, 'vector', 'vector');
                break;
            case 'ExpectState':
                target();
                if (this.at('not')) this.terminal(R.assigned('negated'), 'not');
                this.datatype(R.assigned('state'), 'IrqState');
                if (this.at('at')) {
                    this.keyword(R, 'at');
                    this.name(R.assigned('level'));
                }
                break;
            case 'ExpectMessage':
                this.keyword(R, 'message');
                target();
                this.optionalNumber(R, 'address', 'address');
                this.optionalNumber(R, 'address-hi', 'addressHi');
                this.optionalNumber(R, 'data', 'data');
                break;
            case 'ExpectWrites':
                this.keyword(R, 'writes');
                target();
                this.terminal(R.assigned('count'), 'NUMBER');
                break;
            case 'ExpectResult':
                if (this.at('error')) {
                    this.keyword(R, 'error');
                    this.terminal(R.assigned('errno'), 'ERRNO');
                } else {
                    this.terminal(R.assigned('ok'), 'ok');
                }
                break;
            case 'ExpectRoute':
                target();
                this.keyword(R, 'on');
                this.keyword(R, 'cpu');
                this.terminal(R.assigned('cpu'), 'NUMBER');
                this.optionalNumber(R, 'vector', 'vector');
                break;
            case 'ExpectHwirq':
                this.keyword(R, 'hwirq');
                target();
                this.keyword(R, 'at');
                this.name(R.assigned('level'));
                this.terminal(R.assigned('value'), 'NUMBER');
                break;
        }
        return this.construct();
    }

    /** `('keyword' property=NUMBER)?` */
    private optionalNumber(R: RuleElements, keyword: string, property: string): void {
        if (!this.at(keyword)) return;
        this.keyword(R, keyword);
        this.terminal(R.assigned(property), 'NUMBER');
    }

    private QualifiedName(): StackItem {
        const R = this.rule('QualifiedName');
        this.beginDatatype();
        this.subrule(R.call(NAME_RULE, 0), () => this.Name());
        while (this.at('.')) {
            this.keyword(R, '.');
            this.subrule(R.call(NAME_RULE, 1), () => this.Name());
        }
        return this.construct();
    }

    private Name(): StackItem {
        return this.alternativesDatatype(NAME_RULE);
    }

    /** A datatype rule of keyword alternatives and possibly `ID` (Name, CallbackName, DomainKind, ...). */
    private alternativesDatatype(ruleName: string): StackItem {
        const R = this.rule(ruleName);
        this.beginDatatype();
        const kind = this.scanner.kind;
        if (kind === 'ID' && R.callsRule('ID')) this.terminal(R.call('ID'), 'ID');
        else if (this.isKeywordOf(ruleName, kind)) this.keyword(R, kind);
        else throw new ParseBailout(`${kind} is no ${ruleName}`);
        return this.construct();
    }

    // ---- helpers over the grammar ----

    private name(feature: FeatureElement): void {
        if (!this.lazyDatatype(feature, NAME_RULE)) this.subrule(feature, () => this.Name());
    }

    /** `property+=Name+` */
    private names(feature: FeatureElement): void {
        do this.name(feature);
        while (this.isName());
    }

    private datatype(feature: FeatureElement, ruleName: string): void {
        if (!this.lazyDatatype(feature, ruleName)) this.subrule(feature, () => this.alternativesDatatype(ruleName));
    }

    private isName(kind = this.scanner.kind): boolean {
        return kind === 'ID' || this.nameKeywords.has(kind);
    }

    /** Whether `kind` is one of the keywords of rule `ruleName` (an alternative of a datatype rule). */
    private isKeywordOf(ruleName: string, kind = this.scanner.kind): boolean {
        return this.context.ruleKeywords.get(ruleName)?.has(kind) ?? false;
    }

    private isCallbackName(): boolean {
        const kind = this.scanner.kind;
        return kind === 'ID' || this.callbackNameKeywords.has(kind);
    }
}
