// Memo tables of several keys kept as nested maps, one level per key: each level is found or made in one call,
// so that a value computed per combination of keys is looked up without building a key string.

/** A map or weak map from `K` to `V` (the levels of a nested memo table). */
interface MapLike<K, V> {
    get(key: K): V | undefined;
    set(key: K, value: V): unknown;
}

/** The value of `key` in `map`, made by `make` and kept there when absent. */
export function memoEntry<K, V>(map: MapLike<K, V>, key: K, make: () => V): V {
    let value = map.get(key);
    if (value === undefined) {
        value = make();
        map.set(key, value);
    }
    return value;
}
