// Why a notification's signature did not verify (alipay-protocol.md §4.4 rule V1, with §4.1 charset
// and decoding, §5 certificate mode and §7 items 2 and 4): the stored raw body is re-verified under
// one integration mistake at a time, and the first that makes it verify names the cause. When none
// does, the signature is opened with the configured key to tell "Alipay signed other content" from
// "this key never made it". Pure: what the operator sees is recomputed from the raw bytes alone.
//
// Order, most specific first (the first rule that holds wins):
//   1 APP_KEY_CONFIGURED_AS_ALIPAY_KEY  the configured key is the app's own: no verdict under it means anything
//   2 SIGNATURE_MISSING                 no `sign` to check
//   3 UNSUPPORTED_SIGN_TYPE             `sign_type` is not RSA2, or the signature is SHA1withRSA
//   4 VERIFIES_NOW                      it verifies exactly as the route verifies it (key fixed since)
//   5 SIGNED_WITH_APP_KEY               verifies with the app's public key: a self-made simulator
//   6 SIGN_TYPE_IN_SIGNED_STRING        verifies by rule V2
//   7 CHARSET_MISMATCH                  verifies with the body or the signed bytes in the other charset
//   8 DECODED_TWICE                     verifies with values decoded once more, or not at all
//   9 CERT_SN_NOT_SIGNED                verifies with `alipay_cert_sn` left out of the string
//  10 BODY_MALFORMED                    the body is not a form in either charset
//  11 SIGNATURE_MALFORMED               `sign` is not base64, or not the size of any RSA key
//  12 SIGNED_CONTENT_DIFFERS            opened, it is a well-formed RSA2 block: the key signed, other content
//  13 CERT_MODE_MIXUP                   not this key's, and the body carries `alipay_cert_sn` in key mode
//  14 NOT_SIGNED_BY_ALIPAY_KEY          not this key's: forged, damaged, another key (rotated, stale config)
// Absent `alipay_cert_sn` in cert mode is no sign of a mix-up: cert-mode notifications carry none (§4.4).
import { constants, createHash, publicDecrypt, type KeyObject } from "node:crypto";
import iconv from "iconv-lite";
import { decodeForm, FormDecodeError, type FormCharset } from "./form";
import { publicKeyFingerprint } from "./keys";
import { verifyNotifySignature } from "./notify";
import { verifyText, type SignType } from "./sign";
import { buildSignContent, notifySignContentV1, notifySignContentV2 } from "./sign-content";

export const DIAGNOSIS_CAUSES = [
  "APP_KEY_CONFIGURED_AS_ALIPAY_KEY",
  "SIGNATURE_MISSING",
  "UNSUPPORTED_SIGN_TYPE",
  "VERIFIES_NOW",
  "SIGNED_WITH_APP_KEY",
  "SIGN_TYPE_IN_SIGNED_STRING",
  "CHARSET_MISMATCH",
  "DECODED_TWICE",
  "CERT_SN_NOT_SIGNED",
  "BODY_MALFORMED",
  "SIGNATURE_MALFORMED",
  "SIGNED_CONTENT_DIFFERS",
  "CERT_MODE_MIXUP",
  "NOT_SIGNED_BY_ALIPAY_KEY",
] as const;
export type DiagnosisCause = (typeof DIAGNOSIS_CAUSES)[number];

export const DIAGNOSIS_HYPOTHESES = [
  "AS_RECEIVED",
  "LEGACY_RSA_SHA1",
  "APP_PUBLIC_KEY",
  "SIGN_TYPE_KEPT",
  "BODY_UTF8_SIGNED_UTF8",
  "BODY_UTF8_SIGNED_GBK",
  "BODY_GBK_SIGNED_GBK",
  "BODY_GBK_SIGNED_UTF8",
  "DECODED_AGAIN",
  "NOT_DECODED",
  "SIGN_PLUS_RESTORED",
  "ALIPAY_CERT_SN_EXCLUDED",
] as const;
export type DiagnosisHypothesis = (typeof DIAGNOSIS_HYPOTHESES)[number];

