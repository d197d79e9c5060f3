// The stack the browser tests run against (Playwright's webServer): fresh state under .e2e/, logs in
// .e2e/*.log, ports from E2E_APP_PORT / E2E_SANDBOX_PORT. Runs until Playwright stops it.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./processes";
import { startStack } from "./stack";

const dir = path.join(ROOT, ".e2e");
/** One account per role; the specs read their passwords from .e2e/users.test-key.json. */
const E2E_USERS = [
  { email: "admin@e2e.test", role: "admin" },
  { email: "operator@e2e.test", role: "operator" },
  { email: "viewer@e2e.test", role: "viewer" },
] as const;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const stack = await startStack({
  appPort: Number(process.env.E2E_APP_PORT ?? 3300),
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 3310),
  databaseUrl: "file:./.e2e/console.db",
  sandboxDataDir: path.join(dir, "sandbox"),
  timeScale: 600,
  fresh: true,
  apiKeyName: "e2e",
  authSecretFile: path.join(dir, "auth-secret.test-key"),
  users: E2E_USERS.map((user) => ({ ...user, password: `e2e-${user.role}-${randomBytes(9).toString("base64url")}` })),
  output: { app: { file: path.join(dir, "console.log") }, sandbox: { file: path.join(dir, "sandbox.log") } },
}).catch((error: unknown) => {
  process.stderr.write(`e2e stack: ${(error as Error).message}\n(see .e2e/console.log and .e2e/sandbox.log)\n`);
  process.exit(1);
});
// The browser tests read the key from here (the stack runs in another process).
writeFileSync(path.join(dir, "api-key.test-key"), `${stack.apiKey}\n`);
writeFileSync(path.join(dir, "users.test-key.json"), `${JSON.stringify(stack.users, null, 2)}\n`);
process.stdout.write(`e2e stack ready: console ${stack.appUrl}, sandbox ${stack.sandboxUrl}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(0)));
}
