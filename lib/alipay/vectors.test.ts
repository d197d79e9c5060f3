// The protocol code against every third-party vector in ../shared/vectors: the only proof that we
// agree with Alipay and not just with ourselves. Each positive case has a negative twin.
import { readdirSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { certSn, rootCertSn } from "./cert";
import { loadPrivateKey, loadPublicKey, publicKeyToBase64 } from "./keys";
import { verifyNotifySignature } from "./notify";
import { decodeForm, encodeForm } from "./form";
import { extractResponseNode, verifyResponse } from "./response";
import { signText, verifyText } from "./sign";
import { buildSignContent, notifySignContentV1, notifySignContentV2, requestSignContent } from "./sign-content";
import { readVector, VECTORS_DIR } from "./testing/vectors";

type Dict = Record<string, string>;

function tamper(params: Dict, key: string): Dict {
  const value = params[key]!;
  return { ...params, [key]: value.slice(0, -1) + (value.endsWith("1") ? "2" : "1") };
}

describe("vectors directory", () => {
  it("holds every file these tests cover", () => {
    const covered = [
      "gopay-sync-response.json",
      "node-sdk-cert-sn.json",
      "node-sdk-key-formats.json",
      "node-sdk-notify-negative.json",
      "node-sdk-notify-servicemarket.json",
      "node-sdk-responses.json",
      "omnipay-signer-rsa-sha1.json",
      "yansongda-2022-sandbox.json",
      "yansongda-cert-sn.json",
      "yansongda-request-sign-pkcs1-raw.json",
    ];
    const present = readdirSync(VECTORS_DIR).filter((name) => name.endsWith(".json"));
    expect(present.sort()).toEqual(covered.sort());
  });
});

describe("request signing (§1.3)", () => {
  it("reproduces yansongda's cert-mode query signature with a bare PKCS#1 key", () => {
    const v = readVector<{ app_private_key_base64_pkcs1: string; params: Dict; expected_sign: string }>(
      "yansongda-request-sign-pkcs1-raw.json",
    );
    const key = loadPrivateKey(v.app_private_key_base64_pkcs1);
    expect(signText(requestSignContent(v.params), key)).toBe(v.expected_sign);
    expect(requestSignContent(v.params)).toContain("sign_type=RSA2");
  });

  it("fails without sign_type in the string, or with URL-encoded values", () => {
    const v = readVector<{ app_private_key_base64_pkcs1: string; params: Dict; expected_sign: string }>(
      "yansongda-request-sign-pkcs1-raw.json",
    );
    const key = loadPrivateKey(v.app_private_key_base64_pkcs1);
    expect(signText(buildSignContent(v.params, ["sign", "sign_type"]), key)).not.toBe(v.expected_sign);
    const encoded = Object.fromEntries(Object.entries(v.params).map(([k, value]) => [k, encodeURIComponent(value)]));
    expect(signText(requestSignContent(encoded), key)).not.toBe(v.expected_sign);
  });

  it("reproduces yansongda's 2022 sandbox signature with a bare PKCS#8 key", () => {
    const v = readVector<{ app_private_key_base64_pkcs8: string; request_params: Dict; request_expected_sign: string }>(
      "yansongda-2022-sandbox.json",
    );
    const key = loadPrivateKey(v.app_private_key_base64_pkcs8);
    expect(signText(requestSignContent(v.request_params), key)).toBe(v.request_expected_sign);
    expect(signText(requestSignContent(tamper(v.request_params, "timestamp")), key)).not.toBe(v.request_expected_sign);
  });

  it("drops empty values and reproduces omnipay's legacy RSA (SHA1) signature", () => {
    const v = readVector<{
      app_private_key_pem: string;
      params_after_php_filtering: Dict;
      expected_string_to_sign: string;
      expected_sign: string;
    }>("omnipay-signer-rsa-sha1.json");
    const withEmpty = { ...v.params_after_php_filtering, dd: "", eee: null, sign: "ignored" };
    const content = requestSignContent(withEmpty);
    expect(content).toBe(v.expected_string_to_sign);
    expect(signText(content, loadPrivateKey(v.app_private_key_pem), "RSA")).toBe(v.expected_sign);
    expect(signText(content, loadPrivateKey(v.app_private_key_pem), "RSA2")).not.toBe(v.expected_sign);
  });
});

describe("key formats (§1.4)", () => {
  const v = readVector<{ private_keys: Dict; public_keys: Dict }>("node-sdk-key-formats.json");
  const content = "app_id=2021000000000000&method=alipay.trade.query&sign_type=RSA2";

  it("loads all four private encodings to the identical signature", () => {
    const signatures = Object.values(v.private_keys).map((text) => signText(content, loadPrivateKey(text)));
    expect(signatures).toHaveLength(4);
    expect(new Set(signatures).size).toBe(1);
  });

  it("verifies with both public encodings, and not after one changed byte", () => {
    const sign = signText(content, loadPrivateKey(v.private_keys.pkcs1_pem!));
    for (const text of Object.values(v.public_keys)) {
      const key = loadPublicKey(text);
      expect(verifyText(content, sign, key)).toBe(true);
      expect(verifyText(content.replace("query", "qUery"), sign, key)).toBe(false);
    }
    expect(publicKeyToBase64(loadPublicKey(v.public_keys.spki_pem!))).toBe(v.public_keys.spki_bare_base64);
  });

  it("refuses a public key where a private one is expected, and garbage", () => {
    expect(() => loadPrivateKey(v.public_keys.spki_pem!)).toThrow(/private key/);
    expect(() => loadPrivateKey("not a key at all")).toThrow();
    expect(() => loadPublicKey(v.private_keys.pkcs8_pem!)).toThrow(/public key/);
  });
});

describe("response signatures (§2.2)", () => {
  type ResponseCase = { name: string; method: string; alipay_public_key_pem: string; raw_body: string };
  const { cases } = readVector<{ cases: ResponseCase[] }>("node-sdk-responses.json");
  const verifiable = [cases[0]!, cases[4]!];

  it.each(verifiable.map((c) => [c.name, c] as const))("verifies %s from the raw node text", (_name, c) => {
    const result = verifyResponse(c.raw_body, c.method, loadPublicKey(c.alipay_public_key_pem));
    expect(result.verdict).toBe("VALID");
    expect(c.raw_body).toContain(result.signContent);
  });

  it.each(verifiable.map((c) => [c.name, c] as const))("rejects %s once re-serialised or altered", (_name, c) => {
    const key = loadPublicKey(c.alipay_public_key_pem);
    const extracted = extractResponseNode(c.raw_body, c.method);
    const reserialised = c.raw_body.replace(extracted.content, JSON.stringify(JSON.parse(extracted.content)).replace('"', ' "'));
    expect(verifyResponse(reserialised, c.method, key).verdict).toBe("INVALID");
    const altered = c.raw_body.replace('"msg":"', '"msg":"x');
    expect(verifyResponse(altered, c.method, key).verdict).toBe("INVALID");
  });

  it("extracts the node of every shape example, leaving out sign and alipay_cert_sn", () => {
    for (const c of cases) {
      const extracted = extractResponseNode(c.raw_body, c.method);
      expect(extracted.content.startsWith("{")).toBe(true);
      expect(extracted.content).not.toContain('"sign"');
      expect(extracted.content).not.toContain("alipay_cert_sn");
      expect(JSON.parse(extracted.content).code).toBeDefined();
    }
    const certMode = verifyResponse(cases[3]!.raw_body, cases[3]!.method, loadPublicKey(cases[3]!.alipay_public_key_pem));
    expect(certMode.alipayCertSn).toBe("4538e7d736df316c15435d5f9d3a8a1f");
  });

  it("verifies gopay's query response with fund_bill_list as a JSON array", () => {
    const v = readVector<{ alipay_public_key_base64: string; sign_content: string; sign: string }>("gopay-sync-response.json");
    const key = loadPublicKey(v.alipay_public_key_base64);
    const raw = `{"alipay_trade_query_response":${v.sign_content},"sign":"${v.sign}"}`;
    expect(verifyResponse(raw, "alipay.trade.query", key).verdict).toBe("VALID");
    expect(verifyText(v.sign_content.replace("0.01", "0.02"), v.sign, key)).toBe(false);
  });

  it("refuses a body that repeats the response node", () => {
    const c = cases[0]!;
    const injected = c.raw_body.replace(/}$/, `,"x":{"${c.method.replace(/\./g, "_")}_response":{}}}`);
    expect(() => extractResponseNode(injected, c.method)).toThrow(/more than once/);
  });
});

