// alipay.data.dataservice.bill.downloadurl.query (alipay-protocol.md §3.7): a daily bill from
// 09:00 (Beijing) the next day, a monthly one from the 3rd of the next month; before that, or for
// today, isp.bill_not_exist. The URL lives 30 seconds.
import { sql } from "../../store/db";
import { randomBytes } from "node:crypto";
import { TradeError, type SandboxContext } from "../../context";
import { requiredString } from "../biz";
import type { GatewayCall } from "../common";
import { successNode, type ResponseNode } from "../respond";

const LINK_LIFETIME_MS = 30_000;
const BEIJING_MS = 8 * 3600_000;

/** The moment (epoch ms) a bill for `billDate` becomes available. */
export function billAvailableAt(billDate: string): number {
  const [year, month, day] = billDate.split("-").map(Number) as [number, number, number | undefined];
  const availableBeijing = day === undefined ? Date.UTC(year, month, 3, 0, 0, 0) : Date.UTC(year, month - 1, day + 1, 9, 0, 0);
  return availableBeijing - BEIJING_MS;
}

function validDate(billDate: string): boolean {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(billDate);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), match[3] ? Number(match[3]) : 1];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && billDate >= "2016-01";
}

export function billDownloadUrl(ctx: SandboxContext, call: GatewayCall): ResponseNode {
  const billType = requiredString(call.biz, "bill_type", { max: 32 });
  const billDate = requiredString(call.biz, "bill_date", { max: 10 });
  if (!validDate(billDate)) throw new TradeError("isv.invalid-arguments", "参数无效: bill_date 格式须为 yyyy-MM-dd 或 yyyy-MM，且不早于 2016-01-01");
  if (billType !== "trade") throw new TradeError("isp.bill_not_exist", `账单不存在: 沙箱只提供 trade 类型账单（请求的是 ${billType}）`);
  const now = ctx.clock.now();
  if (billAvailableAt(billDate) > now) throw new TradeError("isp.bill_not_exist", "账单不存在: 账单尚未生成");

  const token = randomBytes(18).toString("hex");
  sql(ctx.db, "DELETE FROM bill_links WHERE expires_at < ?").run(now);
  sql(ctx.db, "INSERT INTO bill_links (token, bill_type, bill_date, expires_at) VALUES (?, ?, ?, ?)").run(token, billType, billDate, now + LINK_LIFETIME_MS);
  return successNode({ bill_download_url: `${ctx.config.publicUrl}/bill/download?token=${token}&bill_date=${billDate}` });
}
