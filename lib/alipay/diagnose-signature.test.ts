// The diagnosis against real signatures: notifications signed by rule V1 with freshly generated keys,
// then spoilt by one integration mistake each, and the third-party vectors. Each cause has a twin
// that shows the hypothesis, not something else, is what found it.
import { constants, createHash, createPublicKey, generateKeyPairSync, privateEncrypt, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type DiagnoseSignatureInput, type SignatureDiagnosis, diagnoseSignature } from "./diagnose-signature";
import { encodeForm, type FormCharset } from "./form";
import { loadPublicKey } from "./keys";
import { signText, type SignType } from "./sign";
import { type Params, notifySignContentV1, notifySignContentV2 } from "./sign-content";
import { readVector } from "./testing/vectors";

type Dict = Record<string, string>;

const alipay = generateKeyPairSync("rsa", { modulusLength: 2048 });
const app = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });

const NOTIFICATION: Dict = {
  notify_time: "2024-05-01 12:00:09",
  notify_type: "trade_status_sync",
  notify_id: "2024050100222120009012345678",
  app_id: "2021000122671080",
  auth_app_id: "2021000122671080",
  charset: "utf-8",
  version: "1.0",
  trade_no: "2024050122001499160501586202",
  out_trade_no: "A20240501120000001",
  trade_status: "TRADE_SUCCESS",
  total_amount: "12.30",
  subject: "拿铁咖啡 大杯",
  gmt_create: "2024-05-01 11:59:48",
  gmt_payment: "2024-05-01 12:00:07",
};
const ASCII_ONLY: Dict = { ...NOTIFICATION, subject: "Latte" };

type SignOptions = { key?: KeyObject; rule?: (params: Params) => string; charset?: FormCharset; algorithm?: SignType; signType?: string };

/** Signed as Alipay signs (sandbox/notify/sign-attempt.ts): `sign_type` set, then rule V1 over the text in `charset`. */
function signed(params: Dict, options: SignOptions = {}): Dict {
  const { key = alipay.privateKey, rule = notifySignContentV1, charset = "utf-8", algorithm = "RSA2", signType = "RSA2" } = options;
  const withType = { ...params, sign_type: signType };
  return { ...withType, sign: signText(rule(withType), key, algorithm, charset) };
}

/** As `signed`, with a notify_id for which the signature holds a `+`: the character transport damages. */
function signedWithPlus(params: Dict, options: SignOptions = {}): Dict {
  for (let i = 0; ; i++) {
    const result = signed({ ...params, notify_id: `${params.notify_id}${i}` }, options);
    if (result.sign!.includes("+")) return result;
  }
}

function form(params: Dict, charset: FormCharset = "utf-8"): Buffer {
  return Buffer.from(encodeForm(params, charset), "latin1");
}

/** What a hop that decoded the body and forwarded it without encoding it again leaves. */
function forwardedDecoded(params: Dict): Buffer {
  return Buffer.from(
    Object.entries(params)
      .map(([key, value]) => `${key}=${value}`)
      .join("&"),
    "utf8",
  );
}

/** The sandbox's bad_signature fault (corrupt() in sandbox/notify/sign-attempt.ts). */
function corrupt(sign: string): string {
  const middle = Math.floor(sign.length / 2);
  const swapped = sign[middle] === "A" ? "B" : "A";
  return `${sign.slice(0, middle)}${swapped}${sign.slice(middle + 1)}`;
}

function diagnose(rawBody: Uint8Array, input: Partial<DiagnoseSignatureInput> = {}): SignatureDiagnosis {
  return diagnoseSignature({ rawBody, alipayPublicKey: alipay.publicKey, appPublicKey: app.publicKey, ...input });
}