export type DiagnoseSignatureInput = {
  /** The notification's body exactly as stored (style.md "keep the raw"); a Buffer or the database's Uint8Array. */
  rawBody: Uint8Array;
  /** The Alipay public key the console verifies with. */
  alipayPublicKey: KeyObject;
  /** The app's public key (a private KeyObject works too: only its public half is used). */
  appPublicKey?: KeyObject | null;
  /** Public-key mode (the default) or certificate mode (§5). */
  mode?: "key" | "cert";
};

export type DiagnosisAttempt = { hypothesis: DiagnosisHypothesis; verified: boolean };

/** The configured key applied to the signature (s^e mod n), read as a PKCS#1 v1.5 block (RFC 8017 §9.2). */
export type OpenedSignature = {
  /** 00 01 FF…FF 00 DigestInfo: only the holder of the configured key's private half can produce one. */
  wellFormed: boolean;
  digestAlgorithm: "SHA-256" | "SHA-1" | null;
  /** The digest the signer signed, hex. */
  signedDigest: string | null;
  /** The same digest of the string we verify (rule V1, as received), hex: it differs from `signedDigest`. */
  receivedDigest: string | null;
};

export type SignatureDiagnosis = {
  cause: DiagnosisCause;
  /** Each re-verification, in the order made; hypotheses that change nothing are not repeated. */
  tried: DiagnosisAttempt[];
  signatureOpened?: OpenedSignature;
};

type Decoded = { params: Record<string, string>; charset: FormCharset };
type Attempt = { content: string; sign: string; key: "alipay" | "app"; charset: FormCharset; signType: SignType };
type Hypothesis = { hypothesis: DiagnosisHypothesis; cause: DiagnosisCause; attempt: () => Attempt | null };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const RSA_SIGNATURE_BYTES = [128, 256, 384, 512];
const DIGEST_INFOS = [
  { algorithm: "SHA-256", hash: "sha256", prefix: Buffer.from("3031300d060960864801650304020105000420", "hex"), size: 32 },
  { algorithm: "SHA-1", hash: "sha1", prefix: Buffer.from("3021300906052b0e03021a05000414", "hex"), size: 20 },
] as const;

function textBytes(text: string, charset: FormCharset): Buffer {
  return charset === "gbk" ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8");
}

function formOrNull<T>(decode: () => T): T | null {
  try {
    return decode();
  } catch (error) {
    if (error instanceof FormDecodeError) return null;
    throw error;
  }
}

/** Decoded in `charset` whatever the body declares: decodeForm obeys a `charset` pair, so it is renamed and put back. */
function decodeIn(rawBody: Buffer, charset: FormCharset): Decoded | null {
  const text = rawBody
    .toString("latin1")
    .split("&")
    .map((part) => (part === "charset" || part.startsWith("charset=") ? `%00${part}` : part))
    .join("&");
  return formOrNull(() => {
    const { params } = decodeForm(Buffer.from(text, "latin1"), charset);
    const declared = params["\0charset"];
    if (declared !== undefined) {
      if (Object.hasOwn(params, "charset")) throw new FormDecodeError(`parameter "charset" appears more than once`);
      delete params["\0charset"];
      params.charset = declared;
    }
    return { params, charset };
  });
}

/** The body's pairs as plain text: what a hop that decoded the body, and forwarded it unencoded, leaves us. */
function readUndecoded(rawBody: Buffer, charset: FormCharset): Decoded | null {
  const decoder = new TextDecoder(charset, { fatal: true });
  const params = Object.create(null) as Record<string, string>;
  for (const part of rawBody.toString("latin1").split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    let key: string;
    let value: string;
    try {
      key = decoder.decode(Buffer.from(eq < 0 ? part : part.slice(0, eq), "latin1"));
      value = eq < 0 ? "" : decoder.decode(Buffer.from(part.slice(eq + 1), "latin1"));
    } catch {
      return null;
    }
    if (Object.hasOwn(params, key)) return null;
    params[key] = value;
  }
  return { params, charset };
}

