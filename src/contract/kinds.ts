/**
 * Kind lists tied to their union types: each list is written as a record with one key per member
 * of the union, so adding a kind to the union without listing it (or listing one the union lacks)
 * is a type error, and the runtime list can never drift from the type.
 */

/** The keys of a record that has exactly one `true` entry per member of `K`, in declaration order. */
export function kindsOf<K extends string>(all: Readonly<Record<K, true>>): readonly K[] {
  return Object.keys(all) as K[];
}

/** Whether an untrusted value (from a JSON file, a user's module) is one of `kinds`. */
export function isOneOf<K extends string>(kinds: readonly K[], value: unknown): value is K {
  return (kinds as readonly unknown[]).includes(value);
}
