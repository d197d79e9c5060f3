// POST /api/console/self-test – the go-live self-test (admin): key pair, a test query, a signed test
// notification through the public notify URL (lib/console/self-test.ts). The app public key may be
// pasted for the check when ALIPAY_APP_PUBLIC_KEY is not set; it is public, and not stored.
import { z } from "zod";
import { json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { runSelfTest } from "@/lib/console/self-test";
import { getEnv } from "@/lib/env";
import { getPayments } from "@/lib/payments/context";

export const dynamic = "force-dynamic";

const selfTestSchema = z.object({ appPublicKey: z.string().max(8192).optional() });

export const POST = consoleRoute({ permission: "settings.manage", audit: { action: "settings.self_test" } }, async (request, { operator, origin }) => {
  const { appPublicKey } = await readJson(request, selfTestSchema);
  const ctx = getPayments();
  const env = getEnv();
  const report = await runSelfTest(
    { ctx, appPrivateKey: env.appPrivateKey, alipayPublicKey: env.alipayPublicKey, appPublicKeyText: appPublicKey?.trim() || env.ALIPAY_APP_PUBLIC_KEY || null },
    operator,
    origin,
  );
  return json(report);
});
