/**
 * One colour per engine, the same in every chart and table of every report: the built-in engines
 * (and those planned) have their own; any other engine gets one derived from its name, so it too
 * keeps its colour from one report to the next.
 */

/** Readable on white and apart from one another (Tableau 10). */
const NAMED: Readonly<Record<string, string>> = {
  reference: '#1f77b4',
  yjs: '#2ca02c',
  automerge: '#9467bd',
  pouchdb: '#d62728',
  rxdb: '#ff7f0e',
  loro: '#17becf',
  sharedb: '#8c564b',
  tinybase: '#e377c2',
  hocuspocus: '#bcbd22',
  'yjs-hocuspocus': '#bcbd22',
};

/** The engine's colour as `#rrggbb`. */
export function engineColour(engine: string): string {
  const named = NAMED[engine];
  if (named) return named;
  // FNV-1a of the name picks a hue; saturation and lightness keep it readable on white.
  let hash = 0x811c9dc5;
  for (let i = 0; i < engine.length; i++) hash = Math.imul(hash ^ engine.charCodeAt(i), 0x01000193) >>> 0;
  return hslToHex(hash % 360, 0.55, 0.42);
}

/** `colour` at `alpha` (0–1), for the lighter part of a pair of bars. */
export function withAlpha(colour: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
