// Node 20 lacks Object.groupBy / Map.groupBy, which chevrotain 13 (Langium's parser) calls.
// Preloaded for langium-cli (`node -r`); src/language/node20-polyfills.ts does the same for the bundles.
const groupInto = (items, keyOf, make, add) => { const out = make(); let i = 0; for (const item of items) add(out, keyOf(item, i++), item); return out; };
if (!Object.groupBy) Object.groupBy = (items, keyOf) => groupInto(items, keyOf, () => Object.create(null), (o, k, v) => { (o[k] ??= []).push(v); });
if (!Map.groupBy) Map.groupBy = (items, keyOf) => groupInto(items, keyOf, () => new Map(), (m, k, v) => { if (!m.has(k)) m.set(k, []); m.get(k).push(v); });
