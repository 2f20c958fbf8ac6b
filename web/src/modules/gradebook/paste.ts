/**
 * Cells of a block pasted from Excel or Google Sheets (rows by newline, columns by tab), placed
 * from the focused cell down and right and clipped to the grid. The values stay text: the server
 * parses each one ("7,5" is 7.5) and names the cell it refuses.
 */
export function pasteGrid(text: string, row: number, col: number, rows: number, cols: number): { r: number; c: number; value: string }[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const out: { r: number; c: number; value: string }[] = [];
  lines.forEach((line, i) => {
    line.split('\t').forEach((value, j) => {
      const r = row + i;
      const c = col + j;
      if (r < rows && c < cols) out.push({ r, c, value: value.trim() });
    });
  });
  return out;
}
