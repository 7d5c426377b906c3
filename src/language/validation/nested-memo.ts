// Memo tables of several keys kept as nested maps, one level per key: each level is found or made in one call,
// so that a value computed per combination of keys is looked up without building a key string.

/** A map or weak map from `K` to `V` (the levels of a nested memo table). */
interface MapLike<K, V> {
    get(key: K): V | undefined;
    set(key: K, value: V): unknown;
}

/** The value of `key` in `map`, made by `make` and kept there when absent. */
export function memoEntry<K, V>(map: MapLike<K, V>, key: K, make: () => NoInfer<V>): V {
    let value = map.get(key);
    if (value === undefined) {
        value = make();
        map.set(key, value);
    }
    return value;
}

/**
 * An empty map, as the maker of a level (`memoEntry(table, key, newMap)`): a maker written at the call as
 * `() => new Map()` is a new function object on every call until the caller is optimised, and memo tables are
 * looked up for every domain of a file.
 */
export function newMap<K, V>(): Map<K, V> {
    return new Map<K, V>();
}

/** An empty weak map, as the maker of a level (see `newMap`). */
export function newWeakMap<K extends WeakKey, V>(): WeakMap<K, V> {
    return new WeakMap<K, V>();
}
