// A small, safe expression language for breakpoint conditions, watches and logpoints (no eval/Function):
// identifiers, numbers (hex/dec), strings, == != < <= > >= && || ! and parentheses; plus hit conditions.

/** A value an expression can produce. */
export type ExprValue = number | string | boolean | undefined;

/** The identifiers an expression may use; anything else is a parse error. */
export const EXPRESSION_IDENTIFIERS: readonly string[] = [
    'cpu', 'vector', 'level', 'hwirq', 'irq', 'kind', 'masked', 'pending', 'instance', 'fn', 'domain',
    'seq', 'step', 'started', 'activated', 'disabled', 'errno', 'count', 'true', 'false'
];

/** A parse error with the offending column (0-based). */
export class ExpressionError extends Error {
    constructor(message: string, readonly column: number) {
        super(message);
    }
}

/** A compiled expression tree. */
export type Expr =
    | { t: 'num'; v: number }
    | { t: 'str'; v: string }
    | { t: 'id'; name: string }
    | { t: 'not'; e: Expr }
    | { t: 'bin'; op: BinOp; a: Expr; b: Expr };

type BinOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

interface Token { t: 'num' | 'str' | 'id' | 'op' | 'end'; v: string; col: number; }

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')'];

function tokenize(text: string): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) { i++; continue; }
        const num = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(text.slice(i));
        if (num) {
            if (/[A-Za-z_]/.test(text[i + num[0].length] ?? '')) throw new ExpressionError(`bad number at column ${i + 1}`, i);
            out.push({ t: 'num', v: num[0], col: i }); i += num[0].length; continue;
        }
        if (c === '"') {
            const end = text.indexOf('"', i + 1);
            if (end < 0) throw new ExpressionError(`unterminated string at column ${i + 1}`, i);
            out.push({ t: 'str', v: text.slice(i + 1, end), col: i }); i = end + 1; continue;
        }
        const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
        if (id) { out.push({ t: 'id', v: id[0], col: i }); i += id[0].length; continue; }
        const op = OPS.find((o) => text.startsWith(o, i));
        if (op) { out.push({ t: 'op', v: op, col: i }); i += op.length; continue; }
        throw new ExpressionError(`unexpected '${c}' at column ${i + 1}`, i);
    }
    out.push({ t: 'end', v: '', col: text.length });
    return out;
}

class Parser {
    private p = 0;
    constructor(private readonly toks: Token[]) {}
    private peek(): Token { return this.toks[this.p]; }
    private next(): Token { return this.toks[this.p++]; }
    private isOp(v: string): boolean { const t = this.peek(); return t.t === 'op' && t.v === v; }

    parse(): Expr {
        const e = this.or();
        const t = this.peek();
        if (t.t !== 'end') throw new ExpressionError(`unexpected '${t.v}' at column ${t.col + 1}`, t.col);
        return e;
    }
    private or(): Expr {
        let a = this.and();
        while (this.isOp('||')) { this.next(); a = { t: 'bin', op: '||', a, b: this.and() }; }
        return a;
    }
    private and(): Expr {
        let a = this.unary();
        while (this.isOp('&&')) { this.next(); a = { t: 'bin', op: '&&', a, b: this.unary() }; }
        return a;
    }
    private unary(): Expr {
        if (this.isOp('!')) { this.next(); return { t: 'not', e: this.unary() }; }
        return this.comparison();
    }
    private comparison(): Expr {
        const a = this.primary();
        const t = this.peek();
        if (t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
            this.next();
            return { t: 'bin', op: t.v as BinOp, a, b: this.primary() };
        }
        return a;
    }
    private primary(): Expr {
        const t = this.next();
        if (t.t === 'num') return { t: 'num', v: Number(t.v) };
        if (t.t === 'str') return { t: 'str', v: t.v };
        if (t.t === 'id') {
            if (!EXPRESSION_IDENTIFIERS.includes(t.v)) {
                throw new ExpressionError(`unknown name '${t.v}' at column ${t.col + 1} (known: ${EXPRESSION_IDENTIFIERS.filter((n) => n !== 'true' && n !== 'false').join(', ')})`, t.col);
            }
            return { t: 'id', name: t.v };
        }
        if (t.t === 'op' && t.v === '(') {
            const e = this.or();
            const close = this.next();
            if (close.t !== 'op' || close.v !== ')') throw new ExpressionError(`expected ')' at column ${close.col + 1}`, close.col);
            return e;
        }
        throw new ExpressionError(t.t === 'end' ? 'unexpected end of expression' : `unexpected '${t.v}' at column ${t.col + 1}`, t.col);
    }
}

/** Parses an expression; throws ExpressionError for anything that does not parse. */
export function compileExpression(text: string): Expr {
    if (text.trim() === '') throw new ExpressionError('empty expression', 0);
    return new Parser(tokenize(text)).parse();
}

