// Signing primitives: SHA256withRSA (RSA2) and the legacy SHA1withRSA (RSA), PKCS#1 v1.5,
// standard base64 (alipay-protocol.md §1.3 step 6).
import { createSign, createVerify, type KeyObject } from "node:crypto";
import iconv from "iconv-lite";
import type { FormCharset } from "./form";

export type SignType = "RSA2" | "RSA";

const ALGORITHMS: Record<SignType, string> = { RSA2: "RSA-SHA256", RSA: "RSA-SHA1" };

export function isSignType(value: string): value is SignType {
  return value === "RSA2" || value === "RSA";
}

/** The bytes that are signed: the text in the request's `charset` (§1.2), UTF-8 unless told otherwise. */
function contentBytes(content: string, charset: FormCharset): Buffer {
  return charset === "gbk" ? iconv.encode(content, "gbk") : Buffer.from(content, "utf8");
}

export function signText(content: string, privateKey: KeyObject, signType: SignType = "RSA2", charset: FormCharset = "utf-8"): string {
  return createSign(ALGORITHMS[signType]).update(contentBytes(content, charset)).sign(privateKey, "base64");
}

export function verifyText(
  content: string,
  sign: string,
  publicKey: KeyObject,
  signType: SignType = "RSA2",
  charset: FormCharset = "utf-8",
): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sign)) return false;
  try {
    return createVerify(ALGORITHMS[signType]).update(contentBytes(content, charset)).verify(publicKey, sign, "base64");
  } catch {
    return false;
  }
}
