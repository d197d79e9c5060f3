// Certificate mode's loading and rotation check (alipay-protocol.md §5) against the third-party vectors.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CertModeError, loadCertMode } from "./cert-mode";
import { detectCertRotation } from "./cert-rotation";
import { publicKeyToBase64 } from "./keys";
import { verifyResponse } from "./response";
import { readVector } from "./testing/vectors";

type CertCase = { cert_pem: string; expected_sn: string; expected_public_key_base64?: string };
const node = readVector<{ cases: CertCase[] }>("node-sdk-cert-sn.json").cases;
const yansongda = readVector<{ cases: CertCase[] }>("yansongda-cert-sn.json").cases;
const responses = readVector<{ cases: Array<{ name: string; method: string; raw_body: string }> }>("node-sdk-responses.json").cases;

describe("loadCertMode", () => {
  it("gives the node SDK's app, Alipay and root SNs and the key inside Alipay's certificate", () => {
    const mode = loadCertMode({ appCert: node[0]!.cert_pem, alipayCert: node[1]!.cert_pem, rootCert: node[2]!.cert_pem });
    expect([mode.appCertSn, mode.alipayCertSn, mode.alipayRootCertSn]).toEqual(node.map((c) => c.expected_sn));
    expect(publicKeyToBase64(mode.alipayPublicKey)).toBe(node[1]!.expected_public_key_base64);
  });

  it("gives yansongda's app and root SNs (a CRLF root bundle)", () => {
    const mode = loadCertMode({ appCert: yansongda[0]!.cert_pem, alipayCert: node[1]!.cert_pem, rootCert: yansongda[1]!.cert_pem });
    expect([mode.appCertSn, mode.alipayRootCertSn]).toEqual(yansongda.map((c) => c.expected_sn));
  });

  it("names the unusable part and never quotes it", () => {
    const secret = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: "pkcs8" }) as string;
    const attempt = (input: Partial<Record<"appCert" | "alipayCert" | "rootCert", string>>) => {
      try {
        loadCertMode({ appCert: node[0]!.cert_pem, alipayCert: node[1]!.cert_pem, rootCert: node[2]!.cert_pem, ...input });
      } catch (error) {
        return error as CertModeError;
      }
      throw new Error("accepted");
    };
    expect(attempt({ alipayCert: secret })).toMatchObject({ part: "alipayCert", message: expect.stringMatching(/private key/) });
    expect(attempt({ alipayCert: secret }).message).not.toContain(secret.slice(40, 80));
    expect(attempt({ appCert: node[2]!.cert_pem })).toMatchObject({ part: "appCert", message: expect.stringMatching(/exactly one/) });
    expect(attempt({ rootCert: node[2]!.cert_pem.split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----" })).toMatchObject({ part: "rootCert" });
  });
});

describe("detectCertRotation", () => {
  it("flags another SN, and nothing for the same SN or none", () => {
    expect(detectCertRotation("7513daaaa48aa3ba2e4018d84402479c", "7513daaaa48aa3ba2e4018d84402479c")).toBeNull();
    expect(detectCertRotation(null, "7513daaaa48aa3ba2e4018d84402479c")).toBeNull();
    expect(detectCertRotation("0".repeat(32), "7513daaaa48aa3ba2e4018d84402479c")).toMatchObject({ receivedSn: "0".repeat(32), loadedSn: "7513daaaa48aa3ba2e4018d84402479c" });
    expect(detectCertRotation("x\n{\"event\":1}", "7513daaaa48aa3ba2e4018d84402479c")).toMatchObject({ receivedSn: "(malformed)" });
  });

  it("would refuse the node SDK's cert-mode mock, which names another SN than its fixture certificate's", () => {
    // An unverifiable shape example (vectors/README.md); the SDK's own test never compares the SNs
    // (§5: "The node SDK ignores the field"), we do, before the signature is looked at.
    const mock = responses.find((c) => c.name.includes("certificate mode"))!;
    const mode = loadCertMode({ appCert: node[0]!.cert_pem, alipayCert: node[1]!.cert_pem, rootCert: node[2]!.cert_pem });
    const read = verifyResponse(mock.raw_body, mock.method, mode.alipayPublicKey);
    expect(read.verdict).toBe("INVALID");
    expect(detectCertRotation(read.alipayCertSn, mode.alipayCertSn)).toMatchObject({ receivedSn: "4538e7d736df316c15435d5f9d3a8a1f", loadedSn: "7513daaaa48aa3ba2e4018d84402479c" });
  });
});
