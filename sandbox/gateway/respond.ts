// Writes gateway responses as Alipay does (alipay-protocol.md §2.1): the `<method>_response` node in
// Alipay's JSON style, then (certificate mode) `alipay_cert_sn`, then `sign` over the node's exact text.
import type { FormCharset } from "@/lib/alipay/form";
import { stringifyAlipayJson, type AlipayJsonValue } from "@/lib/alipay/alipay-json";
import { GATEWAY_CODES, subCodeMessage, type GatewayCode } from "@/lib/alipay/codes";
import type { SandboxContext } from "../context";

export type ResponseNode = Record<string, AlipayJsonValue | undefined>;

export type GatewayReply = { body: string; charset: FormCharset; code: string; subCode?: string };

export function successNode(fields: ResponseNode): ResponseNode {
  return { code: "10000", msg: "Success", ...fields };
}

export function errorNode(code: GatewayCode, subCode: string, subMsg?: string, fields: ResponseNode = {}): ResponseNode {
  return { code, msg: GATEWAY_CODES[code], sub_code: subCode, sub_msg: subMsg ?? subCodeMessage(subCode), ...fields };
}

/** Builds the body; `signed` is false only when the app is unknown and the gateway has no key to sign for it. */
export async function writeReply(
  ctx: SandboxContext,
  nodeName: string,
  node: ResponseNode,
  options: { signed: boolean; charset: FormCharset },
): Promise<GatewayReply> {
  const content = stringifyAlipayJson(node);
  // Read together, before signing: a rotation meanwhile must not pair the new SN with the old key.
  const { signer, certs } = ctx;
  const sign = options.signed ? await signer.sign(content, "alipay", options.charset) : null;
  // Certificate mode names the signing certificate between the node and the sign (§2.1, §5).
  const certSn = sign && certs ? `,"alipay_cert_sn":"${certs.alipayCertSn}"` : "";
  const body = `{"${nodeName}":${content}${certSn}${sign ? `,"sign":"${sign}"` : ""}}`;
  return { body, charset: options.charset, code: String(node.code), subCode: node.sub_code as string | undefined };
}
