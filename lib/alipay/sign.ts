// Signing primitives: SHA256withRSA (RSA2) and the legacy SHA1withRSA (RSA), PKCS#1 v1.5,
// standard base64 (alipay-protocol.md §1.3 step 6).
import { createSign, createVerify, type KeyObject } from "node:crypto";

export type SignType = "RSA2" | "RSA";

const ALGORITHMS: Record<SignType, string> = { RSA2: "RSA-SHA256", RSA: "RSA-SHA1" };

export function isSignType(value: string): value is SignType {
  return value === "RSA2" || value === "RSA";
}

export function signText(content: string, privateKey: KeyObject, signType: SignType = "RSA2"): string {
  return createSign(ALGORITHMS[signType]).update(content, "utf8").sign(privateKey, "base64");
}

export function verifyText(content: string, sign: string, publicKey: KeyObject, signType: SignType = "RSA2"): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sign)) return false;
  try {
    return createVerify(ALGORITHMS[signType]).update(content, "utf8").verify(publicKey, sign, "base64");
  } catch {
    return false;
  }
}
