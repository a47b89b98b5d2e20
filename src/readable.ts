/**
 * Figures as a person reads them: durations in the unit that fits (ms, s, min, h, d), counts with
 * thousands separators, byte sizes rounded to three significant digits, plurals that agree. One
 * module for the progress lines, the console table, the HTML report and its charts.
 */

const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/** `ms` in the largest unit it fills: `850 ms`, `2.5 s`, `14 min`, `3.0 d`. */
export function readableDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  for (const [unit, size] of UNITS) if (abs >= size) return `${significant(ms / size)} ${unit}`;
  return `${abs >= 10 || abs === 0 ? Math.round(ms) : significant(ms)} ms`;
}

/** The unit `readableDuration` would pick for `ms`, and its size in ms (for a chart axis). */
export function durationUnit(ms: number): { readonly unit: string; readonly size: number } {
  for (const [unit, size] of UNITS) if (Math.abs(ms) >= size) return { unit, size };
  return { unit: 'ms', size: 1 };
}

/** A whole number with separators: `12,260,439`. */
export function readableCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes in decimal units to three significant digits: `940 B`, `1.23 kB`, `12.3 MB`. */
export function readableBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let i = 0;
  while (Math.abs(value) >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${i === 0 ? Math.round(value) : significant(value)} ${units[i]}`;
}

/** `1 insert`, `2 inserts`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${readableCount(n)} ${n === 1 ? one : many}`;
}

/** Three significant digits, without a trailing `.0` beyond them: 2.46, 24.6, 246, 2,460. */
export function significant(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(abs >= 10 ? 1 : 2).replace(/\.?0+$/, '') || '0';
}
