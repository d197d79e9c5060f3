// A stored gateway request, fit to show an operator: the parameters from the URL and the form body
// (alipay-protocol.md §1.1, decoded once in their charset, §4.1), the signature shortened, anything
// that could be a credential masked. biz_content holds no secret and is shown whole; so are the
// buyer's fields, which Alipay masks itself (§3.2).
import { decodeForm, type FormCharset } from "./form";

export const REDACTED = "[REDACTED]";

export type MaskedRequest = {
  /** The URL without its query string. */
  endpoint: string;
  /** The charset the body was decoded in. */
  charset: FormCharset;
  /** URL parameters first, then the body's, each in the order sent. */
  params: Array<[name: string, value: string]>;
};

// app_auth_token, auth_token, encrypt keys, and whatever else a name says is private.
const SECRET_NAME = /token|secret|private|key|password|passwd|credential/i;

/** The first 6 and last 4 characters of a signature: enough to tell two apart. */
export function shortenSign(sign: string): string {
  return sign.length <= 11 ? sign : `${sign.slice(0, 6)}…${sign.slice(-4)}`;
}

function maskValue(name: string, value: string): string {
  if (name === "sign") return shortenSign(value);
  return value !== "" && SECRET_NAME.test(name) ? REDACTED : value;
}

/** Throws FormDecodeError for a query or body that is not a well-formed form (§4.1): nothing is shown raw. */
export function maskGatewayRequest(url: string | null, body: string | Buffer | null): MaskedRequest {
  const full = url ?? "";
  const at = full.indexOf("?");
  const query = decodeForm(at < 0 ? "" : full.slice(at + 1));
  // The charset is a common parameter, so in the URL (§1.1); a body naming its own wins for the body.
  const form = decodeForm(body ?? "", query.charset);
  const params = [...Object.entries(query.params), ...Object.entries(form.params)];
  return {
    endpoint: at < 0 ? full : full.slice(0, at),
    charset: form.charset,
    params: params.map(([name, value]): [string, string] => [name, maskValue(name, value)]),
  };
}

const JSON_SPACE = new Set([" ", "\t", "\n", "\r"]);

/**
 * biz_content indented for reading, its tokens untouched: "0.10" and `\/` stay as sent, where
 * JSON.parse and JSON.stringify would rewrite them. Text that is not JSON comes back as it is.
 */
export function formatBizContent(text: string): string {
  try {
    JSON.parse(text);
  } catch {
    return text;
  }
  let out = "";
  let depth = 0;
  const newline = () => `\n${"  ".repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      // A string, escapes included, copied as it is.
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end;
    } else if (char === "{" || char === "[") {
      let next = i + 1;
      while (JSON_SPACE.has(text[next]!)) next += 1;
      if (text[next] === (char === "{" ? "}" : "]")) {
        out += char + text[next];
        i = next;
      } else {
        depth += 1;
        out += char + newline();
      }
    } else if (char === "}" || char === "]") {
      depth -= 1;
      out += newline() + char;
    } else if (char === ",") out += `,${newline()}`;
    else if (char === ":") out += ": ";
    else if (!JSON_SPACE.has(char)) out += char;
  }
  return out;
}

// A PEM block, or from its BEGIN line to the end of its base64 when the text was cut short.
const PEM = /-----BEGIN [^-\r\n]{1,64}-----(?:[\s\S]*?-----END [^-\r\n]{1,64}-----|[A-Za-z0-9+/=\s\\]*)/g;
// Base64, possibly in lines (real line breaks, or \n written out as in JSON or a log line); only a
// line of 40 or more continues onto the next, so that the word after a key is not taken with it.
const BASE64_RUN = /(?:[A-Za-z0-9+/]{40,}(?:\r?\n|\\r\\n|\\n))*[A-Za-z0-9+/]+={0,2}/g;
const LONG_BASE64 = 200;

/** Free text (an error message) without anything that looks like a key: PEM blocks and long base64. */
export function maskSecretsInText(text: string): string {
  return text
    .replace(PEM, REDACTED)
    .replace(BASE64_RUN, (run) => (run.replace(/\r|\n|\\r|\\n|=/g, "").length >= LONG_BASE64 ? REDACTED : run));
}
