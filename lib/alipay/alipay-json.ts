// Alipay's JSON writer, as seen in every verified response (alipay-protocol.md §2.2): `/` escaped as
// `\/`, non-ASCII left raw, `code` and `msg` (then `sub_code`, `sub_msg`) first, other keys sorted.
// The sandbox writes its responses with it so that clients meet the same bytes as from Alipay.

export type AlipayJsonValue = string | number | boolean | null | AlipayJsonValue[] | { [key: string]: AlipayJsonValue | undefined };

const LEADING_KEYS = ["code", "msg", "sub_code", "sub_msg"];

function escapeString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "/") out += "\\/";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char === "\b") out += "\\b";
    else if (char === "\f") out += "\\f";
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}

function orderKeys(keys: string[]): string[] {
  const leading = LEADING_KEYS.filter((key) => keys.includes(key));
  const rest = keys.filter((key) => !LEADING_KEYS.includes(key)).sort();
  return [...leading, ...rest];
}

export function stringifyAlipayJson(value: AlipayJsonValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return escapeString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError("JSON numbers must be finite");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(stringifyAlipayJson).join(",")}]`;
  const entries = orderKeys(Object.keys(value).filter((key) => value[key] !== undefined));
  return `{${entries.map((key) => `${escapeString(key)}:${stringifyAlipayJson(value[key]!)}`).join(",")}}`;
}
