// GET /bill/download?token=… – the bill file behind a bill_download_url, while the link lives (30 s).
// GET /bill/preview?bill_date=… – the sandbox's own helper (Alipay has none): the same file for any day,
// today's included, as it stands so far, to upload into a console or to look at before the day is over.
import { sql } from "../store/db";
import type { ServerResponse } from "node:http";
import { buildTradeBill } from "../bill/build-trade-bill";
import { parseBillDate } from "../bill/bill-time";
import type { SandboxContext } from "../context";
import { listBillRows } from "../trades/bill-rows";
import { HttpError } from "./io";

export function serveBill(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const token = url.searchParams.get("token") ?? "";
  const link = sql(ctx.db, "SELECT * FROM bill_links WHERE token = ?").get(token) as { bill_date: string; expires_at: number } | undefined;
  if (!link) throw new HttpError(404, "BILL_LINK_UNKNOWN", "unknown bill link");
  if (link.expires_at < ctx.clock.now()) throw new HttpError(410, "BILL_LINK_EXPIRED", "the bill link expired (links live 30 seconds)");
  sendBill(ctx, res, link.bill_date);
}

export function serveBillPreview(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const billDate = url.searchParams.get("bill_date") ?? "";
  try {
    if (parseBillDate(billDate).monthly) throw new RangeError("a day");
  } catch {
    throw new HttpError(400, "INVALID_DATE", "bill_date must be a real day, yyyy-MM-dd");
  }
  sendBill(ctx, res, billDate);
}

function sendBill(ctx: SandboxContext, res: ServerResponse, billDate: string): void {
  const bill = buildTradeBill({
    pid: ctx.config.sellerId,
    date: billDate,
    rows: listBillRows(ctx, billDate),
    exportedAt: new Date(ctx.clock.now()),
  });
  res.writeHead(200, {
    "content-type": "application/zip",
    "content-length": bill.zip.length,
    "content-disposition": `attachment; filename="${bill.fileName}"`,
  });
  res.end(bill.zip);
}
