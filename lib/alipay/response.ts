// Gateway response signatures (alipay-protocol.md §2.1–2.2): the signed content is the raw text of the
// `<method>_response` value, byte for byte, extracted by walking braces as the Java SDK does.
import type { KeyObject } from "node:crypto";
import { verifyText, type SignType } from "./sign";

export function responseNodeName(method: string): string {
  return `${method.replace(/\./g, "_")}_response`;
}

export type ExtractedNode = {
  nodeName: string;
  /** The exact signed text: `{…}` (or a quoted string for encrypted responses). */
  content: string;
  end: number;
};

export class ResponseFormatError extends Error {
  override name = "ResponseFormatError";
}

function findValueStart(raw: string, keyIndex: number, keyLength: number): number {
  let i = keyIndex + keyLength;
  while (i < raw.length && /\s/.test(raw[i]!)) i++;
  if (raw[i] !== ":") return -1;
  i++;
  while (i < raw.length && /\s/.test(raw[i]!)) i++;
  return i;
}

function walkObject(raw: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < raw.length; i++) {
    const char = raw[i];
    if (inString) {
      if (char === '"') {
        let backslashes = 0;
        for (let j = i - 1; raw[j] === "\\"; j--) backslashes++;
        if (backslashes % 2 === 0) inString = false;
      }
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

function walkString(raw: string, start: number): number {
  for (let i = start + 1; i < raw.length; i++) {
    if (raw[i] === "\\") i++;
    else if (raw[i] === '"') return i + 1;
  }
  return -1;
}

/**
 * Extracts the signed text of a response: the `<method>_response` node, or `error_response` when the
 * gateway answered with the generic node. Refuses a body that names the node twice (anti-injection).
 */
export function extractResponseNode(raw: string, method: string): ExtractedNode {
  for (const nodeName of [responseNodeName(method), "error_response"]) {
    const quoted = `"${nodeName}"`;
    const keyIndex = raw.indexOf(quoted);
    if (keyIndex < 0) continue;
    const start = findValueStart(raw, keyIndex, quoted.length);
    if (start < 0) throw new ResponseFormatError(`"${nodeName}" is not followed by a value`);
    const end = raw[start] === "{" ? walkObject(raw, start) : raw[start] === '"' ? walkString(raw, start) : -1;
    if (end < 0) throw new ResponseFormatError(`"${nodeName}" has no complete value`);
    if (raw.indexOf(quoted, end) >= 0) throw new ResponseFormatError(`"${nodeName}" appears more than once`);
    return { nodeName, content: raw.slice(start, end), end };
  }
  throw new ResponseFormatError(`the body has neither "${responseNodeName(method)}" nor "error_response"`);
}

export type ResponseVerdict = "VALID" | "INVALID" | "MISSING" | "UNSIGNED_ERROR";

export type VerifiedResponse = {
  verdict: ResponseVerdict;
  /** True when the response can be trusted: a valid signature, or an unsigned error that was never signed. */
  trusted: boolean;
  nodeName: string;
  signContent: string;
  node: Record<string, unknown>;
  sign: string | null;
  alipayCertSn: string | null;
};

/**
 * Verifies a raw gateway body (§2.2 "When to verify"): a success must carry a valid `sign`; an error
 * is verified when signed, and accepted unsigned (the gateway cannot sign for an unknown app).
 */
export function verifyResponse(raw: string, method: string, alipayPublicKey: KeyObject, signType: SignType = "RSA2"): VerifiedResponse {
  const extracted = extractResponseNode(raw, method);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new ResponseFormatError("the body is not JSON");
  }
  const node = body[extracted.nodeName];
  if (typeof node !== "object" || node === null) throw new ResponseFormatError(`"${extracted.nodeName}" is not an object`);
  const sign = typeof body.sign === "string" && body.sign !== "" ? body.sign : null;
  const alipayCertSn = typeof body.alipay_cert_sn === "string" ? body.alipay_cert_sn : null;
  const code = (node as Record<string, unknown>).code;
  const base = { nodeName: extracted.nodeName, signContent: extracted.content, node: node as Record<string, unknown>, sign, alipayCertSn };

  if (sign === null) {
    const verdict = code === "10000" ? "MISSING" : "UNSIGNED_ERROR";
    return { ...base, verdict, trusted: verdict === "UNSIGNED_ERROR" };
  }
  const valid =
    verifyText(extracted.content, sign, alipayPublicKey, signType) ||
    // Java and PHP retry once with `\/` unescaped (§2.2 "Fallback").
    (extracted.content.includes("\\/") && verifyText(extracted.content.replace(/\\\//g, "/"), sign, alipayPublicKey, signType));
  return { ...base, verdict: valid ? "VALID" : "INVALID", trusted: valid };
}
