// Trade notification signatures, rule V1 (alipay-protocol.md §4.4): the once-decoded params less
// `sign` and `sign_type` and empty values, sorted, verified as RSA2 with Alipay's public key. The
// algorithm is pinned by our configuration, never chosen by the incoming `sign_type`.
import type { KeyObject } from "node:crypto";
import { notifySignContentV1 } from "./sign-content";
import { verifyText } from "./sign";
import type { FormCharset } from "./form";

export type NotifySignatureVerdict = "VALID" | "INVALID" | "MISSING" | "UNSUPPORTED_SIGN_TYPE" | "MALFORMED";

export type NotifySignatureResult = {
  verdict: NotifySignatureVerdict;
  /** The exact string that was (or would have been) verified. */
  signContent: string;
};

/** `charset` is the one the body was decoded with: the signature covers the text in that encoding. */
export function verifyNotifySignature(
  params: Readonly<Record<string, string>>,
  alipayPublicKey: KeyObject,
  charset: FormCharset = "utf-8",
): NotifySignatureResult {
  const signContent = notifySignContentV1(params);
  const sign = params.sign ?? "";
  if (sign === "") return { verdict: "MISSING", signContent };
  if (params.sign_type !== undefined && params.sign_type !== "RSA2") return { verdict: "UNSUPPORTED_SIGN_TYPE", signContent };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sign)) return { verdict: "MALFORMED", signContent };
  return { verdict: verifyText(signContent, sign, alipayPublicKey, "RSA2", charset) ? "VALID" : "INVALID", signContent };
}
