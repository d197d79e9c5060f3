// Certificate mode of the sandbox (SANDBOX_CERT_MODE=1; alipay-protocol.md §5): its own TEST root CA
// (RSA, sha256WithRSA), an "Alipay" certificate for the key it signs with and an app certificate for
// the merchant's key, written beside the TEST keys in the gitignored data directory. node:crypto reads
// certificates but cannot issue them; node-forge (a devDependency: only the sandbox issues) does.
import { createHash, randomBytes, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import forge from "node-forge";
import { certSn, rootCertSn } from "@/lib/alipay/cert";
import { publicKeyFingerprint } from "@/lib/alipay/keys";

export type SandboxCerts = {
  rootCertPem: string;
  alipayCertPem: string;
  appCertPem: string;
  alipayRootCertSn: string;
  alipayCertSn: string;
  appCertSn: string;
};

type Name = forge.pki.CertificateField[];
const ROOT_NAME: Name = [
  { shortName: "C", value: "CN" },
  { shortName: "O", value: "Local Alipay Sandbox" },
  { shortName: "OU", value: "TEST KEYS ONLY" },
  { shortName: "CN", value: "Local Alipay Sandbox Test Root CA" },
];
const leafName = (cn: string): Name => [{ shortName: "C", value: "CN" }, { shortName: "O", value: "Local Alipay Sandbox" }, { shortName: "OU", value: "TEST KEYS ONLY" }, { shortName: "CN", value: cn }];
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Issues one certificate for `subjectKey`, signed sha256WithRSA by `issuerKey`. */
function issue(subject: Name, subjectKey: KeyObject, issuerKey: KeyObject, ca: boolean): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(subjectKey.export({ format: "pem", type: "spki" }) as string);
  // A positive serial, unique per issue: a rotated certificate differs in SN even for the same name.
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * YEAR_MS);
  cert.setSubject(subject);
  cert.setIssuer(ROOT_NAME);
  cert.setExtensions(ca ? [{ name: "basicConstraints", cA: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true }] : [{ name: "basicConstraints", cA: false }, { name: "keyUsage", digitalSignature: true }]);
  cert.sign(forge.pki.privateKeyFromPem(issuerKey.export({ format: "pem", type: "pkcs1" }) as string), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Reuses a stored certificate only while it still certifies the key in use (a key given or rotated gets a new one). */
function readOrIssue(file: string, key: KeyObject, make: () => string): string {
  if (existsSync(file)) {
    const pem = readFileSync(file, "utf8");
    if (publicKeyFingerprint(new X509Certificate(pem).publicKey) === publicKeyFingerprint(key)) return pem;
  }
  const pem = make();
  writeFileSync(file, pem);
  return pem;
}

export type CertKeys = { rootPrivateKey: KeyObject; rootPublicKey: KeyObject; alipayPublicKey: KeyObject; appPublicKey: KeyObject };

/** The three certificates and their SNs, issued on first use or after a key changed. */
export function loadSandboxCerts(dir: string, keys: CertKeys, appId: string, options: { reissueAlipay?: boolean } = {}): SandboxCerts {
  const rootFile = path.join(dir, "root-ca.test-cert.pem");
  const alipayFile = path.join(dir, "alipay.test-cert.pem");
  const rootCertPem = readOrIssue(rootFile, keys.rootPublicKey, () => issue(ROOT_NAME, keys.rootPublicKey, keys.rootPrivateKey, true));
  if (options.reissueAlipay) writeFileSync(alipayFile, issue(leafName("Local Alipay Sandbox (TEST)"), keys.alipayPublicKey, keys.rootPrivateKey, false));
  const alipayCertPem = readOrIssue(alipayFile, keys.alipayPublicKey, () => issue(leafName("Local Alipay Sandbox (TEST)"), keys.alipayPublicKey, keys.rootPrivateKey, false));
  const appCertPem = readOrIssue(path.join(dir, "app.test-cert.pem"), keys.appPublicKey, () => issue(leafName(appId), keys.appPublicKey, keys.rootPrivateKey, false));
  return { rootCertPem, alipayCertPem, appCertPem, alipayRootCertSn: rootCertSn(rootCertPem), alipayCertSn: certSn(alipayCertPem), appCertSn: certSn(appCertPem) };
}

/** Public, safe to show: the certificates (no private key) and their SNs, for /api/config. */
export function describeCerts(certs: SandboxCerts) {
  return {
    app_cert: certs.appCertPem,
    alipay_cert: certs.alipayCertPem,
    alipay_root_cert: certs.rootCertPem,
    app_cert_sn: certs.appCertSn,
    alipay_cert_sn: certs.alipayCertSn,
    alipay_root_cert_sn: certs.alipayRootCertSn,
    root_fingerprint: createHash("sha256").update(new X509Certificate(certs.rootCertPem).raw).digest("hex"),
  };
}
