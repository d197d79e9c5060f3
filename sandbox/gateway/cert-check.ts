// The front door's certificate-mode check (alipay-protocol.md §5): a request must name our app
// certificate and Alipay's root bundle by their SNs before its signature is looked at, since the
// gateway picks the verify key by app_cert_sn. Sub-codes as Alipay answers them: isv.app-cert-not-exist
// (alipay-sdk-nodejs-all#56), isv.invalid-alipay-root-cert-sn (yansongda/pay#334); the two missing-*
// codes are from the open platform's common error list, not seen on the wire by us.
import { subCodeMessage } from "@/lib/alipay/codes";
import type { SandboxCerts } from "../certs";

export type CertSnProblem = { code: "40001" | "40002"; subCode: string; subMsg: string };

export function checkCertSns(params: Record<string, string>, certs: SandboxCerts): CertSnProblem | null {
  if (!params.app_cert_sn) return { code: "40001", subCode: "isv.missing-app-cert-sn", subMsg: subCodeMessage("isv.missing-app-cert-sn") };
  if (!params.alipay_root_cert_sn) return { code: "40001", subCode: "isv.missing-alipay-root-cert-sn", subMsg: subCodeMessage("isv.missing-alipay-root-cert-sn") };
  if (params.app_cert_sn !== certs.appCertSn) return { code: "40002", subCode: "isv.app-cert-not-exist", subMsg: subCodeMessage("isv.app-cert-not-exist") };
  if (params.alipay_root_cert_sn !== certs.alipayRootCertSn) return { code: "40002", subCode: "isv.invalid-alipay-root-cert-sn", subMsg: subCodeMessage("isv.invalid-alipay-root-cert-sn") };
  return null;
}
