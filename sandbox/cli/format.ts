// Plain-text output: aligned tables and field lists, colour only on a terminal. Widths count
// CJK characters as two columns so subjects like 测试商品 keep the columns straight.

export type Paint = (text: string) => string;
export type Style = { bold: Paint; dim: Paint; green: Paint; yellow: Paint; red: Paint; cyan: Paint };

const ansi = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

export function createStyle(enabled: boolean): Style {
  if (!enabled) return { bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), green: ansi(32, 39), yellow: ansi(33, 39), red: ansi(31, 39), cyan: ansi(36, 39) };
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** One line, at most `max` columns: line breaks shown as ⏎, the rest cut with …. */
export function truncate(text: string, max: number): string {
  const line = text.replace(/\r?\n/g, "⏎").replace(/\s+/g, " ");
  if (displayWidth(line) <= max) return line;
  let out = "";
  for (const char of line) {
    if (displayWidth(out + char) > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

type Cell = string | number | null | undefined;
export type Column<T> = { header: string; value: (row: T) => Cell; paint?: (text: string, row: T) => string };

const show = (cell: Cell) => (cell === null || cell === undefined || cell === "" ? "-" : String(cell));

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], style: Style, indent = ""): string {
  const cells = rows.map((row) => columns.map((c) => show(c.value(row))));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]!))));
  const last = columns.length - 1;
  // Paint after padding: escape codes must not count towards the width.
  const line = (texts: string[], paintCell: (text: string, i: number) => string) =>
    indent + texts.map((text, i) => paintCell(i === last ? text : pad(text, widths[i]!), i)).join("  ").trimEnd();
  const header = line(columns.map((c) => c.header), (text) => style.dim(text));
  const body = cells.map((texts, r) => line(texts, (text, i) => columns[i]!.paint?.(text, rows[r]!) ?? text));
  return [header, ...body].join("\n");
}

/** `label  value` lines, labels aligned; empty values are left out. */
export function formatFields(fields: ReadonlyArray<[string, Cell]>, style: Style, indent = "  "): string {
  const shown = fields.filter(([, v]) => v !== null && v !== undefined && v !== "");
  const width = Math.max(0, ...shown.map(([label]) => displayWidth(label)));
  return shown.map(([label, value]) => `${indent}${style.dim(pad(label, width))}  ${value}`).join("\n");
}

const GOOD = new Set(["TRADE_SUCCESS", "TRADE_FINISHED", "DELIVERED", "ACKED"]);
const WAITING = new Set(["WAIT_BUYER_PAY", "PENDING", "HELD"]);
const BAD = new Set(["FAILED", "REJECTED", "ERROR", "DROPPED"]);

/** Colours a trade, notification or attempt status by what it means for the merchant. */
export function paintStatus(style: Style): (text: string) => string {
  return (text) => {
    const status = text.trim();
    if (GOOD.has(status)) return style.green(text);
    if (WAITING.has(status)) return style.yellow(text);
    if (BAD.has(status)) return style.red(text);
    return style.dim(text);
  };
}

/** 7_200_000 → "2h", 5_400_000 → "1h30m", 0 → "0s". */
export function formatDurationMs(ms: number): string {
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86_400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join("") || "0s";
}