describe("notification signatures (§4.4)", () => {
  const v = readVector<{ alipay_public_key_pem: string; notify_params_decoded: Dict }>("yansongda-2022-sandbox.json");
  const key = loadPublicKey(v.alipay_public_key_pem);

  it("verifies the real sandbox notification by rule V1, values decoded once", () => {
    expect(verifyNotifySignature(v.notify_params_decoded, key).verdict).toBe("VALID");
    const body = encodeForm(v.notify_params_decoded);
    expect(body).toContain("yansongda%2B");
    expect(verifyNotifySignature(decodeForm(body).params, key).verdict).toBe("VALID");
  });

  it("fails after a second decode (+ → space), by rule V2, and with one byte changed", () => {
    const decodedTwice = { ...v.notify_params_decoded, subject: v.notify_params_decoded.subject!.replace("+", " ") };
    expect(verifyNotifySignature(decodedTwice, key).verdict).toBe("INVALID");
    expect(verifyText(notifySignContentV2(v.notify_params_decoded), v.notify_params_decoded.sign!, key)).toBe(false);
    expect(verifyNotifySignature(tamper(v.notify_params_decoded, "total_amount"), key).verdict).toBe("INVALID");
  });

  it("reports a missing signature and an unsupported sign_type as such", () => {
    const { sign: _sign, ...unsigned } = v.notify_params_decoded;
    expect(verifyNotifySignature(unsigned, key).verdict).toBe("MISSING");
    expect(verifyNotifySignature({ ...v.notify_params_decoded, sign_type: "RSA" }, key).verdict).toBe("UNSUPPORTED_SIGN_TYPE");
    expect(verifyNotifySignature({ ...v.notify_params_decoded, sign: "%%%" }, key).verdict).toBe("MALFORMED");
  });

  it("rejects a notification signed by another key, by both rules", () => {
    const n = readVector<{ alipay_public_key_base64: string; params_as_form_values: Dict }>("node-sdk-notify-negative.json");
    const otherKey = loadPublicKey(n.alipay_public_key_base64);
    expect(verifyNotifySignature(n.params_as_form_values, otherKey).verdict).toBe("INVALID");
    expect(verifyText(notifySignContentV2(n.params_as_form_values), n.params_as_form_values.sign!, otherKey)).toBe(false);
  });

  it("keeps V1 and V2 apart: the service-market message verifies only by V2", () => {
    const s = readVector<{ alipay_public_key_pem: string; params: Dict }>("node-sdk-notify-servicemarket.json");
    const smKey = loadPublicKey(s.alipay_public_key_pem);
    expect(verifyText(notifySignContentV2(s.params), s.params.sign!, smKey)).toBe(true);
    expect(verifyText(notifySignContentV1(s.params), s.params.sign!, smKey)).toBe(false);
    expect(verifyNotifySignature(s.params, smKey).verdict).toBe("INVALID");
  });
});

describe("certificate serial numbers (§5)", () => {
  type CertCase = { name: string; is_root: boolean; cert_pem: string; expected_sn: string; expected_public_key_base64?: string };
  const cases = [
    ...readVector<{ cases: CertCase[] }>("node-sdk-cert-sn.json").cases,
    ...readVector<{ cases: CertCase[] }>("yansongda-cert-sn.json").cases,
  ];

  it.each(cases.map((c) => [c.name, c] as const))("computes the SN of %s", (_name, c) => {
    expect(c.is_root ? rootCertSn(c.cert_pem) : certSn(c.cert_pem)).toBe(c.expected_sn);
    if (c.expected_public_key_base64) {
      expect(publicKeyToBase64(new X509Certificate(c.cert_pem).publicKey)).toBe(c.expected_public_key_base64);
      expect(publicKeyToBase64(loadPublicKey(c.cert_pem))).toBe(c.expected_public_key_base64);
    }
  });

  it("skips the ECC roots of the bundle", () => {
    const root = cases.find((c) => c.is_root)!;
    expect(root.cert_pem.match(/BEGIN CERTIFICATE/g)!.length).toBeGreaterThan(2);
    expect(rootCertSn(root.cert_pem).split("_")).toHaveLength(2);
  });
});
