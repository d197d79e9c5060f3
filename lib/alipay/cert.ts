// Certificate serial numbers for certificate mode (alipay-protocol.md §5): MD5 of the issuer DN in
// RFC 2253 order followed by the serial number in decimal; the root SN joins the SNs of the RSA roots.
import { createHash, X509Certificate } from "node:crypto";

const RSA_SIGNATURE_OIDS = new Set(["1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11"]); // sha1WithRSA, sha256WithRSA

type Tlv = { tag: number; start: number; end: number; next: number };

function readTlv(der: Buffer, offset: number): Tlv {
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  if (start + length > der.length) throw new Error("truncated DER");
  return { tag, start, end: start + length, next: start + length };
}

function decodeOid(bytes: Buffer): string {
  const first = bytes[0]!;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

/** The OID of the certificate's outer `signatureAlgorithm`. */
export function certSignatureAlgorithmOid(cert: X509Certificate): string {
  const der = cert.raw;
  const certificate = readTlv(der, 0);
  const tbs = readTlv(der, certificate.start);
  const algorithm = readTlv(der, tbs.next);
  const oid = readTlv(der, algorithm.start);
  if (oid.tag !== 0x06) throw new Error("signatureAlgorithm has no OID");
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** The SN of one certificate: md5(issuer RFC 2253 + serial in decimal), lowercase hex. */
export function certSn(cert: X509Certificate | string): string {
  const x509 = typeof cert === "string" ? new X509Certificate(cert) : cert;
  const issuer = x509.issuer.split("\n").reverse().join(",");
  const serial = BigInt(`0x${x509.serialNumber}`).toString(10);
  return createHash("md5").update(issuer + serial, "utf8").digest("hex");
}

/** Splits a PEM bundle into its certificates. */
export function splitPemBundle(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** The root SN: SNs of the bundle's sha1/sha256-with-RSA certificates joined by `_` (ECC/SM2 roots skipped). */
export function rootCertSn(bundle: string): string {
  return splitPemBundle(bundle)
    .flatMap((pem) => {
      let x509: X509Certificate;
      try {
        x509 = new X509Certificate(pem);
      } catch {
        return [];
      }
      return RSA_SIGNATURE_OIDS.has(certSignatureAlgorithmOid(x509)) ? [certSn(x509)] : [];
    })
    .join("_");
}
