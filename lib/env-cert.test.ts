// Certificate mode's configuration: PEM or file path, all three or none, and the cross-checks with the
// keys, each problem naming its variable without quoting a value.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSandboxCerts } from "@/sandbox/certs";
import { publicKeyToBase64 } from "./alipay/keys";
import { ConfigError, parseEnv } from "./env";

const pair = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
const [root, alipay, app] = [pair(), pair(), pair()];
const dir = mkdtempSync(path.join(tmpdir(), "env-cert-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const certs = loadSandboxCerts(dir, { rootPrivateKey: root.privateKey, rootPublicKey: root.publicKey, alipayPublicKey: alipay.publicKey, appPublicKey: app.publicKey }, "2021000000000001");
const appPrivatePem = app.privateKey.export({ format: "pem", type: "pkcs8" }) as string;
const base = { ALIPAY_APP_ID: "2021000000000001", ALIPAY_APP_PRIVATE_KEY: appPrivatePem };
const certVars = { ALIPAY_APP_CERT: certs.appCertPem, ALIPAY_CERT: certs.alipayCertPem, ALIPAY_ROOT_CERT: certs.rootCertPem };

function problemsOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join("\n");
    throw error;
  }
  return "";
}

describe("parseEnv in certificate mode", () => {
  it("takes the three certificates as PEM, with Alipay's key from its certificate and no ALIPAY_PUBLIC_KEY", () => {
    const env = parseEnv({ ...base, ...certVars });
    expect(env.certMode).toMatchObject({ appCertSn: certs.appCertSn, alipayCertSn: certs.alipayCertSn, alipayRootCertSn: certs.alipayRootCertSn });
    expect(publicKeyToBase64(env.alipayPublicKey)).toBe(publicKeyToBase64(alipay.publicKey));
    expect(parseEnv({ ...base, ...certVars, ALIPAY_PUBLIC_KEY: publicKeyToBase64(alipay.publicKey) }).certMode).not.toBeNull();
  });

  it("takes them as file paths too, and PEM with escaped newlines", () => {
    const files = Object.fromEntries(Object.entries(certVars).map(([name, pem]) => [name, path.join(dir, `${name}.crt`)]));
    for (const [name, pem] of Object.entries(certVars)) writeFileSync(files[name]!, pem);
    expect(parseEnv({ ...base, ...files }).certMode?.appCertSn).toBe(certs.appCertSn);
    expect(parseEnv({ ...base, ...certVars, ALIPAY_CERT: certs.alipayCertPem.replace(/\n/g, "\\n") }).certMode?.alipayCertSn).toBe(certs.alipayCertSn);
  });

  it("is public-key mode without them, and then needs ALIPAY_PUBLIC_KEY", () => {
    expect(parseEnv({ ...base, ALIPAY_PUBLIC_KEY: publicKeyToBase64(alipay.publicKey) }).certMode).toBeNull();
    expect(problemsOf(base)).toMatch(/ALIPAY_PUBLIC_KEY is required/);
  });

  it("refuses a partial configuration, naming what is missing", () => {
    expect(problemsOf({ ...base, ALIPAY_APP_CERT: certs.appCertPem, ALIPAY_CERT: certs.alipayCertPem })).toMatch(/together: ALIPAY_ROOT_CERT missing/);
  });

  it("names the variable of an unreadable value and never quotes it", () => {
    const pasted = problemsOf({ ...base, ...certVars, ALIPAY_APP_CERT: appPrivatePem });
    expect(pasted).toMatch(/ALIPAY_APP_CERT holds a private key/);
    expect(pasted).not.toContain(appPrivatePem.split("\n")[1]);
    const missing = problemsOf({ ...base, ...certVars, ALIPAY_ROOT_CERT: "/no/such/alipayRootCert.crt" });
    expect(missing).toMatch(/ALIPAY_ROOT_CERT is neither PEM text nor the path of an existing file/);
    expect(missing).not.toContain("/no/such");
  });

  it("refuses an app certificate for another key, and an ALIPAY_PUBLIC_KEY that is not the certificate's", () => {
    expect(problemsOf({ ...base, ...certVars, ALIPAY_APP_CERT: certs.alipayCertPem })).toMatch(/ALIPAY_APP_CERT certifies another key than ALIPAY_APP_PRIVATE_KEY/);
    expect(problemsOf({ ...base, ...certVars, ALIPAY_PUBLIC_KEY: publicKeyToBase64(root.publicKey) })).toMatch(/ALIPAY_PUBLIC_KEY is not the key inside ALIPAY_CERT/);
    expect(problemsOf({ ...base, ...certVars, ALIPAY_CERT: certs.appCertPem })).toMatch(/ALIPAY_CERT certifies your app's own key/);
  });
});