function verifiedBy(diagnosis: SignatureDiagnosis): string[] {
  return diagnosis.tried.filter((t) => t.verified).map((t) => t.hypothesis);
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

describe("diagnoseSignature: a signature that verifies", () => {
  it("says VERIFIES_NOW and tries nothing else", () => {
    const d = diagnose(form(signed(NOTIFICATION)));
    expect(d.cause).toBe("VERIFIES_NOW");
    expect(d.tried).toEqual([{ hypothesis: "AS_RECEIVED", verified: true }]);
    expect(d.signatureOpened).toMatchObject({ wellFormed: true, digestAlgorithm: "SHA-256" });
    expect(d.signatureOpened!.signedDigest).toBe(d.signatureOpened!.receivedDigest);
  });

  it("takes the body as the database returns it, a Uint8Array", () => {
    expect(diagnose(new Uint8Array(form(signed(NOTIFICATION)))).cause).toBe("VERIFIES_NOW");
  });

  it("says VERIFIES_NOW for a consistent GBK notification (the sandbox's gbk fault) and in cert mode without alipay_cert_sn", () => {
    expect(diagnose(form(signed({ ...NOTIFICATION, charset: "gbk" }, { charset: "gbk" }), "gbk")).cause).toBe("VERIFIES_NOW");
    expect(diagnose(form(signed(NOTIFICATION)), { mode: "cert" }).cause).toBe("VERIFIES_NOW");
  });
});

describe("diagnoseSignature: keys", () => {
  it("APP_KEY_CONFIGURED_AS_ALIPAY_KEY: the app public key pasted as Alipay's, compared by key, not by object", () => {
    const configured = { alipayPublicKey: app.publicKey, appPublicKey: createPublicKey(app.privateKey) };
    const d = diagnose(form(signed(NOTIFICATION)), configured);
    expect(d.cause).toBe("APP_KEY_CONFIGURED_AS_ALIPAY_KEY");
    // A notification made with the app's own private key verifies under that configuration, and proves nothing.
    const selfMade = diagnose(form(signed(NOTIFICATION, { key: app.privateKey })), configured);
    expect(selfMade.cause).toBe("APP_KEY_CONFIGURED_AS_ALIPAY_KEY");
    expect(verifiedBy(selfMade)).toEqual(["AS_RECEIVED"]);
  });

  it("SIGNED_WITH_APP_KEY: verifies with the app's public key; unknown without it", () => {
    const raw = form(signed(NOTIFICATION, { key: app.privateKey }));
    const d = diagnose(raw);
    expect(d.cause).toBe("SIGNED_WITH_APP_KEY");
    expect(verifiedBy(d)).toEqual(["APP_PUBLIC_KEY"]);
    const withoutAppKey = diagnose(raw, { appPublicKey: null });
    expect(withoutAppKey.cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
    expect(withoutAppKey.tried.map((t) => t.hypothesis)).not.toContain("APP_PUBLIC_KEY");
  });

  it("NOT_SIGNED_BY_ALIPAY_KEY: a stranger's key (the sandbox's other_key fault) does not open to a PKCS#1 block", () => {
    const d = diagnose(form(signed(NOTIFICATION, { key: stranger.privateKey })));
    expect(d.cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
    expect(verifiedBy(d)).toEqual([]);
    expect(d.signatureOpened).toEqual({ wellFormed: false, digestAlgorithm: null, signedDigest: null, receivedDigest: null });
  });

  it("NOT_SIGNED_BY_ALIPAY_KEY: one character of the signature changed (the sandbox's bad_signature fault)", () => {
    const good = signed(NOTIFICATION);
    const d = diagnose(form({ ...good, sign: corrupt(good.sign!) }));
    expect(d.cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
    expect(d.signatureOpened?.wellFormed).toBe(false);
  });

  it("opens only a PKCS#1 v1.5 signature block: the same digest under encryption padding (00 02) is no signature", () => {
    const params = { ...NOTIFICATION, sign_type: "RSA2" };
    const digestInfo = Buffer.concat([Buffer.from("3031300d060960864801650304020105000420", "hex"), Buffer.from(sha256(notifySignContentV1(params)), "hex")]);
    const raw = (head: number, filler: number) => {
      const block = Buffer.concat([Buffer.from([0x00, head]), Buffer.alloc(256 - 3 - digestInfo.length, filler), Buffer.from([0x00]), digestInfo]);
      const sign = privateEncrypt({ key: alipay.privateKey, padding: constants.RSA_NO_PADDING }, block).toString("base64");
      return form({ ...params, sign });
    };
    expect(diagnose(raw(0x01, 0xff)).cause).toBe("VERIFIES_NOW");
    const d = diagnose(raw(0x02, 0x5a));
    expect(d.cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
    expect(d.signatureOpened?.wellFormed).toBe(false);
  });

  it("NOT_SIGNED_BY_ALIPAY_KEY: a signature of a 1024-bit key is the size of another key, not a malformed one", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const d = diagnose(form(signed(NOTIFICATION, { key: small.privateKey })));
    expect(d.cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
    expect(d.signatureOpened).toBeUndefined();
  });
});

describe("diagnoseSignature: content", () => {
  it("SIGNED_CONTENT_DIFFERS: total_amount changed after Alipay signed; the signed digest is the original string's", () => {
    const good = signed(NOTIFICATION);
    const d = diagnose(form({ ...good, total_amount: "1230.00" }));
    expect(d.cause).toBe("SIGNED_CONTENT_DIFFERS");
    expect(verifiedBy(d)).toEqual([]);
    expect(d.signatureOpened).toMatchObject({ wellFormed: true, digestAlgorithm: "SHA-256", signedDigest: sha256(notifySignContentV1(good)) });
    expect(d.signatureOpened!.receivedDigest).toBe(sha256(notifySignContentV1({ ...good, total_amount: "1230.00" })));
  });

  it("SIGN_TYPE_IN_SIGNED_STRING: signed by rule V2, sign_type kept", () => {
    const d = diagnose(form(signed(NOTIFICATION, { rule: notifySignContentV2 })));
    expect(d.cause).toBe("SIGN_TYPE_IN_SIGNED_STRING");
    expect(verifiedBy(d)).toEqual(["SIGN_TYPE_KEPT"]);
  });

  it("CHARSET_MISMATCH: GBK body and signature that declare utf-8", () => {
    const d = diagnose(form(signed(NOTIFICATION, { charset: "gbk" }), "gbk"));
    expect(d.cause).toBe("CHARSET_MISMATCH");
    expect(verifiedBy(d)).toEqual(["BODY_GBK_SIGNED_GBK"]);
  });

  it("CHARSET_MISMATCH: UTF-8 body and signature that declare gbk (and are not valid GBK)", () => {
    // 冰 is three bytes in UTF-8: its last one and the space after it are no GBK pair.
    const d = diagnose(form(signed({ ...NOTIFICATION, charset: "gbk", subject: "冰 美式" })));
    expect(d.cause).toBe("CHARSET_MISMATCH");
    expect(verifiedBy(d)).toEqual(["BODY_UTF8_SIGNED_UTF8"]);
  });

  it("VERIFIES_NOW for UTF-8 declared gbk when the bytes happen to read as GBK: the text is garbled, the bytes signed are the same", () => {
    expect(diagnose(form(signed({ ...NOTIFICATION, charset: "gbk" }))).cause).toBe("VERIFIES_NOW");
  });

  it("CHARSET_MISMATCH: a UTF-8 body whose GBK bytes were signed", () => {
    const d = diagnose(form(signed(NOTIFICATION, { charset: "gbk" })));
    expect(d.cause).toBe("CHARSET_MISMATCH");
    expect(verifiedBy(d)).toEqual(["BODY_UTF8_SIGNED_GBK"]);
  });

  it("does not retry an ASCII-only body in the other charset: the bytes would be the same", () => {
    const d = diagnose(form(signed(ASCII_ONLY, { key: stranger.privateKey })));
    expect(d.tried.map((t) => t.hypothesis).filter((h) => h.startsWith("BODY_"))).toEqual([]);
  });
});

describe("diagnoseSignature: decoding", () => {
  const tricky: Dict = { ...NOTIFICATION, subject: "A+B 套餐 %41", passback_params: "order%3D42%26from%3Dqr", body: "a+b=c&d" };

  it("DECODED_TWICE: a body encoded twice verifies once its values are decoded again, sign included", () => {
    const good = signedWithPlus(tricky);
    const encodedTwice = form(Object.fromEntries(Object.entries(good).map(([key, value]) => [key, encodeForm({ v: value }).slice(2)])));
    const d = diagnose(encodedTwice);
    expect(d.cause).toBe("DECODED_TWICE");
    expect(verifiedBy(d)).toEqual(["DECODED_AGAIN"]);
    expect(diagnose(form(good)).cause).toBe("VERIFIES_NOW");
  });

  it("DECODED_TWICE: a body decoded by a hop and forwarded as it was (+, spaces, %xx) verifies read without decoding", () => {
    const good = signedWithPlus({ ...tricky, body: "a+b=c" });
    const d = diagnose(forwardedDecoded(good));
    expect(d.cause).toBe("DECODED_TWICE");
    expect(verifiedBy(d)).toEqual(["NOT_DECODED"]);
  });

  it("DECODED_TWICE, not BODY_MALFORMED: a forwarded value with a lone % no longer decodes at all", () => {
    const d = diagnose(forwardedDecoded(signed({ ...NOTIFICATION, subject: "满100减10 100%" })));
    expect(d.cause).toBe("DECODED_TWICE");
    expect(verifiedBy(d)).toEqual(["NOT_DECODED"]);
  });

  it("DECODED_TWICE: a sign sent without encoding, its + read as spaces", () => {
    const good = signedWithPlus(NOTIFICATION);
    const { sign, ...rest } = good;
    const d = diagnose(Buffer.from(`${encodeForm(rest)}&sign=${sign}`, "latin1"));
    expect(d.cause).toBe("DECODED_TWICE");
    expect(verifiedBy(d)).toEqual(["SIGN_PLUS_RESTORED"]);
  });

  it("BODY_MALFORMED: a bad escape or a repeated key, when no hypothesis verifies either", () => {
    const good = form(signed(NOTIFICATION));
    expect(diagnose(Buffer.concat([good, Buffer.from("&x=%zz")])).cause).toBe("BODY_MALFORMED");
    expect(diagnose(Buffer.concat([good, Buffer.from("&total_amount=0.01")])).cause).toBe("BODY_MALFORMED");
  });
});

describe("diagnoseSignature: certificate mode", () => {
  const certSn = "4538e7d736df316c15435d5f9d3a8a1f";

  it("CERT_MODE_MIXUP: alipay_cert_sn in key mode, signed by another (the certificate's) key; not in cert mode", () => {
    const raw = form(signed({ ...NOTIFICATION, alipay_cert_sn: certSn }, { key: stranger.privateKey }));
    expect(diagnose(raw).cause).toBe("CERT_MODE_MIXUP");
    expect(diagnose(raw, { mode: "cert" }).cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
    expect(diagnose(form(signed(NOTIFICATION, { key: stranger.privateKey }))).cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
  });

  it("SIGNED_CONTENT_DIFFERS, not CERT_MODE_MIXUP, when the configured key opens the signature", () => {
    const good = signed({ ...NOTIFICATION, alipay_cert_sn: certSn });
    expect(diagnose(form({ ...good, total_amount: "0.01" })).cause).toBe("SIGNED_CONTENT_DIFFERS");
  });

  it("CERT_SN_NOT_SIGNED: alipay_cert_sn outside what Alipay's key signed", () => {
    const d = diagnose(form({ ...signed(NOTIFICATION), alipay_cert_sn: certSn }), { mode: "cert" });
    expect(d.cause).toBe("CERT_SN_NOT_SIGNED");
    expect(verifiedBy(d)).toEqual(["ALIPAY_CERT_SN_EXCLUDED"]);
  });
});

describe("diagnoseSignature: the sign and sign_type fields", () => {
  it("SIGNATURE_MISSING", () => {
    const { sign: _sign, ...unsigned } = signed(NOTIFICATION);
    expect(diagnose(form(unsigned)).cause).toBe("SIGNATURE_MISSING");
    expect(diagnose(form({ ...unsigned, sign: "" })).cause).toBe("SIGNATURE_MISSING");
  });

  it("SIGNATURE_MALFORMED: not base64, or cut short", () => {
    const good = signed(NOTIFICATION);
    expect(diagnose(form({ ...good, sign: "not base64!" })).cause).toBe("SIGNATURE_MALFORMED");
    const cut = diagnose(form({ ...good, sign: good.sign!.slice(0, -4) }));
    expect(cut.cause).toBe("SIGNATURE_MALFORMED");
    expect(cut.signatureOpened).toBeUndefined();
  });

  it("UNSUPPORTED_SIGN_TYPE: sign_type RSA, and the signature is indeed SHA1withRSA", () => {
    const d = diagnose(form(signed(NOTIFICATION, { algorithm: "RSA", signType: "RSA" })));
    expect(d.cause).toBe("UNSUPPORTED_SIGN_TYPE");
    expect(d.tried).toEqual([
      { hypothesis: "AS_RECEIVED", verified: false },
      { hypothesis: "LEGACY_RSA_SHA1", verified: true },
    ]);
    expect(diagnose(form(signed(NOTIFICATION, { signType: "MD5" }))).cause).toBe("UNSUPPORTED_SIGN_TYPE");
  });

  it("UNSUPPORTED_SIGN_TYPE: says RSA2, but the opened signature holds a SHA-1 digest that verifies", () => {
    const d = diagnose(form(signed(NOTIFICATION, { algorithm: "RSA" })));
    expect(d.cause).toBe("UNSUPPORTED_SIGN_TYPE");
    expect(d.signatureOpened?.digestAlgorithm).toBe("SHA-1");
    expect(verifiedBy(d)).toEqual(["LEGACY_RSA_SHA1"]);
  });
});

describe("diagnoseSignature: third-party vectors (../shared/vectors)", () => {
  const y = readVector<{ alipay_public_key_pem: string; notify_params_decoded: Dict }>("yansongda-2022-sandbox.json");
  const yKey = loadPublicKey(y.alipay_public_key_pem);
  const real = (rawBody: Buffer, alipayPublicKey: KeyObject) => diagnoseSignature({ rawBody, alipayPublicKey });

  it("the real sandbox notification verifies as received", () => {
    expect(real(form(y.notify_params_decoded), yKey)).toMatchObject({ cause: "VERIFIES_NOW", tried: [{ hypothesis: "AS_RECEIVED", verified: true }] });
  });

  it("with total_amount changed, Alipay's key still opens it: SIGNED_CONTENT_DIFFERS", () => {
    const d = real(form({ ...y.notify_params_decoded, total_amount: "0.02" }), yKey);
    expect(d.cause).toBe("SIGNED_CONTENT_DIFFERS");
    expect(d.signatureOpened?.signedDigest).toBe(sha256(notifySignContentV1(y.notify_params_decoded)));
  });

  it("forwarded decoded, its subject's + read as a space: DECODED_TWICE", () => {
    expect(y.notify_params_decoded.subject).toContain("+");
    expect(real(forwardedDecoded(y.notify_params_decoded), yKey).cause).toBe("DECODED_TWICE");
  });

  it("the service-market message verifies only by rule V2: SIGN_TYPE_IN_SIGNED_STRING", () => {
    const s = readVector<{ alipay_public_key_pem: string; params: Dict }>("node-sdk-notify-servicemarket.json");
    expect(real(form(s.params), loadPublicKey(s.alipay_public_key_pem)).cause).toBe("SIGN_TYPE_IN_SIGNED_STRING");
  });

  it("the notification signed by another app's key: NOT_SIGNED_BY_ALIPAY_KEY", () => {
    const n = readVector<{ alipay_public_key_base64: string; params_as_form_values: Dict }>("node-sdk-notify-negative.json");
    const d = real(form(n.params_as_form_values), loadPublicKey(n.alipay_public_key_base64));
    expect(d.cause).toBe("NOT_SIGNED_BY_ALIPAY_KEY");
    expect(d.signatureOpened?.wellFormed).toBe(false);
  });
});
