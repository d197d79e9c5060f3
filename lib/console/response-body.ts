// A stored gateway response, fit to show an operator: its bytes decoded in the request's charset (Alipay
// answers in the charset it was asked in, alipay-protocol.md §1.1, §4.1), its signature shortened, the
// JSON indented with its tokens untouched, and anything that looks like a key masked.
import iconv from "iconv-lite";
import type { FormCharset } from "@/lib/alipay/form";
import { formatBizContent, maskSecretsInText, shortenSign } from "@/lib/alipay/mask";

/** Bytes that are not valid in the charset show as U+FFFD: the page shows what came, not nothing. */
export function decodeResponseBody(bytes: Uint8Array, charset: FormCharset): string {
  return charset === "gbk" ? iconv.decode(Buffer.from(bytes), "gbk") : new TextDecoder("utf-8").decode(bytes);
}

// The response's own "sign" (§2.1), wherever it stands; escaped quotes cannot occur in base64.
const SIGN_VALUE = /("sign"\s*:\s*")([^"\\]*)(")/g;

export function maskResponseText(text: string): string {
  const shortened = text.replace(SIGN_VALUE, (_match, before: string, sign: string, after: string) => `${before}${shortenSign(sign)}${after}`);
  return maskSecretsInText(formatBizContent(shortened));
}
