// Certificate mode: when a gateway answer names another Alipay certificate than the loaded one
// (lib/alipay/cert-rotation.ts), the gateway client has already refused it. Here the rotation becomes
// visible: one `alipay.cert.rotated` log line per refused call, and (store.ts) the call's stored error
// plus an ALIPAY_CERT_ROTATED event on the order. Until an alerts module exists, that is the alert.
import "server-only";
import type { CertRotation } from "@/lib/alipay/cert-rotation";
import type { GatewayClient } from "@/lib/alipay/gateway-client";
import type { Logger } from "@/lib/log";

export const CERT_ROTATED_EVENT = "ALIPAY_CERT_ROTATED";

/** The order event's detail: what the timeline shows. */
export function certRotationDetail(rotation: CertRotation): Record<string, unknown> {
  return { receivedSn: rotation.receivedSn, loadedSn: rotation.loadedSn, error: rotation.message };
}

/** Wraps the gateway client so that every refused rotation is logged where it happened. */
export function withCertRotationAlert(gateway: GatewayClient, log: Logger): GatewayClient {
  return {
    async call(...args) {
      const call = await gateway.call(...args);
      if (call.certRotation) {
        log.error("alipay.cert.rotated", { method: call.method, traceId: call.traceId, receivedSn: call.certRotation.receivedSn, loadedSn: call.certRotation.loadedSn, message: call.certRotation.message });
      }
      return call;
    },
  };
}
