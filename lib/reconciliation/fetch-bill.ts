// The daily bill job: asks Alipay for a day's trade bill (alipay.data.dataservice.bill.downloadurl.query,
// bill_type=trade, §3.7), downloads it at once (the URL lives 30 seconds), keeps and imports it, and runs
// the day. `isp.bill_not_exist` means not yet: the day waits and is tried again later. Days are claimed
// through a lease, so two instances never fetch the same day.
import "server-only";
import { formatAlipayDate } from "@/lib/alipay/time";
import type { PaymentsContext } from "@/lib/payments/context";
import { recordGatewayCall, transaction } from "@/lib/payments/store";
import { importBill } from "./import-bill";
import { reconcileDay, type ReconcileResult } from "./reconcile-day";

const METHOD = "alipay.data.dataservice.bill.downloadurl.query";
const DAY_MS = 24 * 60 * 60 * 1000;
/** The URL expires 30 s after it is issued: a download slower than this cannot succeed anyway. */
const DOWNLOAD_TIMEOUT_MS = 25_000;
/** A day's bill larger than this is refused rather than held in memory. */
export const MAX_BILL_BYTES = 256 * 1024 * 1024;
/** Waiting for a bill: every 30 minutes; after a failure, back off up to 6 hours. */
const WAIT_MS = 30 * 60_000;
const FAILURE_DELAYS_MS = [5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000];
const LEASE_MS = 5 * 60_000;
/** How many past days the job keeps trying to reconcile. */
export const LOOKBACK_DAYS = 7;

export type FetchOutcome = { status: "RECONCILED"; run: ReconcileResult } | { status: "WAITING" } | { status: "FAILED"; error: string };

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: "follow" });
  if (!response.ok) throw new Error(`the bill download answered HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_BILL_BYTES) throw new Error(`the bill is ${declared} bytes, above the ${MAX_BILL_BYTES} this console accepts`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_BILL_BYTES) throw new Error(`the bill is ${bytes.length} bytes, above the ${MAX_BILL_BYTES} this console accepts`);
  return bytes;
}

function fileNameOf(url: string, billDate: string): string {
  const fromUrl = new URL(url).searchParams.get("downloadFileName");
  return fromUrl && /^[\w.\u4e00-\u9fa5-]{1,128}$/.test(fromUrl) ? fromUrl : `trade_${billDate.replaceAll("-", "")}.csv.zip`;
}

/** Fetches, keeps, imports and reconciles one day's bill now. */
export async function fetchAndReconcile(ctx: PaymentsContext, billDate: string): Promise<FetchOutcome> {
  const call = await ctx.gateway.call(METHOD, { bill_type: "trade", bill_date: billDate });
  await transaction(ctx.db, (tx) => recordGatewayCall(tx, call, null));
  if (call.outcome === "BUSINESS_ERROR" && call.subCode === "isp.bill_not_exist") return { status: "WAITING" };
  const url = call.outcome === "SUCCESS" && typeof call.node?.bill_download_url === "string" ? call.node.bill_download_url : null;
  if (!url) return { status: "FAILED", error: `${METHOD}: ${call.outcome} ${call.subCode ?? call.code ?? call.error ?? ""}`.trim() };
  let bytes: Buffer;
  try {
    bytes = await download(url);
  } catch (error) {
    return { status: "FAILED", error: error instanceof Error ? error.message : String(error) };
  }
  const imported = await importBill(ctx.db, { billDate, source: "DOWNLOAD", fileName: fileNameOf(url, billDate), bytes, receivedBy: null }, ctx.settings.sellerId ?? null, { prepare: true });
  if (!imported.ok) return { status: "FAILED", error: `the bill was refused: ${imported.problem}${imported.line ? ` at line ${imported.line}` : ""}: ${imported.reason}` };
  return { status: "RECONCILED", run: await reconcileDay(ctx.db, billDate, { feeRateBp: ctx.settings.feeRateBp, now: ctx.now(), imported }) };
}

/** The Beijing days the job looks after: the last LOOKBACK_DAYS before today. */
export function recentBillDates(now: Date): string[] {
  return Array.from({ length: LOOKBACK_DAYS }, (_, i) => formatAlipayDate(new Date(now.getTime() - (i + 1) * DAY_MS)));
}

/** One pass of the job: each recent day not reconciled yet, when due, once (leased). */
export async function runBillJob(ctx: PaymentsContext, owner: string): Promise<number> {
  const now = ctx.now();
  const dates = recentBillDates(now);
  const known = new Map((await ctx.db.reconciliationDay.findMany({ where: { billDate: { in: dates } } })).map((day) => [day.billDate, day]));
  let done = 0;
  for (const billDate of dates) {
    const day = known.get(billDate);
    if (day && (day.status === "RECONCILED" || (day.nextAttemptAt && day.nextAttemptAt > now))) continue;
    if (!(await claimDay(ctx, billDate, owner, day !== undefined))) continue;
    const outcome = await fetchAndReconcile(ctx, billDate).catch((error: unknown) => ({ status: "FAILED" as const, error: error instanceof Error ? error.message : String(error) }));
    const attempts = (day?.attempts ?? 0) + 1;
    if (outcome.status !== "RECONCILED") {
      const delay = outcome.status === "WAITING" ? WAIT_MS : FAILURE_DELAYS_MS[Math.min(attempts - 1, FAILURE_DELAYS_MS.length - 1)]!;
      const error = outcome.status === "FAILED" ? outcome.error : null;
      if (error) ctx.log.warn("reconciliation.bill.failed", { billDate, error });
      await transaction(ctx.db, (tx) =>
        tx.reconciliationDay.update({ where: { billDate }, data: { status: outcome.status, attempts, lastError: error, nextAttemptAt: new Date(ctx.now().getTime() + delay), leaseOwner: null, leaseUntil: null } }),
      );
    } else {
      await transaction(ctx.db, (tx) => tx.reconciliationDay.update({ where: { billDate }, data: { attempts, leaseOwner: null, leaseUntil: null } }));
      ctx.log.info("reconciliation.day.reconciled", { billDate, exceptions: outcome.run.ok ? outcome.run.found : null });
    }
    done += 1;
  }
  return done;
}

/** Takes the day for `owner` unless another holds a live lease; creates its row when new. */
async function claimDay(ctx: PaymentsContext, billDate: string, owner: string, exists: boolean): Promise<boolean> {
  const now = ctx.now();
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  return transaction(ctx.db, async (tx) => {
    if (!exists) {
      const created = await tx.reconciliationDay.createMany({ data: [{ billDate, status: "WAITING", leaseOwner: owner, leaseUntil }] }).catch(() => ({ count: 0 }));
      if (created.count === 1) return true;
    }
    const { count } = await tx.reconciliationDay.updateMany({
      where: { billDate, status: { not: "RECONCILED" }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: owner, leaseUntil },
    });
    return count === 1;
  });
}
