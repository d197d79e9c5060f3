import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

function pem(kind: "private" | "public", key: ReturnType<typeof generateKeyPairSync>["privateKey"]) {
  return kind === "private"
    ? (key.export({ format: "pem", type: "pkcs8" }) as string)
    : (key.export({ format: "pem", type: "spki" }) as string);
}

const app = generateKeyPairSync("rsa", { modulusLength: 2048 });
const alipay = generateKeyPairSync("rsa", { modulusLength: 2048 });
const valid = {
  ALIPAY_APP_ID: "2021000000000001",
  ALIPAY_APP_PRIVATE_KEY: pem("private", app.privateKey),
  ALIPAY_PUBLIC_KEY: pem("public", alipay.publicKey),
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("accepts a minimal configuration and fills defaults", () => {
    const env = parseEnv(valid);
    expect(env.databaseProvider).toBe("sqlite");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.notifyUrl).toBe("http://localhost:3000/api/alipay/notify");
    expect(env.ALIPAY_GATEWAY_URL).toBe("https://openapi.alipay.com/gateway.do");
  });

  it("names every missing variable", () => {
    const problems = problemsOf({});
    expect(problems.join("\n")).toMatch(/ALIPAY_APP_ID/);
    expect(problems.join("\n")).toMatch(/ALIPAY_APP_PRIVATE_KEY/);
    expect(problems.join("\n")).toMatch(/ALIPAY_PUBLIC_KEY/);
  });

  it("names malformed variables without echoing secret values", () => {
    const problems = problemsOf({ ...valid, DATABASE_URL: "mysql://x", ALIPAY_APP_PRIVATE_KEY: "c2VjcmV0LXRleHQ=", ALIPAY_SELLER_ID: "123" });
    const text = problems.join("\n");
    expect(text).toMatch(/DATABASE_URL/);
    expect(text).toMatch(/ALIPAY_APP_PRIVATE_KEY is not usable/);
    expect(text).toMatch(/ALIPAY_SELLER_ID/);
    expect(text).not.toContain("c2VjcmV0LXRleHQ=");
  });

  it("reads the fee rate in whole basis points, unset when empty", () => {
    expect([parseEnv({ ...valid, ALIPAY_FEE_RATE_BP: "60" }).ALIPAY_FEE_RATE_BP, parseEnv({ ...valid, ALIPAY_FEE_RATE_BP: "" }).ALIPAY_FEE_RATE_BP]).toEqual([60, undefined]);
    for (const bad of ["0.6%", "0.6", "-1", "10001"]) expect(problemsOf({ ...valid, ALIPAY_FEE_RATE_BP: bad }).join("\n")).toMatch(/ALIPAY_FEE_RATE_BP/);
  });

  it("refuses the app's own public key in place of Alipay's", () => {
    const problems = problemsOf({ ...valid, ALIPAY_PUBLIC_KEY: pem("public", app.publicKey) });
    expect(problems.join("\n")).toMatch(/not your app's/);
  });

  it("picks PostgreSQL from the URL scheme and keeps an explicit notify URL", () => {
    const env = parseEnv({ ...valid, DATABASE_URL: "postgresql://u@localhost/db", ALIPAY_NOTIFY_URL: "https://shop.example/notify" });
    expect(env.databaseProvider).toBe("postgresql");
    expect(env.notifyUrl).toBe("https://shop.example/notify");
  });
});
