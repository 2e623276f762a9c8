/** Text without its ANSI colour codes, for measuring. */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Rows as aligned columns, two spaces apart; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => stripAnsi(r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell + ' '.repeat(widths[c]! - stripAnsi(cell).length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
