// GET /api/health – liveness and readiness for probes: database and Alipay configuration, no secrets.
import { log } from "@/lib/log";
import { getSystemStatus } from "@/lib/status";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { ok, database, alipay } = await getSystemStatus();
  if (!ok) log.warn("health.degraded", { database, alipayConfigured: alipay.configured });
  return Response.json(
    {
      status: ok ? "ok" : "degraded",
      database,
      alipay: alipay.configured
        ? { configured: true, environment: alipay.environment, gateway: alipay.gatewayUrl, appId: alipay.appId }
        : { configured: false, problems: alipay.problems },
    },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
