// Alipay names, in every signed response of certificate mode, the SN of the certificate that signed it
// (`alipay_cert_sn`, alipay-protocol.md §5). Another SN than the loaded one means Alipay rotated its
// certificate: the new key is not trusted silently (PHP would download it, we don't) — the call is
// refused and an operator is alerted to download and configure the new certificate.

/** A rotation detected on a response: what to refuse, record and alert on. */
export type CertRotation = {
  kind: "ALIPAY_CERT_ROTATED";
  /** The SN the response named. */
  receivedSn: string;
  /** The SN of the Alipay certificate we have configured. */
  loadedSn: string;
  message: string;
};

const SN_PATTERN = /^[0-9a-f]{32}$/;

/**
 * Compares a response's `alipay_cert_sn` with the loaded certificate's SN (§5). A response without
 * the field (an unsigned error of an unknown app) names no certificate and is no rotation.
 */
export function detectCertRotation(receivedSn: string | null, loadedSn: string): CertRotation | null {
  if (receivedSn === null || receivedSn === loadedSn) return null;
  // The SN comes from the wire: show it only when it looks like one, so a log line cannot be stuffed.
  const shown = SN_PATTERN.test(receivedSn) ? receivedSn : "(malformed)";
  return {
    kind: "ALIPAY_CERT_ROTATED",
    receivedSn: shown,
    loadedSn,
    message: `Alipay's certificate changed: SN ${shown}, loaded ${loadedSn}; download the new certificate (alipayCertPublicKey_RSA2.crt) and configure it as ALIPAY_CERT`,
  };
}