/** One more form-decode of a value; a value that cannot take it is kept, as a lenient framework would. */
function decodeAgain(value: string, charset: FormCharset): string {
  if (!/[%+]/.test(value)) return value;
  // `&` would split the one-pair form; %26 decodes back to it.
  const body = Buffer.concat([Buffer.from("v="), textBytes(value.replace(/&/g, "%26"), charset)]);
  return formOrNull(() => decodeForm(body, charset))?.params.v ?? value;
}

function openSignature(signature: Buffer, key: KeyObject, received: Attempt | null): OpenedSignature {
  const notWellFormed: OpenedSignature = { wellFormed: false, digestAlgorithm: null, signedDigest: null, receivedDigest: null };
  let block: Buffer;
  try {
    block = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return notWellFormed; // s ≥ n: no signature of this key
  }
  const end = block.indexOf(0x00, 2);
  if (block[0] !== 0x00 || block[1] !== 0x01 || end < 10 || !block.subarray(2, end).every((byte) => byte === 0xff)) return notWellFormed;
  const digestInfo = block.subarray(end + 1);
  const known = DIGEST_INFOS.find((d) => digestInfo.length === d.prefix.length + d.size && digestInfo.subarray(0, d.prefix.length).equals(d.prefix));
  if (!known) return notWellFormed;
  return {
    wellFormed: true,
    digestAlgorithm: known.algorithm,
    signedDigest: digestInfo.subarray(known.prefix.length).toString("hex"),
    receivedDigest: received ? createHash(known.hash).update(textBytes(received.content, received.charset)).digest("hex") : null,
  };
}

