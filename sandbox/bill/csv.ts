// CSV writing as the Alipay bill uses it (alipay-protocol.md §6).

/**
 * Alipay's bill files are generated on Windows-style tooling and end lines with CRLF.
 * Parsers of real bills split on `\n` and trim, so CRLF is the form that must not break them.
 */
export const LINE_END = "\r\n";

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: quoted (with `"` doubled) only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

/**
 * Alipay ends ID-like fields with a tab so spreadsheets keep them as text (no `2.0E+27`).
 * Real bills write the tab even when the field is empty (`,\t,`), so this does too.
 */
export function asText(value: string | undefined): string {
  return `${value ?? ""}\t`;
}

/** The whole file: every line, the last included, ends with CRLF. */
export function joinLines(lines: readonly string[]): string {
  return lines.map((line) => line + LINE_END).join("");
}
