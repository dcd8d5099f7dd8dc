import { plainText } from "../health/redact.ts";

/**
 * A plain-text table: columns padded to their widest cell, no colour (safe in logs and pipes).
 * Cells are made plain text first: whatever a cell holds (a name, an upstream's reason), it cannot
 * start a line, move the cursor or reorder the columns after it.
 */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows].map((r) => r.map((c) => (c == null ? "" : plainText(String(c)))));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? "")].length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * A progress bar on a terminal (stderr), redrawn in place; nothing at all when stderr is not a
 * terminal, so scripts and --json output stay clean.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; end(): void } {
  if (!stream.isTTY) return { update() {}, end() {} };
  const width = 30;
  let drawn = false;
  return {
    update(done, total) {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write("\r\x1b[2K");
    },
  };
}
