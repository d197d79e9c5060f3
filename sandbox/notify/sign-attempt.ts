// Turns a stored notification into the exact body of one attempt: fresh notify_time, the faults it
// carries applied, signed by rule V1 with RSA2 (alipay-protocol.md §4.4), form-encoded in its charset.
import { encodeForm, type FormCharset } from "@/lib/alipay/form";
import { notifySignContentV1 } from "@/lib/alipay/sign-content";
import { formatAlipayTime } from "@/lib/alipay/time";
import { formatYuan, parseYuanStrict } from "@/lib/money";
import type { SandboxContext } from "../context";
import type { NotificationRow } from "../store/notifications";

type StoredFault = { kind: string; params: Record<string, unknown> };

function corrupt(sign: string): string {
  const middle = Math.floor(sign.length / 2);
  const swapped = sign[middle] === "A" ? "B" : "A";
  return `${sign.slice(0, middle)}${swapped}${sign.slice(middle + 1)}`;
}

export async function buildAttemptBody(ctx: SandboxContext, row: NotificationRow, now: number): Promise<string> {
  const faults = new Map((JSON.parse(row.faults) as StoredFault[]).map((f) => [f.kind, f.params]));
  const params: Record<string, string> = { notify_time: formatAlipayTime(new Date(now)), notify_id: row.notify_id, ...JSON.parse(row.params) };

  const wrongApp = faults.get("wrong_app_id");
  if (wrongApp) {
    params.app_id = String(wrongApp.appId);
    params.auth_app_id = String(wrongApp.appId);
  }
  const tampered = faults.get("tampered_amount");
  if (tampered) {
    params.total_amount = typeof tampered.amount === "string" ? tampered.amount : formatYuan((parseYuanStrict(params.total_amount!) ?? 0) + 100);
  }
  if (faults.has("gbk")) params.charset = "gbk";

  const signed: Record<string, string> = { ...params, sign_type: "RSA2" };
  signed.sign = await ctx.signer.sign(notifySignContentV1(signed), faults.has("other_key") ? "stranger" : "alipay", row.charset as FormCharset);
  if (faults.has("bad_signature")) signed.sign = corrupt(signed.sign!);
  return encodeForm(signed, row.charset as FormCharset);
}
