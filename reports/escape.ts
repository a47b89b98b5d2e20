/**
 * Escaping for the HTML report: every string that comes from results (scenario and engine names,
 * reasons, paths, commands) goes through `html`; data for the page's scripts goes through
 * `scriptJson`, which cannot close the `<script>` element it sits in.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` safe inside HTML element content and quoted attribute values. */
export function html(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** JSON safe inside `<script type="application/json">`: no `<`, `>`, `&` or line separators survive raw. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text safe inside a Markdown table cell: no pipes, line breaks or raw angle brackets. */
export function markdownCell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
