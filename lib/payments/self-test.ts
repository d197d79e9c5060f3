// The go-live self-test's test notification: a trade-notification-shaped form, signed by rule V1 with a
// key pair made for this one test, posted to the public notify URL like Alipay would post it. The
// intake recognises it by its notify_type, verifies it with the test's own public key (never with
// anything else, and never Alipay's key for anything but payments), and records it without touching an
// order. What it proves: the URL reaches this console (this database), the body arrives unchanged
// (a proxy that rewrites it breaks the signature), and the reply is the bare `success`.
import "server-only";
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { encodeForm, type FormCharset } from "@/lib/alipay/form";
import { verifyNotifySignature, type NotifySignatureVerdict } from "@/lib/alipay/notify";
import { notifySignContentV1 } from "@/lib/alipay/sign-content";
import { signText } from "@/lib/alipay/sign";
import { formatAlipayTime } from "@/lib/alipay/time";
import type { Db } from "@/lib/db";
import type { PaymentsContext } from "./context";
import { newRowId } from "./ids";
import type { Check } from "./notify";
import { transaction } from "./store";

export const SELF_TEST_NOTIFY_TYPE = "console_self_test";
/** How long a test notification is accepted after the test starts. */
const SELF_TEST_TTL_MS = 2 * 60_000;

export type PreparedSelfTest = { id: string; body: string; expiresAt: Date };

/** Stores the test (its public key only) and returns the signed form body to send. */
export async function prepareSelfTest(db: Db, input: { appId: string; actorEmail: string; now: Date }): Promise<PreparedSelfTest> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const id = newRowId();
  const expiresAt = new Date(input.now.getTime() + SELF_TEST_TTL_MS);
  await transaction(db, (tx) =>
    tx.selfTest.create({ data: { id, startedAt: input.now, expiresAt, publicKey: publicKey.export({ format: "pem", type: "spki" }) as string, actorEmail: input.actorEmail } }),
  );
  return { id, body: signedTestBody({ id, appId: input.appId, now: input.now }, privateKey), expiresAt };
}

/** The test notification's form: Chinese text and a `+` in it, so that a charset or decoding mistake on the way shows. */
export function signedTestBody(test: { id: string; appId: string; now: Date }, privateKey: KeyObject, charset: FormCharset = "utf-8"): string {
  const params: Record<string, string> = {
    notify_time: formatAlipayTime(test.now),
    notify_type: SELF_TEST_NOTIFY_TYPE,
    notify_id: test.id,
    app_id: test.appId,
    charset,
    version: "1.0",
    subject: "上线自检 self-test a+b",
  };
  const sign = signText(notifySignContentV1(params), privateKey, "RSA2", charset);
  return encodeForm({ ...params, sign, sign_type: "RSA2" }, charset);
}

export type SelfTestIntake = { signature: NotifySignatureVerdict; checks: Check[]; outcome: "SELF_TEST" | "REJECTED"; error: string | null };

/**
 * Verifies a test notification with its test's key and marks the test received. An unknown, expired or
 * already used test, or a signature that fails, is REJECTED: the same as a forged notification.
 */
export async function receiveSelfTest(ctx: PaymentsContext, notificationId: number, params: Record<string, string>, charset: FormCharset): Promise<SelfTestIntake> {
  const checks: Check[] = [{ check: "form", ok: true, detail: `${Object.keys(params).length} parameters, ${charset}` }];
  const test = params.notify_id ? await ctx.db.selfTest.findUnique({ where: { id: params.notify_id } }) : null;
  const now = ctx.now();
  const open = test !== null && test.notificationId === null && test.expiresAt > now;
  checks.push({ check: "self_test", ok: open, detail: !test ? "no such self-test" : test.notificationId !== null ? "already received" : test.expiresAt <= now ? "expired" : `started by ${test.actorEmail}` });
  if (!test || !open) return { signature: "INVALID", checks, outcome: "REJECTED", error: `self-test ${checks.at(-1)!.detail}` };
  const { verdict } = verifyNotifySignature(params, createPublicKey(test.publicKey), charset);
  checks.push({ check: "signature", ok: verdict === "VALID", detail: `RSA2 (V1) with the self-test's own key: ${verdict}` });
  checks.push({ check: "app_id", ok: params.app_id === ctx.settings.appId, detail: params.app_id || "missing" });
  const failed = checks.filter((check) => !check.ok);
  if (failed.length > 0) return { signature: verdict, checks, outcome: "REJECTED", error: failed.map((check) => `${check.check}: ${check.detail}`).join("; ") };
  const marked = await transaction(ctx.db, (tx) => tx.selfTest.updateMany({ where: { id: test.id, notificationId: null }, data: { notificationId, receivedAt: now } }));
  if (marked.count === 0) return { signature: verdict, checks, outcome: "REJECTED", error: "self-test already received" };
  return { signature: verdict, checks, outcome: "SELF_TEST", error: null };
}
