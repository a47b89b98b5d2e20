/**
 * Canonical JSON of snapshots (keys sorted at every level) and the first path where two
 * snapshots differ, which failure reports print.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** JSON with object keys sorted, so equal states give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

function sortKeys(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return (value as readonly Json[]).map(sortKeys);
  const out: Record<string, Json> = {};
  const obj = value as { readonly [key: string]: Json };
  for (const key of Object.keys(obj).sort()) {
    const v = sortKeys(obj[key] as Json);
    // Assigning `__proto__` would set the copy's prototype and lose the key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true });
    else out[key] = v;
  }
  return out;
}

/** The first path (e.g. `collections.tasks.hot-1.status`) where `a` and `b` differ, or undefined. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObj(a) || !isObj(b)) return path || '(root)';
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** UTF-8 byte length of a string. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
