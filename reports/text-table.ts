/**
 * Plain-text tables with aligned columns: the first `leftColumns` columns are left-aligned
 * (names), the rest right-aligned (figures). A row of exactly `leftColumns + 1` cells is a note
 * that runs on past the columns (e.g. `unsupported: <reason>`).
 */
export function textTable(header: readonly string[], rows: readonly string[][], leftColumns = 2): string {
  const all = [header.slice(), ...rows];
  const isNote = (r: readonly string[]): boolean => r.length === leftColumns + 1 && header.length > r.length;
  const widths = header.map((_, i) =>
    Math.max(...all.map((r) => (isNote(r) && i >= leftColumns ? 0 : (r[i]?.length ?? 0)))),
  );
  const lines = all.map((r) =>
    r
      .map((cell, i) => {
        if (isNote(r) && i === leftColumns) return cell;
        return i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0);
      })
      .join('  '),
  );
  return `${lines.join('\n')}\n`;
}
