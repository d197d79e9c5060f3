// `npm run sandbox:server`: starts the local Alipay and prints what the merchant app needs.
import { publicKeyToBase64 } from "@/lib/alipay/keys";
import { createLogger } from "@/lib/log";
import { loadSandboxConfig, SandboxConfigError } from "./config";
import { startSandbox } from "./server";

const log = createLogger({ service: "sandbox" });

async function main(): Promise<void> {
  const config = loadSandboxConfig();
  const sandbox = await startSandbox(config, log);
  const { ctx } = sandbox;
  log.info("sandbox.started", { url: sandbox.url, appId: ctx.config.appId, dataDir: ctx.config.dataDir, timeScale: ctx.config.timeScale });
  if (process.env.SANDBOX_QUIET !== "1") {
    const lines = [
      "",
      `Local Alipay sandbox on ${sandbox.url}  (buyer's app: ${sandbox.url}/buyer, notifications: ${sandbox.url}/notifications)`,
      "Point the console at it with (TEST KEYS, in " + `${ctx.config.dataDir}/keys):`,
      `  ALIPAY_GATEWAY_URL=${sandbox.url}/gateway.do`,
      `  ALIPAY_APP_ID=${ctx.config.appId}`,
      `  ALIPAY_SELLER_ID=${ctx.config.sellerId}`,
      `  ALIPAY_PUBLIC_KEY=${publicKeyToBase64(ctx.keys.alipayPublicKey)}`,
      ctx.keys.appPrivateKeyPem
        ? `  ALIPAY_APP_PRIVATE_KEY=<contents of ${ctx.config.dataDir}/keys/app-private.test-key.pem>`
        : "  ALIPAY_APP_PRIVATE_KEY=<your app private key; the sandbox was given its public half>",
      // Certificate mode: the console reads certificates from paths as well as PEM text.
      ...(ctx.certs
        ? ["app.test-cert.pem", "alipay.test-cert.pem", "root-ca.test-cert.pem"].map(
            (file, i) => `  ${["ALIPAY_APP_CERT", "ALIPAY_CERT", "ALIPAY_ROOT_CERT"][i]}=${ctx.config.dataDir}/keys/${file}`,
          )
        : []),
      "",
    ];
    process.stderr.write(`${lines.join("\n")}\n`);
  }
  const stop = async (signal: string) => {
    log.info("sandbox.stopping", { signal });
    await sandbox.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof SandboxConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  log.error("sandbox.start_failed", { error });
  process.exit(1);
});