/** Which integration mistake, if any, explains a notification signature that did not verify (§4.4). */
export function diagnoseSignature(input: DiagnoseSignatureInput): SignatureDiagnosis {
  const { alipayPublicKey, appPublicKey, mode = "key" } = input;
  const rawBody = Buffer.from(input.rawBody.buffer, input.rawBody.byteOffset, input.rawBody.byteLength);
  const keys = { alipay: alipayPublicKey, app: appPublicKey ?? null };
  const fingerprints = { alipay: publicKeyFingerprint(alipayPublicKey), app: appPublicKey ? publicKeyFingerprint(appPublicKey) : null };

  // Exactly what the route did (lib/payments/notify.ts); the other charsets only when that failed.
  const received = formOrNull(() => decodeForm(rawBody));
  const basis = received ?? decodeIn(rawBody, "utf-8") ?? decodeIn(rawBody, "gbk");
  const charset = basis?.charset ?? "utf-8";
  const sign = basis?.params.sign ?? "";

  const v1 = (decoded: Decoded | null, overrides: Partial<Attempt> = {}): Attempt | null =>
    decoded?.params.sign
      ? { content: notifySignContentV1(decoded.params), sign: decoded.params.sign, key: "alipay", charset: decoded.charset, signType: "RSA2", ...overrides }
      : null;
  const receivedAttempt = v1(received);

  const tried: DiagnosisAttempt[] = [];
  const seen = new Set<string>();
  const identity = (a: Attempt) => `${fingerprints[a.key]}|${a.signType}|${a.sign}|${textBytes(a.content, a.charset).toString("base64")}`;
  if (receivedAttempt) seen.add(identity(receivedAttempt));
  /** Runs one hypothesis, unless it does not apply or would verify the very bytes already verified. */
  const run = (h: Hypothesis): boolean => {
    const attempt = h.attempt();
    const key = attempt && keys[attempt.key];
    if (!attempt || !key || seen.has(identity(attempt))) return false;
    seen.add(identity(attempt));
    const verified = verifyText(attempt.content, attempt.sign, key, attempt.signType, attempt.charset);
    tried.push({ hypothesis: h.hypothesis, verified });
    return verified;
  };

  const asReceived = received !== null && verifyNotifySignature(received.params, alipayPublicKey, received.charset).verdict === "VALID";
  tried.push({ hypothesis: "AS_RECEIVED", verified: asReceived });

  const modulusBytes = Math.ceil((alipayPublicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const signature = BASE64.test(sign) ? Buffer.from(sign, "base64") : null;
  const opened = signature?.length === modulusBytes ? openSignature(signature, alipayPublicKey, receivedAttempt ?? v1(basis)) : undefined;
  const done = (cause: DiagnosisCause): SignatureDiagnosis => ({ cause, tried, ...(opened ? { signatureOpened: opened } : {}) });

  const legacy: Hypothesis = { hypothesis: "LEGACY_RSA_SHA1", cause: "UNSUPPORTED_SIGN_TYPE", attempt: () => v1(basis, { signType: "RSA" }) };
  const charsetHypothesis = (hypothesis: DiagnosisHypothesis, body: FormCharset, signed: FormCharset): Hypothesis => ({
    hypothesis,
    cause: "CHARSET_MISMATCH",
    attempt: () => v1(decodeIn(rawBody, body), { charset: signed }),
  });
  const hypotheses: Hypothesis[] = [
    { ...legacy, attempt: () => (opened?.digestAlgorithm === "SHA-1" ? legacy.attempt() : null) },
    { hypothesis: "APP_PUBLIC_KEY", cause: "SIGNED_WITH_APP_KEY", attempt: () => v1(basis, { key: "app" }) },
    {
      hypothesis: "SIGN_TYPE_KEPT",
      cause: "SIGN_TYPE_IN_SIGNED_STRING",
      attempt: () => (basis?.params.sign_type ? v1(basis, { content: notifySignContentV2(basis.params) }) : null),
    },
    charsetHypothesis("BODY_UTF8_SIGNED_UTF8", "utf-8", "utf-8"),
    charsetHypothesis("BODY_UTF8_SIGNED_GBK", "utf-8", "gbk"),
    charsetHypothesis("BODY_GBK_SIGNED_GBK", "gbk", "gbk"),
    charsetHypothesis("BODY_GBK_SIGNED_UTF8", "gbk", "utf-8"),
    {
      hypothesis: "DECODED_AGAIN",
      cause: "DECODED_TWICE",
      // base64 has no `%`: one in `sign` is a leftover escape, while its `+` is genuine.
      attempt: () => {
        if (!basis) return null;
        const again = Object.entries(basis.params).map(([key, value]) => [key, key === "sign" && !value.includes("%") ? value : decodeAgain(value, charset)]);
        return v1({ charset, params: Object.fromEntries(again) as Record<string, string> });
      },
    },
    { hypothesis: "NOT_DECODED", cause: "DECODED_TWICE", attempt: () => v1(readUndecoded(rawBody, charset)) },
    { hypothesis: "SIGN_PLUS_RESTORED", cause: "DECODED_TWICE", attempt: () => v1(basis, { sign: sign.replace(/ /g, "+") }) },
    {
      hypothesis: "ALIPAY_CERT_SN_EXCLUDED",
      cause: "CERT_SN_NOT_SIGNED",
      attempt: () => (basis?.params.alipay_cert_sn ? v1(basis, { content: buildSignContent(basis.params, ["sign", "sign_type", "alipay_cert_sn"]) }) : null),
    },
  ];

  if (appPublicKey && fingerprints.app === fingerprints.alipay) return done("APP_KEY_CONFIGURED_AS_ALIPAY_KEY");
  if (basis && sign === "") return done("SIGNATURE_MISSING");
  const signType = basis?.params.sign_type;
  if (signType !== undefined && signType !== "RSA2") {
    run(legacy);
    return done("UNSUPPORTED_SIGN_TYPE");
  }
  if (asReceived) return done("VERIFIES_NOW");
  for (const h of hypotheses) if (run(h)) return done(h.cause);

  if (!basis) return done("BODY_MALFORMED");
  if (!signature || (signature.length !== modulusBytes && !RSA_SIGNATURE_BYTES.includes(signature.length))) return done("SIGNATURE_MALFORMED");
  if (opened?.wellFormed) return done("SIGNED_CONTENT_DIFFERS");
  if (basis.params.alipay_cert_sn && mode === "key") return done("CERT_MODE_MIXUP");
  return done("NOT_SIGNED_BY_ALIPAY_KEY");
}
