// Guards the Langium parser against stack exhaustion: Chevrotain's repetition recovery recurses once per failed
// element, so a few MB of garbage overflow the stack and the whole document build fails. On overflow the file
// parses as empty, keeps its lexer errors and gets one syntax error, so the editor shows diagnostics instead.
import { createLangiumParser, type AstNode, type LangiumCoreServices, type LangiumParser, type ParseResult } from 'langium';
import { useLinearHiddenTokens } from './hidden-tokens.js';
import { createFastParserContext, fastParse } from './fast-parser.js';

type ParserError = ParseResult['parserErrors'][number];
type Token = ParserError['token'];

/** The message of the syntax error reported when the parser ran out of stack. */
export const parserOverflowMessage = 'Too many syntax errors to parse this file; fix the first errors and it will be read again.';

/** Lexer errors kept for a file that overflowed the parser (the first ones are the ones to fix). */
const maxLexerErrors = 100;

/** Parsers whose whole-document parses go to Langium's parser only (see `setFastParsing`). */
const withoutFastParsing = new WeakSet<LangiumParser>();

/** Parsers made by `createGuardedParser` that have made their Langium (Chevrotain) parser. */
const withLangiumParser = new WeakSet<LangiumParser>();

/** Whether a parser made by `createGuardedParser` has had to make Langium's parser (for tests). */
export function hasMadeLangiumParser(parser: LangiumParser): boolean {
    return withLangiumParser.has(parser);
}

/**
 * Turns the fast parser for whole documents on (the default) or off for a parser made by `createGuardedParser`;
 * off, every parse is Langium's own (the differential tests compare the two).
 */
export function setFastParsing(parser: LangiumParser, enabled: boolean): void {
    if (enabled) withoutFastParsing.delete(parser);
    else withoutFastParsing.add(parser);
}

/**
 * Creates the language's parser: a whole error-free document is read by the fast parser (`fast-parser.ts`, same
 * AST and CST); anything else by Langium's parser, with the overflow guard around it. Langium's parser (a
 * Chevrotain parser, about 0.1 s to set up) is made on first need: a workspace of error-free files never needs it.
 */
export function createGuardedParser(services: LangiumCoreServices): LangiumParser {
    let langium: LangiumParser | undefined;
    const langiumParser = (): LangiumParser => {
        if (!langium) {
            langium = createLangiumParser(services);
            useLinearHiddenTokens(langium);
            withLangiumParser.add(parser);
        }
        return langium;
    };
    let fastContext: ReturnType<typeof createFastParserContext> | undefined;
    const parse = <T extends AstNode = AstNode>(input: string, options?: Parameters<LangiumParser['parse']>[1]): ParseResult<T> => {
        if (options?.rule === undefined && !withoutFastParsing.has(parser)) {
            fastContext ??= createFastParserContext(services);
            const fast = fastParse<T>(fastContext, input);
            if (fast) return fast;
        }
        const target = langiumParser();
        try {
            return target.parse<T>(input, options);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            resetAfterAbort(target);
            const empty = target.parse<T>('', options);
            const lexed = services.parser.Lexer.tokenize(input);
            return { ...empty, lexerErrors: lexed.errors.slice(0, maxLexerErrors), parserErrors: [overflowError(lexed.tokens[0])] };
        }
    };
    // Everything but `parse` is Langium's parser's own, made when first touched (`instanceof`, which Langium's
    // injector applies to every service, sees a plain object and makes nothing).
    const parser: LangiumParser = new Proxy({} as LangiumParser, {
        get(_, key) {
            if (key === 'parse') return parse;
            // Symbols are asked by machinery, not by parser users: Langium's injector asks every service whether it
            // is one of its proxies when it loads the services eagerly (at the server's initialize).
            if (typeof key === 'symbol' && !langium) return undefined;
            const target = langiumParser();
            const value: unknown = Reflect.get(target, key, target);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
        set(_, key, value) {
            return Reflect.set(langiumParser(), key, value);
        },
        has(_, key) {
            return key === 'parse' || Reflect.has(langiumParser(), key);
        }
    });
    return parser;
}

/** Drops the half-built rule stack an aborted parse leaves behind, so the next parse starts clean. */
function resetAfterAbort(parser: LangiumParser): void {
    const state = parser as unknown as { stack?: unknown[]; unorderedGroups?: Map<unknown, unknown> };
    if (Array.isArray(state.stack)) state.stack.length = 0;
    state.unorderedGroups?.clear();
}

function overflowError(first: Token | undefined): ParserError {
    const token = first ?? ({ image: '', startOffset: 0, endOffset: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } as Token);
    return { name: 'ParserOverflow', message: parserOverflowMessage, token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } };
}
