// One record of the bill's CSV (alipay-protocol.md §6): comma-separated, a field quoted when it holds a
// comma or a quote (`""` inside), every field trimmed of the tab Alipay appends to ID columns.

/** The fields of `text`, or null when a quoted field is still open at its end (it goes on on the next line). */
export function splitCsvRecord(text: string): string[] | null {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      fields.push(field.trim());
      field = "";
    } else field += char;
  }
  if (quoted) return null;
  fields.push(field.trim());
  return fields;
}