/** Truthiness: non-zero numbers, non-empty strings, true. */
export function truthy(v: ExprValue): boolean {
    return v !== undefined && v !== false && v !== 0 && v !== '';
}

function compare(op: BinOp, a: ExprValue, b: ExprValue): boolean {
    if (a === undefined || b === undefined) return op === '!=' ? a !== b : op === '==' ? a === b : false;
    const na = typeof a === 'boolean' ? Number(a) : a;
    const nb = typeof b === 'boolean' ? Number(b) : b;
    if (typeof na !== typeof nb) return op === '!=';
    switch (op) {
        case '==': return na === nb;
        case '!=': return na !== nb;
        case '<': return na < nb;
        case '<=': return na <= nb;
        case '>': return na > nb;
        default: return na >= nb;
    }
}

/** Evaluates a compiled expression; `lookup` supplies identifier values (undefined when not applicable). */
export function evaluateExpression(e: Expr, lookup: (name: string) => ExprValue): ExprValue {
    switch (e.t) {
        case 'num': case 'str': return e.v;
        case 'id': return e.name === 'true' ? true : e.name === 'false' ? false : lookup(e.name);
        case 'not': return !truthy(evaluateExpression(e.e, lookup));
        case 'bin':
            if (e.op === '&&') return truthy(evaluateExpression(e.a, lookup)) && truthy(evaluateExpression(e.b, lookup));
            if (e.op === '||') return truthy(evaluateExpression(e.a, lookup)) || truthy(evaluateExpression(e.b, lookup));
            return compare(e.op, evaluateExpression(e.a, lookup), evaluateExpression(e.b, lookup));
    }
}

/** Renders a value for output (numbers > 9 in hex as well). */
export function formatValue(v: ExprValue): string {
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return v > 9 ? `${v} (0x${v.toString(16)})` : String(v);
    return String(v);
}

/** A compiled hit condition: `>= 3`, `% 2`, `== 5`, `> 1`, or a bare number (== N). */
export interface HitCondition { op: '>=' | '<=' | '==' | '>' | '<' | '%'; n: number; }

/** Parses a hit condition; throws ExpressionError when it is not one. */
export function compileHitCondition(text: string): HitCondition {
    const m = /^\s*(>=|<=|==|>|<|%)?\s*(0[xX][0-9a-fA-F]+|\d+)\s*$/.exec(text);
    if (!m) throw new ExpressionError(`hit condition '${text}' is not one of: N, == N, >= N, > N, <= N, < N, % N`, 0);
    const n = Number(m[2]);
    const op = (m[1] ?? '==') as HitCondition['op'];
    if (op === '%' && n === 0) throw new ExpressionError('hit condition % 0 divides by zero', 0);
    return { op, n };
}

/** Does the hit count satisfy the condition? */
export function hitMatches(h: HitCondition, count: number): boolean {
    switch (h.op) {
        case '>=': return count >= h.n;
        case '<=': return count <= h.n;
        case '>': return count > h.n;
        case '<': return count < h.n;
        case '%': return count % h.n === 0;
        default: return count === h.n;
    }
}

/** A logpoint message: literal text and `{expr}` parts. */
export type LogTemplate = (string | Expr)[];

/** Compiles `irq {irq} on cpu {cpu}`; `{{` and `}}` are literal braces. */
export function compileLogMessage(text: string): LogTemplate {
    const out: LogTemplate = [];
    let lit = '';
    let i = 0;
    while (i < text.length) {
        if (text.startsWith('{{', i)) { lit += '{'; i += 2; continue; }
        if (text.startsWith('}}', i)) { lit += '}'; i += 2; continue; }
        if (text[i] === '{') {
            const end = text.indexOf('}', i);
            if (end < 0) throw new ExpressionError(`unclosed '{' at column ${i + 1}`, i);
            if (lit) { out.push(lit); lit = ''; }
            out.push(compileExpression(text.slice(i + 1, end)));
            i = end + 1;
            continue;
        }
        lit += text[i++];
    }
    if (lit) out.push(lit);
    return out;
}

/** Renders a logpoint message. */
export function renderLogMessage(t: LogTemplate, lookup: (name: string) => ExprValue): string {
    return t.map((p) => typeof p === 'string' ? p : formatValue(evaluateExpression(p, lookup))).join('');
}

/** Does the expression (or template) read machine state (so the controller must materialise it)? */
export function usesState(e: Expr | LogTemplate): boolean {
    const walk = (x: Expr): boolean => x.t === 'id' ? ['masked', 'pending', 'started', 'activated', 'disabled', 'count', 'cpu', 'vector'].includes(x.name)
        : x.t === 'not' ? walk(x.e) : x.t === 'bin' ? walk(x.a) || walk(x.b) : false;
    return Array.isArray(e) ? e.some((p) => typeof p !== 'string' && walk(p)) : walk(e);
}
