// Certificate mode (公钥证书模式, alipay-protocol.md §5): the three certificates the open platform hands
// out, read once into what the protocol needs — the two SNs every request carries, the SN responses must
// name, and Alipay's verify key, which in this mode is the key inside Alipay's certificate.
import { X509Certificate, type KeyObject } from "node:crypto";
import { certSn, rootCertSn, splitPemBundle } from "./cert";

export type CertModeInput = {
  /** appCertPublicKey_<appid>.crt: our app's public-key certificate. */
  appCert: string;
  /** alipayCertPublicKey_RSA2.crt: the certificate of the key Alipay signs with. */
  alipayCert: string;
  /** alipayRootCert.crt: the bundle of Alipay's roots. */
  rootCert: string;
};

export type CertMode = {
  appCertPem: string;
  alipayCertPem: string;
  rootCertPem: string;
  appCertSn: string;
  alipayCertSn: string;
  alipayRootCertSn: string;
  /** The key inside the app certificate: must be the public half of the app private key. */
  appPublicKey: KeyObject;
  /** The key inside Alipay's certificate: verifies responses and notifications (§5 "Verify key"). */
  alipayPublicKey: KeyObject;
};

/** Which of the three inputs is unusable, and why (never quoting the input). */
export class CertModeError extends Error {
  override name = "CertModeError";
  constructor(
    readonly part: keyof CertModeInput,
    message: string,
  ) {
    super(message);
  }
}

function singleCert(part: keyof CertModeInput, text: string): { pem: string; x509: X509Certificate } {
  if (/PRIVATE KEY-----/.test(text)) throw new CertModeError(part, "holds a private key: give the certificate (.crt) instead");
  const pems = splitPemBundle(text);
  if (pems.length !== 1) throw new CertModeError(part, `must hold exactly one PEM certificate, found ${pems.length}`);
  try {
    return { pem: pems[0]!, x509: new X509Certificate(pems[0]!) };
  } catch {
    throw new CertModeError(part, "is not a readable X.509 certificate");
  }
}

function rsaKey(part: keyof CertModeInput, x509: X509Certificate): KeyObject {
  const key = x509.publicKey;
  if (key.asymmetricKeyType !== "rsa") throw new CertModeError(part, `holds a ${key.asymmetricKeyType} key; RSA2 needs an RSA key`);
  return key;
}

/** Reads the three certificates and computes `app_cert_sn`, `alipay_cert_sn`, `alipay_root_cert_sn` (§5). */
export function loadCertMode(input: CertModeInput): CertMode {
  const app = singleCert("appCert", input.appCert);
  const alipay = singleCert("alipayCert", input.alipayCert);
  if (/PRIVATE KEY-----/.test(input.rootCert)) throw new CertModeError("rootCert", "holds a private key: give alipayRootCert.crt instead");
  const alipayRootCertSn = rootCertSn(input.rootCert);
  // An empty root SN would be sent as no parameter at all (§1.3 step 2) and refused by the gateway.
  if (alipayRootCertSn === "") throw new CertModeError("rootCert", "holds no sha1/sha256-with-RSA root certificate");
  return {
    appCertPem: app.pem,
    alipayCertPem: alipay.pem,
    rootCertPem: input.rootCert,
    appCertSn: certSn(app.x509),
    alipayCertSn: certSn(alipay.x509),
    alipayRootCertSn,
    appPublicKey: rsaKey("appCert", app.x509),
    alipayPublicKey: rsaKey("alipayCert", alipay.x509),
  };
}
