// Lookups by a key that came from outside (a query parameter, a stored value) read own properties only,
// so `constructor`, `__proto__` or `toString` are "not there", never Object.prototype's functions.
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function isOwnKey<K extends string>(record: Readonly<Record<K, unknown>>, key: string): key is K {
  return Object.hasOwn(record, key);
}
