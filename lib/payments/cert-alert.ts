// Certificate mode: when a gateway answer names another Alipay certificate than the loaded one
// (lib/alipay/cert-rotation.ts), the gateway client has already refused it. Here the rotation becomes
// visible wherever the call came from (an order's query, a refund, the bill job, which has no order): one
// `alipay.cert.rotated` log line per refused call, and an ALIPAY_CERT_ROTATED alert about the new SN,
// raised once and sent to the robots, each further refused call one more occurrence. The call's stored
// error and the order's event are written where the call is recorded (store.ts).
import "server-only";
import type { CertRotation } from "@/lib/alipay/cert-rotation";
import type { GatewayClient } from "@/lib/alipay/gateway-client";
import { announceAlerts } from "@/lib/alerts/deliver";
import { raiseAlert } from "@/lib/alerts/raise";
import { effectiveSettings } from "@/lib/alerts/rules";
import type { PaymentsContext } from "./context";

const RULE = "ALIPAY_CERT_ROTATED";
type AlertContext = Pick<PaymentsContext, "db" | "log" | "now" | "settings">;

/** Raises (or counts again) the rotation's alert; a failure here is logged, never the caller's. */
async function raiseRotationAlert(ctx: AlertContext, method: string, rotation: CertRotation): Promise<void> {
  try {
    const [setting] = effectiveSettings(await ctx.db.alertRuleSetting.findMany({ where: { rule: RULE } })).filter((s) => s.rule === RULE);
    if (!setting?.enabled) return;
    const finding = { rule: RULE, subject: rotation.receivedSn, orderId: null, detail: { receivedSn: rotation.receivedSn, loadedSn: rotation.loadedSn, method } } as const;
    const raised = await raiseAlert(ctx.db, finding, ctx.now(), "always");
    // The robots answer in their own time (up to seconds each): the refused call does not wait for them.
    if (raised) void announceAlerts(ctx, [raised]).catch((error: unknown) => ctx.log.error("alerts.delivery_failed", { alertId: raised.id, error: error instanceof Error ? error.message : String(error) }));
  } catch (error) {
    ctx.log.error("alerts.raise_failed", { rule: RULE, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Wraps the gateway client so that every refused rotation is logged and alerted where it happened; `context` is read at call time. */
export function withCertRotationAlert(gateway: GatewayClient, context: () => AlertContext): GatewayClient {
  return {
    async call(...args) {
      const call = await gateway.call(...args);
      if (call.certRotation) {
        const ctx = context();
        ctx.log.error("alipay.cert.rotated", { method: call.method, traceId: call.traceId, receivedSn: call.certRotation.receivedSn, loadedSn: call.certRotation.loadedSn, message: call.certRotation.message });
        await raiseRotationAlert(ctx, call.method, call.certRotation);
      }
      return call;
    },
  };
}
