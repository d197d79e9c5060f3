// Test-only reading of a bill CSV: GBK decoding as §6 prescribes, and an RFC 4180 tokenizer
// (quoted fields may hold commas, doubled quotes and line breaks).

export function decodeGbk(bytes: Uint8Array): string {
  return new TextDecoder("gbk", { fatal: true }).decode(bytes);
}

/** Records of a CRLF-separated CSV text; the trailing CRLF does not start an empty record. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") {
      quoted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      records.push([...fields, field]);
      fields = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || fields.length > 0) records.push([...fields, field]);
  return records;
}

/** Data records between a start marker and the next `#` line, keyed by the header row. */
export function tableAfter(records: string[][], startMarker: string): { header: string[]; rows: Record<string, string>[] } {
  const start = records.findIndex((r) => r.length === 1 && r[0] === startMarker);
  if (start < 0) throw new Error(`marker not found: ${startMarker}`);
  const header = records[start + 1] ?? [];
  const rows: Record<string, string>[] = [];
  for (const record of records.slice(start + 2)) {
    if (record[0]?.startsWith("#")) break;
    if (record.length !== header.length) throw new Error(`record has ${record.length} fields, header ${header.length}`);
    rows.push(Object.fromEntries(header.map((name, i) => [name, record[i] ?? ""])));
  }
  return { header, rows };
}
