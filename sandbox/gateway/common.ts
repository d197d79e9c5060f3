// The gateway's front door (alipay-protocol.md §1.2–1.3, §2.3): common parameters, the app, the
// request signature over every parameter but `sign`, then biz_content. Failures are the real codes.
import { decodeForm, FormDecodeError, normalizeCharset, type FormCharset } from "@/lib/alipay/form";
import { isSignType } from "@/lib/alipay/sign";
import { verifyText } from "@/lib/alipay/sign";
import { requestSignContent } from "@/lib/alipay/sign-content";
import { parseAlipayTime } from "@/lib/alipay/time";
import { TradeError, type SandboxContext } from "../context";
import type { Biz } from "./biz";
import { checkCertSns } from "./cert-check";

export type GatewayCall = {
  method: string;
  appId: string;
  charset: FormCharset;
  notifyUrl: string | undefined;
  biz: Biz;
  params: Record<string, string>;
};

/** Where an error is written: the method's node once the method is known, else `error_response`. */
export class FrontDoorError extends TradeError {
  constructor(
    code: "40001" | "40002" | "40003",
    subCode: string,
    subMsg: string | undefined,
    readonly nodeName: string,
    readonly signed: boolean,
    readonly charset: FormCharset = "utf-8",
  ) {
    super(subCode, subMsg, code as never);
  }
}

export function readParams(query: string, body: Buffer): { params: Record<string, string>; charset: FormCharset } {
  try {
    const fromQuery = decodeForm(Buffer.from(query, "latin1"));
    const fromBody = decodeForm(body, fromQuery.charset);
    const charset = fromQuery.declaredCharset !== null ? fromQuery.charset : fromBody.charset;
    const twice = Object.keys(fromBody.params).filter((key) => Object.hasOwn(fromQuery.params, key));
    if (twice.length > 0) throw new FormDecodeError(`parameter "${twice[0]}" appears more than once`);
    // Empty values are no parameters at all: the string-to-sign leaves them out too (§1.3 step 2).
    const params = Object.fromEntries(Object.entries({ ...fromQuery.params, ...fromBody.params }).filter(([, value]) => value !== ""));
    return { params, charset };
  } catch (error) {
    if (error instanceof FormDecodeError) {
      const unsupported = error.message.startsWith("unsupported charset");
      throw new FrontDoorError("40002", unsupported ? "isv.invalid-charset" : "isv.invalid-parameter", error.message, "error_response", false);
    }
    throw error;
  }
}

export function checkFrontDoor(ctx: SandboxContext, params: Record<string, string>, charset: FormCharset, methods: ReadonlySet<string>): GatewayCall {
  const method = params.method;
  const knownApp = params.app_id === ctx.config.appId;
  const fail = (code: "40001" | "40002" | "40003", subCode: string, subMsg?: string, node = `${method?.replace(/\./g, "_")}_response`) =>
    new FrontDoorError(code, subCode, subMsg, node, knownApp, charset);

  if (!method) throw fail("40001", "isv.missing-method", undefined, "error_response");
  if (!methods.has(method)) throw fail("40002", "isv.invalid-method", `不存在的方法名: ${method}`, "error_response");
  if (!params.app_id) throw fail("40001", "isv.missing-app-id");
  if (!knownApp) throw fail("40002", "isv.invalid-app-id", "无效的AppID参数");
  if (!params.charset) throw fail("40002", "isv.invalid-charset", "字符集错误: charset 不能为空");
  if (normalizeCharset(params.charset) === null) throw fail("40002", "isv.invalid-charset", `字符集错误: ${params.charset}`);
  if (params.format !== undefined && params.format.toUpperCase() !== "JSON") throw fail("40002", "isv.invalid-format", "无效的数据格式: 只支持 JSON");
  if (!params.sign_type) throw fail("40001", "isv.missing-signature-type");
  if (!isSignType(params.sign_type)) throw fail("40002", "isv.invalid-signature-type", `无效签名类型: ${params.sign_type}`);
  if (params.sign_type !== "RSA2") throw fail("40003", "isv.missing-signature-config", "应用未配置 RSA 验签方式，请使用 RSA2");
  if (!params.sign) throw fail("40001", "isv.missing-signature");
  if (!params.timestamp) throw fail("40001", "isv.missing-timestamp");
  if (!parseAlipayTime(params.timestamp) || params.timestamp.length !== 19) {
    throw fail("40002", "isv.invalid-timestamp", "非法的时间戳参数: 格式须为 yyyy-MM-dd HH:mm:ss");
  }
  if (!params.version) throw fail("40001", "isv.missing-version");
  if (params.version !== "1.0") throw fail("40002", "isv.invalid-parameter", "参数无效: version 只支持 1.0");

  const certProblem = ctx.certs ? checkCertSns(params, ctx.certs) : null;
  if (certProblem) throw fail(certProblem.code, certProblem.subCode, certProblem.subMsg);

  const content = requestSignContent(params);
  if (!verifyText(content, params.sign, ctx.keys.appPublicKey, "RSA2", charset)) {
    // Like Alipay, echo the string the gateway verified, with `&` escaped (§1.3 "Debug aid").
    throw fail("40002", "isv.invalid-signature", `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${content.replace(/&/g, "&amp;")}`);
  }
  if (params.notify_url !== undefined && !/^https?:\/\/\S{1,248}$/.test(params.notify_url)) {
    throw fail("40002", "isv.invalid-parameter", "参数无效: notify_url 必须是 http(s) 地址，不超过 256 个字符");
  }

  let biz: Biz = {};
  if (params.biz_content !== undefined) {
    try {
      biz = JSON.parse(params.biz_content) as Biz;
    } catch {
      throw new TradeError("ACQ.INVALID_PARAMETER", "参数无效: biz_content 不是合法的 JSON");
    }
    if (typeof biz !== "object" || biz === null || Array.isArray(biz)) throw new TradeError("ACQ.INVALID_PARAMETER", "参数无效: biz_content 必须是 JSON 对象");
  } else {
    throw new TradeError("ACQ.INVALID_PARAMETER", "缺少必选参数: biz_content");
  }
  return { method, appId: params.app_id, charset, notifyUrl: params.notify_url || undefined, biz, params };
}
