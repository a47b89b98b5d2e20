/**
 * Tagged field values. Edit intents write string fields as `value#tag`, where the tag names the
 * edit that wrote them (`c2-e7`: replica c2's seventh edit), so a history checker can tell from a
 * replica's state exactly which write it holds, as text tokens tell which insert a text holds.
 */
import type { FieldValue, Fields } from '../contract/ops.ts';

const TAGGED = /#([a-z0-9]+-e\d+)$/;

/** The tag of edit `seq` of `replica`, the same one its created ids and tokens carry. */
export function editTag(replica: string, seq: number): string {
  return `${replica.toLowerCase()}-e${seq}`;
}

/** `fields` with every string value tagged with `tag` (numbers, booleans and null stay as they are). */
export function tagFields(fields: Fields, tag: string): Fields {
  const tagged: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields))
    tagged[name] = typeof value === 'string' ? `${value}#${tag}` : value;
  return tagged;
}

/** The tag a field value carries, if it is a tagged string. */
export function valueTag(value: FieldValue | undefined): string | undefined {
  return typeof value === 'string' ? TAGGED.exec(value)?.[1] : undefined;
}
