// The gateway client in certificate mode (alipay-protocol.md §5) against the local Alipay in
// certificate mode, over real HTTP: every method the console uses round-trips with the cert SNs sent
// and signed; a wrong certificate is refused by the gateway; a rotated Alipay certificate is refused by us.
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, uniqueOutTradeNo, type TestSandbox } from "@/sandbox/testing/harness";
import { loadCertMode, type CertMode } from "./cert-mode";
import { createGatewayClient, type GatewayClient } from "./gateway-client";
import { loadPrivateKey } from "./keys";
import { requestSignContent } from "./sign-content";

let sandbox: TestSandbox;
let cert: CertMode;
let client: GatewayClient;

function clientWith(mode: CertMode): GatewayClient {
  return createGatewayClient({
    appId: sandbox.ctx.config.appId,
    appPrivateKey: loadPrivateKey(sandbox.appPrivateKeyPem),
    alipayPublicKey: mode.alipayPublicKey,
    gatewayUrl: `${sandbox.url}/gateway.do`,
    timeoutMs: 3000,
    cert: mode,
  });
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ SANDBOX_CERT_MODE: "1" });
  const { json } = await sandbox.api<{ cert_mode: { app_cert: string; alipay_cert: string; alipay_root_cert: string } }>("GET", "/api/config");
  cert = loadCertMode({ appCert: json.cert_mode.app_cert, alipayCert: json.cert_mode.alipay_cert, rootCert: json.cert_mode.alipay_root_cert });
  client = clientWith(cert);
});
afterAll(() => sandbox.stop());

describe("createGatewayClient in certificate mode", () => {
  it("round-trips precreate, query, refund, refund query, close and the bill URL", async () => {
    const outTradeNo = uniqueOutTradeNo("K");
    const precreate = await client.call("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "8.00", subject: "s" });
    expect(precreate).toMatchObject({ outcome: "SUCCESS", verdict: "VALID", certRotation: null });
    const query = new URL(precreate.attempts[0]!.url).searchParams;
    expect([query.get("app_cert_sn"), query.get("alipay_root_cert_sn")]).toEqual([cert.appCertSn, cert.alipayRootCertSn]);
    // The SNs are inside the string the gateway verified (§1.3 step 1), and the answer names Alipay's cert.
    const sent = Object.fromEntries([...query, ...new URLSearchParams(precreate.attempts[0]!.requestBody)]);
    expect(requestSignContent(sent)).toContain(`alipay_root_cert_sn=${cert.alipayRootCertSn}&app_cert_sn=${cert.appCertSn}&`);
    expect(precreate.attempts[0]!.responseBody!.toString()).toContain(`"alipay_cert_sn":"${cert.alipayCertSn}","sign":"`);

    const { status } = await sandbox.api("POST", "/api/buyer/pay", { qr_code: precreate.node!.qr_code });
    expect(status).toBe(200);
    const paid = await client.call("alipay.trade.query", { out_trade_no: outTradeNo });
    expect(paid).toMatchObject({ outcome: "SUCCESS", node: { trade_status: "TRADE_SUCCESS" } });
    const refund = await client.call("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "8.00", out_request_no: "R1" });
    expect(refund).toMatchObject({ outcome: "SUCCESS", node: { fund_change: "Y", refund_fee: "8.00" } });
    const refundQuery = await client.call("alipay.trade.fastpay.refund.query", { out_trade_no: outTradeNo, out_request_no: "R1" });
    expect(refundQuery).toMatchObject({ outcome: "SUCCESS", node: { refund_status: "REFUND_SUCCESS" } });

    const unpaid = uniqueOutTradeNo("K");
    await client.call("alipay.trade.precreate", { out_trade_no: unpaid, total_amount: "1.00", subject: "s" });
    await sandbox.api("POST", "/api/buyer/scan", { out_trade_no: unpaid });
    const close = await client.call("alipay.trade.close", { out_trade_no: unpaid });
    expect(close).toMatchObject({ outcome: "SUCCESS", verdict: "VALID" });

    const bill = await client.call("alipay.data.dataservice.bill.downloadurl.query", { bill_type: "trade", bill_date: "2024-01-02" });
    expect(bill).toMatchObject({ outcome: "SUCCESS", verdict: "VALID" });
    expect(String(bill.node!.bill_download_url)).toContain("/bill/download?");
  });

  it("is refused by the gateway with another app certificate, as Alipay answers (isv.app-cert-not-exist)", async () => {
    const other = await startTestSandbox({ SANDBOX_CERT_MODE: "1" });
    try {
      const { json } = await other.api<{ cert_mode: { app_cert: string } }>("GET", "/api/config");
      const wrong = { ...cert, appCertPem: json.cert_mode.app_cert, appCertSn: loadCertMode({ appCert: json.cert_mode.app_cert, alipayCert: cert.alipayCertPem, rootCert: cert.rootCertPem }).appCertSn };
      const call = await clientWith(wrong).call("alipay.trade.query", { out_trade_no: "X" });
      expect(call).toMatchObject({ outcome: "BUSINESS_ERROR", code: "40002", subCode: "isv.app-cert-not-exist", verdict: "VALID" });
    } finally {
      await other.stop();
    }
  });

  it("will not start when alipay-sdk's SNs disagree with §5: a sha512WithRSA root counts for the SDK, not for the rule", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const root = forge.pki.createCertificate();
    root.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ format: "pem", type: "spki" }) as string);
    root.serialNumber = "0a";
    root.validity.notAfter = new Date(Date.now() + 86_400_000);
    root.setSubject([{ shortName: "CN", value: "sha512 root" }]);
    root.setIssuer([{ shortName: "CN", value: "sha512 root" }]);
    root.sign(forge.pki.privateKeyFromPem(privateKey.export({ format: "pem", type: "pkcs1" }) as string), forge.md.sha512.create());
    const bundle = `${cert.rootCertPem.trim()}\n${forge.pki.certificateToPem(root)}`;
    expect(() => clientWith(loadCertMode({ appCert: cert.appCertPem, alipayCert: cert.alipayCertPem, rootCert: bundle }))).toThrow(/alipay-sdk computed .* §5 gives/);
  });

  it("refuses every answer once Alipay's certificate is rotated, naming both SNs", async () => {
    const { json } = await sandbox.api<{ cert_mode: { alipay_cert_sn: string } }>("POST", "/api/cert/rotate");
    expect(json.cert_mode.alipay_cert_sn).not.toBe(cert.alipayCertSn);
    const call = await client.call("alipay.trade.query", { out_trade_no: "X" });
    expect(call).toMatchObject({ outcome: "FORGED", node: null, certRotation: { kind: "ALIPAY_CERT_ROTATED", receivedSn: json.cert_mode.alipay_cert_sn, loadedSn: cert.alipayCertSn } });
    expect(call.error).toBe(`Alipay's certificate changed: SN ${json.cert_mode.alipay_cert_sn}, loaded ${cert.alipayCertSn}; download the new certificate (alipayCertPublicKey_RSA2.crt) and configure it as ALIPAY_CERT`);
  });
});
