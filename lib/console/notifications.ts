// The raw notification log as the console shows it: a filtered page, and one notification with what it
// was, what was verified, what it changed, and — when its signature failed — why it most likely did.
import "server-only";
import { createPublicKey } from "node:crypto";
import { diagnoseSignature, type SignatureDiagnosis } from "@/lib/alipay/diagnose-signature";
import { decodeForm } from "@/lib/alipay/form";
import { notifySignContentV1 } from "@/lib/alipay/sign-content";
import type { Db } from "@/lib/db";
import type { Env } from "@/lib/env";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { NOTIFICATION_PAGE_SIZE, receivedRange, type NotificationListQuery } from "./notification-query";

export async function listNotifications(db: Db, query: NotificationListQuery) {
  const where: Prisma.NotificationWhereInput = {
    ...(query.signature ? { signature: query.signature } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.outTradeNo ? { outTradeNo: query.outTradeNo } : {}),
    ...(receivedRange(query) ? { receivedAt: receivedRange(query) } : {}),
    ...(query.before ? { id: { lt: query.before } } : {}),
  };
  const rows = await db.notification.findMany({
    where,
    orderBy: { id: "desc" },
    take: NOTIFICATION_PAGE_SIZE + 1,
    select: { id: true, receivedAt: true, outTradeNo: true, orderId: true, tradeStatus: true, signature: true, outcome: true, reply: true, sourceAddress: true, bodySize: true },
  });
  const page = rows.slice(0, NOTIFICATION_PAGE_SIZE);
  return {
    rows: page.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() })),
    nextBefore: rows.length > NOTIFICATION_PAGE_SIZE ? page.at(-1)!.id : null,
  };
}

export type NotificationRowView = Awaited<ReturnType<typeof listNotifications>>["rows"][number];

/** The body as text for reading: a form is ASCII; anything else is shown with its bytes escaped. */
function bodyText(bytes: Buffer): string {
  return Array.from(bytes, (byte) => (byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f) ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`)).join("");
}

export async function getNotificationDetail(db: Db, id: number, env: Env | null) {
  const row = await db.notification.findUnique({ where: { id }, include: { order: { select: { id: true, outTradeNo: true, status: true } } } });
  if (!row) return null;
  const body = Buffer.from(row.rawBody);
  let decoded: { params: Record<string, string>; charset: string } | null = null;
  let decodeError: string | null = null;
  try {
    decoded = decodeForm(body);
  } catch (error) {
    decodeError = (error as Error).message;
  }
  const applied = await db.orderEvent.findMany({ where: { notificationId: id }, orderBy: { id: "asc" }, select: { id: true, type: true, detail: true, at: true } });
  let diagnosis: SignatureDiagnosis | null = null;
  if (row.signature !== null && row.signature !== "VALID" && env && !row.truncated) {
    diagnosis = diagnoseSignature({ rawBody: body, alipayPublicKey: env.alipayPublicKey, appPublicKey: createPublicKey(env.appPrivateKey) });
  }
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
    sourceAddress: row.sourceAddress,
    contentType: row.contentType,
    bodySize: row.bodySize,
    truncated: row.truncated,
    charset: row.charset,
    rawBody: bodyText(body),
    params: decoded ? Object.entries(decoded.params) : [],
    decodeError,
    /** The exact string rule V1 verifies (sign and sign_type left out, sorted). */
    signContent: decoded ? notifySignContentV1(decoded.params) : null,
    signature: row.signature,
    checks: row.checks ? (JSON.parse(row.checks) as Array<{ check: string; ok: boolean; detail?: string }>) : [],
    outcome: row.outcome,
    error: row.error,
    reply: row.reply,
    order: row.order,
    applied: applied.map((event) => ({ id: event.id, type: event.type, at: event.at.toISOString(), detail: JSON.parse(event.detail) as Record<string, unknown> })),
    diagnosis,
  };
}

export type NotificationDetail = NonNullable<Awaited<ReturnType<typeof getNotificationDetail>>>;
