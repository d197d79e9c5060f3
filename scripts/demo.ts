// npm run demo – builds the console and starts it with the local Alipay sandbox on SQLite, wired to
// each other, and prints what a newcomer needs. Ctrl-C stops both.
import { existsSync } from "node:fs";
import path from "node:path";
import { assertPortFree, ROOT, run } from "./processes";
import { startStack } from "./stack";

const appPort = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 3100);
const databaseUrl = process.env.DEMO_DATABASE_URL ?? "file:./.data/console.db";
const sandboxDataDir = path.resolve(ROOT, process.env.SANDBOX_DATA_DIR ?? ".sandbox");
const timeScale = Number(process.env.SANDBOX_TIME_SCALE ?? 60);
const DEMO_ADMIN = "admin@example.com";

function displayPath(target: string): string {
  const relative = path.relative(ROOT, target);
  return relative.startsWith("..") ? target : relative;
}

function signIn(password: string | null): string[] {
  if (password) return [`  Sign in             ${DEMO_ADMIN}  password ${password}  (admin; shown only now)`];
  return [
    `  Sign in             ${DEMO_ADMIN}  (admin; its password was printed when it was created:`,
    `                        npm run user -- reset-password ${DEMO_ADMIN} prints a new one)`,
  ];
}

async function main() {
  await assertPortFree(appPort, "PORT");
  await assertPortFree(sandboxPort, "SANDBOX_PORT");
  await run(process.execPath, ["--import", "tsx", "scripts/db-generate.ts"]);
  if (process.env.DEMO_SKIP_BUILD !== "1" || !existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    await run(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"]);
  }
  const stack = await startStack({
    appPort,
    sandboxPort,
    databaseUrl,
    sandboxDataDir,
    timeScale,
    fresh: false,
    authSecretFile: path.join(ROOT, ".data", "auth-secret.test-key"),
    users: [{ email: DEMO_ADMIN, role: "admin" }],
    apiKeyName: `demo ${new Date().toISOString().slice(0, 16)}`,
    output: { app: { prefix: "[console]" }, sandbox: { prefix: "[sandbox]" } },
  });
  const lines = [
    "",
    "  Alipay scan-to-pay console — demo (SQLite, local Alipay sandbox)",
    "",
    `  Console             ${stack.appUrl}`,
    `  Local Alipay        ${stack.sandboxUrl}`,
    `    buyer's app       ${stack.sandboxUrl}/buyer`,
    `    notifications     ${stack.sandboxUrl}/notifications`,
    `    gateway           ${stack.sandboxUrl}/gateway.do  (app id ${stack.appId})`,
    `  Sandbox CLI         npm run sandbox -- help   (SANDBOX_URL=${stack.sandboxUrl})`,
    ...signIn(stack.users[0]!.password),
    `  API key (new)       ${stack.apiKey}`,
    `    try it            curl -s ${stack.appUrl}/api/v1/orders -H 'Authorization: Bearer ${stack.apiKey}' \\`,
    `                        -H 'Content-Type: application/json' -d '{"amount":"0.01","subject":"demo"}'`,
    `  Database            ${databaseUrl}`,
    `  Test keys           ${displayPath(path.dirname(stack.appPrivateKeyFile))}/ (generated TEST keys: never for production)`,
    `  Notification retries run ${timeScale}× faster than Alipay's schedule (SANDBOX_TIME_SCALE).`,
    "",
    "  Ctrl-C stops both.",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${(error as Error).message}\n`);
  process.exit(1);
});
