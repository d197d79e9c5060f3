// application/x-www-form-urlencoded in the charset Alipay names (alipay-protocol.md §4.1): decode every
// value exactly once, in `utf-8` or `gbk`; never decode twice, never trust the Content-Type.
import iconv from "iconv-lite";

export type FormCharset = "utf-8" | "gbk";

export class FormDecodeError extends Error {
  override name = "FormDecodeError";
}

/** Maps a `charset` value to the decoder we use; null for charsets Alipay never sends. */
export function normalizeCharset(value: string | null | undefined): FormCharset | null {
  const lower = (value ?? "utf-8").trim().toLowerCase();
  if (lower === "utf-8" || lower === "utf8") return "utf-8";
  // GB2312 is a subset of GBK; GB18030's four-byte sequences are not, so it is not accepted.
  if (lower === "gbk" || lower === "gb2312") return "gbk";
  return null;
}

function percentDecode(component: string): Buffer {
  const bytes: number[] = [];
  const raw = Buffer.from(component, "latin1");
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === 0x2b) bytes.push(0x20);
    else if (byte === 0x25) {
      const hex = raw.subarray(i + 1, i + 3).toString("latin1");
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new FormDecodeError(`bad percent-escape "%${hex}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(byte);
  }
  return Buffer.from(bytes);
}

function splitPairs(raw: string): Array<[string, string]> {
  return raw
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      return eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    });
}

export type DecodedForm = {
  params: Record<string, string>;
  charset: FormCharset;
  /** The charset the body declared, as written (null when it declared none). */
  declaredCharset: string | null;
};

/**
 * Decodes a raw form body. The charset comes from the body's own `charset` parameter (ASCII in either
 * encoding), else `fallback`. Rejects bad escapes, bytes invalid in the charset and repeated keys.
 */
export function decodeForm(body: Buffer | string, fallback: FormCharset = "utf-8"): DecodedForm {
  const raw = typeof body === "string" ? Buffer.from(body, "utf8").toString("latin1") : body.toString("latin1");
  const pairs = splitPairs(raw);
  const charsetPair = pairs.find(([key]) => key === "charset");
  const declaredCharset = charsetPair ? percentDecode(charsetPair[1]).toString("latin1") : null;
  const charset = declaredCharset === null ? fallback : normalizeCharset(declaredCharset);
  if (charset === null) throw new FormDecodeError(`unsupported charset "${declaredCharset}"`);

  const decoder = new TextDecoder(charset, { fatal: true });
  const decode = (component: string): string => {
    // Fast path for ASCII-escaped UTF-8, the common case; anything unusual takes the byte-exact path.
    if (charset === "utf-8" && /^[\x21-\x7e]*$/.test(component)) {
      try {
        return decodeURIComponent(component.replace(/\+/g, " "));
      } catch {
        // malformed: the byte path below names the problem
      }
    }
    return decoder.decode(percentDecode(component));
  };
  // No prototype: a key named `__proto__` is a key like any other, not a way to reach Object.prototype.
  const params = Object.create(null) as Record<string, string>;
  for (const [rawKey, rawValue] of pairs) {
    let key: string;
    let value: string;
    try {
      key = decode(rawKey);
      value = decode(rawValue);
    } catch (error) {
      if (error instanceof FormDecodeError) throw error;
      throw new FormDecodeError(`bytes that are not valid ${charset} in "${rawKey.slice(0, 40)}"`);
    }
    if (Object.hasOwn(params, key)) throw new FormDecodeError(`parameter "${key}" appears more than once`);
    params[key] = value;
  }
  return { params, charset, declaredCharset };
}

const UNRESERVED = /[A-Za-z0-9*\-._]/;

function percentEncode(value: string, charset: FormCharset): string {
  if (charset === "utf-8" && !/[\ud800-\udfff]/.test(value)) {
    // The form encoding is encodeURIComponent with space as `+` and !'()~ escaped as well.
    return encodeURIComponent(value).replace(/%20/g, "+").replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  const bytes = charset === "gbk" ? iconv.encode(value, "gbk") : Buffer.from(value, "utf8");
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) out += "+";
    else if (byte < 0x80 && UNRESERVED.test(char)) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Encodes params as a form body in `charset`, keeping their order. */
export function encodeForm(params: Readonly<Record<string, string>>, charset: FormCharset = "utf-8"): string {
  return Object.entries(params)
    .map(([key, value]) => `${percentEncode(key, charset)}=${percentEncode(value, charset)}`)
    .join("&");
}
