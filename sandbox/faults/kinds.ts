// Faults on demand: what can go wrong between Alipay and a merchant, injected per trade or globally.
import { z } from "zod";

export const NOTIFY_FAULTS = [
  "drop",
  "duplicate",
  "delay",
  "out_of_order",
  "bad_signature",
  "other_key",
  "wrong_app_id",
  "tampered_amount",
  "gbk",
  "never_sent",
] as const;

export const GATEWAY_FAULTS = ["gateway_error", "gateway_slow", "gateway_no_answer"] as const;

/** The trade bill disagrees with the trades on purpose, so that a merchant's reconciliation can be tested. */
export const BILL_FAULTS = ["bill_amount", "bill_omit", "bill_fee"] as const;

export const FAULT_KINDS = [...NOTIFY_FAULTS, ...GATEWAY_FAULTS, ...BILL_FAULTS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type NotifyFaultKind = (typeof NOTIFY_FAULTS)[number];
export type GatewayFaultKind = (typeof GATEWAY_FAULTS)[number];
export type BillFaultKind = (typeof BILL_FAULTS)[number];

/** What each kind makes the merchant see, in Chinese and English; `name` marks a parameter. */
export const FAULT_EXPLANATIONS: Record<FaultKind, { zh: string; en: string }> = {
  drop: { zh: "前 `attempts` 次投递在途中丢失，商户收不到（默认全部丢失）", en: "The first `attempts` deliveries are lost on the way (default: all of them)" },
  duplicate: { zh: "第一次投递时额外发送 `times` 份相同的通知（同一 notify_id）", en: "The first delivery comes with `times` identical extra copies (same notify_id)" },
  delay: { zh: "第一次投递推迟 `seconds` 秒（沙箱时间）", en: "The first delivery waits `seconds` of sandbox time" },
  out_of_order: { zh: "扣住这条通知，直到同一交易的下一条通知发出（或过了 `holdSeconds`）", en: "Held back until the trade's next notification has gone out (or `holdSeconds` pass)" },
  bad_signature: { zh: "签名被篡改，验签必须失败", en: "The signature is corrupted: verification must fail" },
  other_key: { zh: "用不是支付宝的密钥签名", en: "Signed with a key that is not Alipay's" },
  wrong_app_id: { zh: "签名正确，但 `app_id` 是另一个应用的", en: "A genuine signature over another app's `app_id`" },
  tampered_amount: { zh: "签名正确，但 `total_amount` 与订单不符", en: "A genuine signature over a `total_amount` that does not match the order" },
  gbk: { zh: "通知体用 GBK 编码并声明 `charset=gbk`", en: "The body is GBK-encoded and says `charset=gbk`" },
  never_sent: { zh: "支付成功但通知永远不发送，只能靠主动查询", en: "The trade is paid but its notification is never sent: only a query finds out" },
  gateway_error: { zh: "网关返回 20000 / 系统错误（操作之前或之后），结果未知", en: "The gateway answers 20000 / system error (before or after acting): outcome unknown" },
  gateway_slow: { zh: "网关在 `delayMs` 毫秒后才应答", en: "The gateway answers after `delayMs` milliseconds" },
  gateway_no_answer: { zh: "网关保持连接后直接断开，不应答", en: "The gateway holds the connection, then drops it without an answer" },
  bill_amount: { zh: "对账单中该交易的付款行金额写成 `amount`（与交易不符）", en: "The trade's payment row in the bill says `amount` (not the trade's amount)" },
  bill_omit: { zh: "对账单中漏掉该交易的所有行", en: "The trade's rows are left out of the bill" },
  bill_fee: { zh: "对账单中该交易的服务费按 `rateBp` 个基点计算", en: "The trade's fee in the bill is charged at `rateBp` basis points" },
};

export const NOTIFY_EVENTS = ["PAYMENT", "CLOSE", "REFUND", "FINISH"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const when = z.enum(["before", "after"]).default("before");

/** Per-kind parameters, validated when a fault is added. */
export const FAULT_PARAMS = {
  drop: z.object({ attempts: z.number().int().min(1).max(8).default(8) }),
  duplicate: z.object({ times: z.number().int().min(1).max(20).default(1) }),
  delay: z.object({ seconds: z.number().int().min(1).max(400 * 24 * 3600).default(600) }),
  out_of_order: z.object({ holdSeconds: z.number().int().min(1).max(86_400).default(600) }),
  bad_signature: z.object({}),
  other_key: z.object({}),
  wrong_app_id: z.object({ appId: z.string().regex(/^\d{16}$/).default("2021009999999999") }),
  tampered_amount: z.object({ amount: z.string().regex(/^\d+\.\d{2}$/).optional() }),
  gbk: z.object({}),
  never_sent: z.object({}),
  gateway_error: z.object({
    code: z.enum(["20000", "40004"]).default("20000"),
    subCode: z.enum(["isp.unknow-error", "aop.unknow-error", "ACQ.SYSTEM_ERROR"]).default("isp.unknow-error"),
    when,
  }),
  gateway_slow: z.object({ delayMs: z.number().int().min(1).max(120_000).default(3000) }),
  gateway_no_answer: z.object({ when, holdMs: z.number().int().min(0).max(300_000).default(30_000) }),
  bill_amount: z.object({ amount: z.string().regex(/^\d+\.\d{2}$/).default("0.01") }),
  bill_omit: z.object({}),
  bill_fee: z.object({ rateBp: z.number().int().min(0).max(10_000).default(100) }),
} satisfies Record<FaultKind, z.ZodType>;

export const newFaultSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    outTradeNo: z.string().min(1).max(64).optional(),
    method: z.string().regex(/^alipay\.[a-z.]+$/).optional(),
    event: z.enum(NOTIFY_EVENTS).optional(),
    count: z.number().int().min(1).max(1_000_000).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .transform((input, ctx) => {
    const parsed = FAULT_PARAMS[input.kind].safeParse(input.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ["params", ...issue.path] } as never);
      return z.NEVER;
    }
    return { ...input, params: parsed.data as Record<string, unknown> };
  });

export type NewFault = z.infer<typeof newFaultSchema>;

export function isNotifyFault(kind: string): kind is NotifyFaultKind {
  return (NOTIFY_FAULTS as readonly string[]).includes(kind);
}

export function isGatewayFault(kind: string): kind is GatewayFaultKind {
  return (GATEWAY_FAULTS as readonly string[]).includes(kind);
}

export function isBillFault(kind: string): kind is BillFaultKind {
  return (BILL_FAULTS as readonly string[]).includes(kind);
}

/** What a fault acts on. */
export function faultScope(kind: FaultKind): "notification" | "gateway" | "bill" {
  return isNotifyFault(kind) ? "notification" : isGatewayFault(kind) ? "gateway" : "bill";
}
