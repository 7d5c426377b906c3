// The scanner's table of words: keywords and the first names, found by their place in the text without cutting it.
import { describe, expect, it } from 'vitest';
import { WordTable } from '../../../src/language/parser/word-table.js';

/** The slot of `text[start, end)`, hashing its characters one by one as the scanner does. */
function find(table: WordTable, text: string, start: number, end: number): number {
    let hash = WordTable.hashStart;
    for (let i = start; i < end; i++) hash = WordTable.hashStep(hash, text.charCodeAt(i));
    return table.find(text, start, end, hash);
}

describe('word table', () => {
    it('finds keywords by their place in a text, as keywords, with the string it was given', () => {
        const keywords = ['device', 'domain', 'pci-msix', 'irq'];
        const table = new WordTable(keywords, 0);
        const text = 'x device pci-msix domains irq';
        const slot = find(table, text, 2, 8);
        expect(slot).toBeGreaterThanOrEqual(0);
        expect(table.isKeyword(slot)).toBe(true);
        expect(table.wordAt(slot)).toBe('device');
        expect(table.wordAt(find(table, text, 9, 17))).toBe('pci-msix');
        // A longer word that starts with a keyword, and a prefix of one, are not it.
        expect(find(table, text, 18, 25)).toBe(-1);
        expect(find(table, text, 18, 21)).toBe(-1);
        expect(table.wordAt(find(table, text, 26, 29))).toBe('irq');
    });

    it('keeps the first names up to its limit, as names, and then no more', () => {
        const table = new WordTable(['device'], 3);
        const names = ['nic0', 'nic1', 'nic2', 'nic3'];
        for (const name of names) {
            expect(find(table, name, 0, name.length)).toBe(-1);
            table.addName(name, WordTable.hashOf(name));
        }
        for (const name of names.slice(0, 3)) {
            const slot = find(table, `  ${name} `, 2, 2 + name.length);
            expect(table.isKeyword(slot)).toBe(false);
            expect(table.wordAt(slot)).toBe(name);
        }
        expect(find(table, 'nic3', 0, 4)).toBe(-1);
    });

    it('finds every one of many words whose slots collide', () => {
        const words = Array.from({ length: 500 }, (_, i) => `w${i.toString(36)}`);
        const table = new WordTable([], words.length);
        for (const word of words) table.addName(word, WordTable.hashOf(word));
        const text = words.join(' ');
        let at = 0;
        for (const word of words) {
            expect(table.wordAt(find(table, text, at, at + word.length))).toBe(word);
            at += word.length + 1;
        }
    });
});
