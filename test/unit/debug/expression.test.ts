// The debugger's condition language: parsing, evaluation, errors (never eval), hit conditions and logpoint
// templates with {expr} interpolation.
import { describe, expect, it } from 'vitest';
import {
    ExpressionError, compileExpression, compileHitCondition, compileLogMessage, evaluateExpression, hitMatches, renderLogMessage, type ExprValue
} from '../../../src/emulator/controller/index.js';

const env: Record<string, ExprValue> = { cpu: 2, vector: 0x22, level: 'INTEL-IR-0-13', hwirq: 0x120000, irq: 43, kind: 'ack', masked: false, pending: true, instance: 'nic0.q3' };
const lookup = (name: string): ExprValue => env[name];
const ev = (text: string): ExprValue => evaluateExpression(compileExpression(text), lookup);

describe('condition expressions', () => {
    it('compares numbers (hex and decimal), strings and booleans', () => {
        expect(ev('cpu == 2')).toBe(true);
        expect(ev('vector == 0x22')).toBe(true);
        expect(ev('vector != 34')).toBe(false);
        expect(ev('hwirq >= 0x120000 && hwirq < 0x130000')).toBe(true);
        expect(ev('irq > 43 || irq <= 42')).toBe(false);
        expect(ev('level == "INTEL-IR-0-13"')).toBe(true);
        expect(ev('kind == "mask"')).toBe(false);
        expect(ev('pending && !masked')).toBe(true);
        expect(ev('masked == false')).toBe(true);
        expect(ev('instance == "nic0.q3"')).toBe(true);
    });

    it('binds && tighter than ||, ! tighter than comparison, and honours parentheses', () => {
        expect(ev('cpu == 1 || cpu == 2 && irq == 43')).toBe(true);
        expect(ev('(cpu == 1 || cpu == 2) && irq == 44')).toBe(false);
        expect(ev('!(cpu == 2)')).toBe(false);
        expect(ev('!masked && !!pending')).toBe(true);
    });

    it('treats missing values as false in comparisons (except !=) and mixed types as unequal', () => {
        expect(evaluateExpression(compileExpression('cpu == 2'), () => undefined)).toBe(false);
        expect(evaluateExpression(compileExpression('cpu != 2'), () => undefined)).toBe(true);
        expect(ev('level == 3')).toBe(false);
        expect(ev('level != 3')).toBe(true);
    });

    it('refuses anything outside the language with a column', () => {
        for (const bad of ['cpu ==', 'cpu == (2', 'process.exit(1)', 'constructor == 1', 'cpu = 2', '"open', '2x', '', 'cpu == 2 extra', 'a[0]']) {
            expect(() => compileExpression(bad), bad).toThrow(ExpressionError);
        }
        try {
            compileExpression('cpu == 2 && foo == 1');
        } catch (e) {
            expect((e as ExpressionError).message).toMatch(/unknown name 'foo' at column 13/);
            expect((e as ExpressionError).column).toBe(12);
        }
    });
});

describe('hit conditions and logpoints', () => {
    it('parses >=, %, == and bare numbers', () => {
        const cases: [string, number[], number[]][] = [
            ['>= 3', [3, 4, 10], [1, 2]],
            ['% 2', [2, 4], [1, 3]],
            ['== 5', [5], [4, 6]],
            ['5', [5], [4, 6]],
            ['> 1', [2], [1]],
            ['< 2', [1], [2]]
        ];
        for (const [text, yes, no] of cases) {
            const h = compileHitCondition(text);
            for (const n of yes) expect(hitMatches(h, n), `${text} @${n}`).toBe(true);
            for (const n of no) expect(hitMatches(h, n), `${text} @${n}`).toBe(false);
        }
        expect(() => compileHitCondition('often')).toThrow(ExpressionError);
        expect(() => compileHitCondition('% 0')).toThrow(/divides by zero/);
    });

    it('interpolates {expr} and keeps doubled braces literal', () => {
        const t = compileLogMessage('irq {irq} on cpu {cpu} at {level}: {{masked}} = {masked}');
        expect(renderLogMessage(t, lookup)).toBe('irq 43 (0x2b) on cpu 2 at INTEL-IR-0-13: {masked} = false');
        expect(() => compileLogMessage('open {cpu')).toThrow(/unclosed/);
        expect(() => compileLogMessage('bad {nope}')).toThrow(/unknown name/);
    });
});
