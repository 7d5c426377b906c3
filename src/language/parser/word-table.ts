// One string for each keyword and for the first names a scanner meets, found from a range of the text without
// cutting it out: a word met before costs a hash and a comparison, and allocates nothing.

/** FNV-1a's offset basis and prime (32-bit), which `WordTable.hashStep` folds character codes with. */
const HASH_START = 0x811c9dc5;
const HASH_PRIME = 0x01000193;

/**
 * An open-addressing table of words. The scanner computes a word's hash while it reads the word's characters
 * (`hashStep`), then asks for the word by its place in the text (`find`). Keywords are put in first and stay
 * marked as keywords; names are added by the scanner, up to `nameLimit` of them.
 */
export class WordTable {
    static readonly hashStart = HASH_START;

    private readonly words: (string | undefined)[];
    private readonly keyword: Uint8Array;
    private readonly mask: number;
    private names = 0;

    /** `nameLimit`: how many names beyond the keywords the table keeps (the table has room for twice as many words as it keeps). */
    constructor(keywords: Iterable<string>, private readonly nameLimit: number) {
        const keywordList = [...keywords];
        let capacity = 64;
        while (capacity < 2 * (keywordList.length + nameLimit)) capacity *= 2;
        this.words = new Array<string | undefined>(capacity).fill(undefined);
        this.keyword = new Uint8Array(capacity);
        this.mask = capacity - 1;
        for (const word of keywordList) this.keyword[this.insert(word, WordTable.hashOf(word))] = 1;
    }

    /** The hash so far, with one more character code. */
    static hashStep(hash: number, code: number): number {
        return Math.imul(hash ^ code, HASH_PRIME);
    }

    /** The hash of a whole word (the same as folding its codes with `hashStep` from `hashStart`). */
    static hashOf(word: string): number {
        let hash = HASH_START;
        for (let i = 0; i < word.length; i++) hash = WordTable.hashStep(hash, word.charCodeAt(i));
        return hash;
    }

    /**
     * The slot of the word `text[start, end)` whose hash is `hash`, or -1 when the table does not have it. The
     * slot's word is `wordAt(slot)`.
     */
    find(text: string, start: number, end: number, hash: number): number {
        const length = end - start;
        for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
            const word = this.words[slot];
            if (word === undefined) return -1;
            if (word.length === length && text.startsWith(word, start)) return slot;
        }
    }

    wordAt(slot: number): string {
        return this.words[slot]!;
    }

    isKeyword(slot: number): boolean {
        return this.keyword[slot] === 1;
    }

    /** Keeps `name` (a word `find` did not have) while fewer than `nameLimit` names are kept. */
    addName(name: string, hash: number): void {
        if (this.names >= this.nameLimit) return;
        this.names++;
        this.insert(name, hash);
    }

    private insert(word: string, hash: number): number {
        let slot = hash & this.mask;
        while (this.words[slot] !== undefined) {
            if (this.words[slot] === word) return slot;
            slot = (slot + 1) & this.mask;
        }
        this.words[slot] = word;
        return slot;
    }
}
