// The sign-in configuration, apart from Alipay's: a console whose Alipay settings are wrong must still
// let its admin sign in and see what is wrong.
import "server-only";
import { ConfigError } from "@/lib/env";

export type AuthSettings = { secret: string; idleSeconds: number; maxSeconds: number; appUrl: string };

function hours(name: string, fallback: number, problems: string[]): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback * 3600;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 24 * 30) {
    problems.push(`${name} must be a number of hours between 0 and 720`);
    return fallback * 3600;
  }
  return Math.round(value * 3600);
}

let cached: AuthSettings | undefined;

export function authSettings(): AuthSettings {
  if (cached) return cached;
  const problems: string[] = [];
  const secret = process.env.AUTH_SECRET?.trim() ?? "";
  if (secret.length < 32) problems.push("AUTH_SECRET must be set to a random string of at least 32 characters (e.g. openssl rand -base64 32)");
  const idleSeconds = hours("SESSION_IDLE_HOURS", 8, problems);
  const maxSeconds = hours("SESSION_MAX_HOURS", 24, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const appUrl = process.env.APP_URL?.trim() || "http://localhost:3000";
  // next-auth builds its callback and redirect URLs from NEXTAUTH_URL.
  process.env.NEXTAUTH_URL ??= appUrl;
  cached = { secret, idleSeconds, maxSeconds: Math.max(maxSeconds, idleSeconds), appUrl };
  return cached;
}
