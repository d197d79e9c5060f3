// GET /bill/download?token=… – the bill file behind a bill_download_url, while the link lives (30 s).
import { sql } from "../store/db";
import type { ServerResponse } from "node:http";
import { buildTradeBill } from "../bill/build-trade-bill";
import type { SandboxContext } from "../context";
import { listBillRows } from "../trades/bill-rows";
import { HttpError } from "./io";

export function serveBill(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const token = url.searchParams.get("token") ?? "";
  const link = sql(ctx.db, "SELECT * FROM bill_links WHERE token = ?").get(token) as { bill_date: string; expires_at: number } | undefined;
  if (!link) throw new HttpError(404, "BILL_LINK_UNKNOWN", "unknown bill link");
  if (link.expires_at < ctx.clock.now()) throw new HttpError(410, "BILL_LINK_EXPIRED", "the bill link expired (links live 30 seconds)");
  const bill = buildTradeBill({
    pid: ctx.config.sellerId,
    date: link.bill_date,
    rows: listBillRows(ctx, link.bill_date),
    exportedAt: new Date(ctx.clock.now()),
  });
  res.writeHead(200, {
    "content-type": "application/zip",
    "content-length": bill.zip.length,
    "content-disposition": `attachment; filename="${bill.fileName}"`,
  });
  res.end(bill.zip);
}
