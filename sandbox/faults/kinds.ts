// Faults on demand: what can go wrong between Alipay and a merchant, injected per trade or globally.
import { z } from "zod";

export const NOTIFY_FAULTS = [
  "drop", // lose deliveries: the first `attempts` tries never reach the merchant (default: all)
  "duplicate", // deliver `times` extra copies of each try
  "delay", // hold the first try for `seconds` of sandbox time
  "out_of_order", // hold until the trade's next notification has been sent
  "bad_signature", // corrupt the signature
  "other_key", // sign with a key that is not Alipay's
  "wrong_app_id", // a genuine signature over another app's id
  "tampered_amount", // a genuine signature over a different total_amount
  "gbk", // encode the body in GBK and say charset=gbk
  "never_sent", // a paid trade whose notification is never sent at all
] as const;

export const GATEWAY_FAULTS = [
  "gateway_error", // answer 20000 / ACQ.SYSTEM_ERROR (outcome unknown)
  "gateway_slow", // answer after `delayMs`
  "gateway_no_answer", // hold the connection, then drop it without an answer
] as const;

export const FAULT_KINDS = [...NOTIFY_FAULTS, ...GATEWAY_FAULTS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type NotifyFaultKind = (typeof NOTIFY_FAULTS)[number];
export type GatewayFaultKind = (typeof GATEWAY_FAULTS)[number];

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
