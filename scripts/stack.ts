// The whole product on one machine: the local Alipay sandbox and the console wired to each other
// over HTTP, the database migrated. Used by `npm run demo` and by the end-to-end tests.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { ROOT, run, start, stop, waitForHttp, type Output } from "./processes";

export type StackOptions = {
  appPort: number;
  sandboxPort: number;
  databaseUrl: string;
  sandboxDataDir: string;
  /** Compresses the sandbox's notification retry schedule (60 → a 4-minute gap takes 4 s). */
  timeScale: number;
  /** Creates an API key with this name for /api/v1 and returns it (Stack.apiKey). */
  apiKeyName?: string;
  /** Where the session-signing secret is kept between runs (generated once; a test secret). */
  authSecretFile: string;
  /** Accounts to create before the console starts (an existing email is left as it is). */
  users?: Array<{ email: string; role: "viewer" | "operator" | "admin"; password?: string }>;
  /** Start from nothing: remove the sandbox's state and the SQLite file first. */
  fresh: boolean;
  output: { app: Output; sandbox: Output };
};

export type Stack = {
  appUrl: string;
  sandboxUrl: string;
  appId: string;
  appPrivateKeyFile: string;
  apiKey: string | null;
  /** The accounts created now, with their passwords (absent: the email existed already). */
  users: Array<{ email: string; role: string; password: string | null }>;
  stop(): Promise<void>;
};

const TSX = ["--import", "tsx"];
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
/** The Node flags `npm start` runs the console with (package.json): the same here, for the demo, the tests and the benchmarks. */
export const START_FLAGS = ((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start.match(/--[a-z-]+-space-size=\d+/g) ?? []);

function sqliteFile(databaseUrl: string): string | null {
  return databaseUrl.startsWith("file:") ? path.resolve(ROOT, databaseUrl.slice("file:".length)) : null;
}

async function createApiKey(databaseUrl: string, name: string): Promise<string> {
  const args = [...TSX, "--conditions=react-server", "scripts/apikey.ts", "create", "--quiet", name];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
  return stdout.trim();
}

async function createUser(databaseUrl: string, user: { email: string; role: string; password?: string }): Promise<string | null> {
  const args = [...TSX, "--conditions=react-server", "scripts/user.ts", "create", user.email, "--role", user.role, "--quiet"];
  if (user.password) args.push("--password", user.password);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    return stdout.trim();
  } catch (error) {
    if (/already exists/.test(String((error as { stderr?: string }).stderr))) return null;
    throw error;
  }
}

/** The secret next-auth signs and encrypts sessions with: AUTH_SECRET if set, else one kept in `file`. */
function authSecret(file: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const appUrl = `http://localhost:${options.appPort}`;
  const sandboxUrl = process.env.SANDBOX_PUBLIC_URL ?? `http://localhost:${options.sandboxPort}`;
  if (options.fresh) {
    rmSync(options.sandboxDataDir, { recursive: true, force: true });
    const file = sqliteFile(options.databaseUrl);
    if (file) for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
  await run(process.execPath, [...TSX, "scripts/db-migrate.ts"], { env: { ...process.env, DATABASE_URL: options.databaseUrl } });
  const apiKey = options.apiKeyName ? await createApiKey(options.databaseUrl, options.apiKeyName) : null;
  const users = [];
  for (const user of options.users ?? []) users.push({ email: user.email, role: user.role, password: await createUser(options.databaseUrl, user) });

  let sandbox: ChildProcess | undefined;
  let app: ChildProcess | undefined;
  try {
    sandbox = start(process.execPath, [...TSX, "sandbox/main.ts"], {
      ...process.env,
      SANDBOX_PORT: String(options.sandboxPort),
      // Loopback unless asked: its API pays orders. SANDBOX_HOST=0.0.0.0 (with SANDBOX_PUBLIC_URL) lets a phone scan.
      SANDBOX_HOST: process.env.SANDBOX_HOST ?? "127.0.0.1",
      SANDBOX_PUBLIC_URL: sandboxUrl,
      SANDBOX_DATA_DIR: options.sandboxDataDir,
      SANDBOX_TIME_SCALE: String(options.timeScale),
      SANDBOX_QUIET: "1",
    }, options.output.sandbox);
    await waitForHttp(`${sandboxUrl}/api/health`, sandbox, "the sandbox");
    const config = (await (await fetch(`${sandboxUrl}/api/config`)).json()) as {
      app_id: string;
      seller_id: string;
      alipayPublicKey: string;
      appPublicKey: string;
      cert_mode: { app_cert: string; alipay_cert: string; alipay_root_cert: string } | null;
    };
    const appPrivateKeyFile = path.join(options.sandboxDataDir, "keys", "app-private.test-key.pem");
    if (!existsSync(appPrivateKeyFile)) throw new Error(`the sandbox did not write ${appPrivateKeyFile}`);

    app = start(process.execPath, [...START_FLAGS, NEXT_BIN, "start", "-p", String(options.appPort)], {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      APP_URL: appUrl,
      ALIPAY_APP_ID: config.app_id,
      ALIPAY_SELLER_ID: config.seller_id,
      ALIPAY_APP_PRIVATE_KEY: readFileSync(appPrivateKeyFile, "utf8"),
      ALIPAY_PUBLIC_KEY: config.alipayPublicKey,
      ALIPAY_APP_PUBLIC_KEY: config.appPublicKey,
      // SANDBOX_CERT_MODE=1 (inherited by the sandbox): the console runs in certificate mode with its certificates.
      ...(config.cert_mode
        ? { ALIPAY_APP_CERT: config.cert_mode.app_cert, ALIPAY_CERT: config.cert_mode.alipay_cert, ALIPAY_ROOT_CERT: config.cert_mode.alipay_root_cert }
        : {}),
      ALIPAY_GATEWAY_URL: `${sandboxUrl}/gateway.do`,
      // The sandbox charges this rate (its SANDBOX_FEE_RATE_BP): reconciliation checks the bill's fees against it.
      ALIPAY_FEE_RATE_BP: process.env.SANDBOX_FEE_RATE_BP ?? "60",
      AUTH_SECRET: authSecret(options.authSecretFile),
    }, options.output.app);
    await waitForHttp(`${appUrl}/api/health`, app, "the console");
    return {
      appUrl,
      sandboxUrl,
      appId: config.app_id,
      appPrivateKeyFile,
      apiKey,
      users,
      async stop() {
        await Promise.all([stop(app), stop(sandbox)]);
      },
    };
  } catch (error) {
    await Promise.all([stop(app), stop(sandbox)]);
    throw error;
  }
}
