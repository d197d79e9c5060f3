// Time-bound business rules on the wire: QR lifetimes (at most 2 h), trade timeouts closing unpaid
// trades with a notification, first-scanner-only payment, and the daily bill.
import { describe, expect, it } from "vitest";
import { decodeForm } from "@/lib/alipay/form";
import { formatAlipayDate, formatAlipayTime } from "@/lib/alipay/time";
import { decodeGbk } from "../bill/test-support/bill-csv";
import { readZip } from "../bill/test-support/read-zip";
import { execWith, uniqueOutTradeNo, useSandbox, type NotifyReceiver, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let receiver: NotifyReceiver;
useSandbox({}, (fixture) => ({ sandbox, receiver } = fixture));

const exec = execWith(() => sandbox);
const advance = (advance: string) => sandbox.api("POST", "/api/clock", { advance });
const scan = (qrCode: string, buyerId?: string) => sandbox.api<{ error?: { code: string } }>("POST", "/api/buyer/scan", { qr_code: qrCode, buyer_id: buyerId });
const pay = (qrCode: string, buyerId?: string) => sandbox.api<{ error?: { code: string } }>("POST", "/api/buyer/pay", { qr_code: qrCode, buyer_id: buyerId });

async function order(biz: Record<string, unknown> = {}) {
  const outTradeNo = uniqueOutTradeNo("L");
  const node = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "15.00", subject: "时效", ...biz }, { notify_url: receiver.url });
  expect(node.code).toBe("10000");
  return { outTradeNo, qrCode: node.qr_code as string };
}

describe("QR and trade lifetimes", () => {
  it("a QR dies after qr_code_timeout_express; the order is then still no trade", async () => {
    const { outTradeNo, qrCode } = await order({ qr_code_timeout_express: "5m" });
    await advance("6m");
    expect((await scan(qrCode)).json.error?.code).toBe("QR_EXPIRED");
    expect((await exec("alipay.trade.query", { out_trade_no: outTradeNo })).sub_code).toBe("ACQ.TRADE_NOT_EXIST");
    const again = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "15.00", subject: "时效", qr_code_timeout_express: "5m" });
    expect(again.qr_code).not.toBe(qrCode);
    expect((await pay(again.qr_code as string)).status).toBe(200);
  });

  it("a QR lives at most 2 h whatever is asked", async () => {
    const { qrCode } = await order({ qr_code_timeout_express: "3h", timeout_express: "1d" });
    await advance("1h59m");
    const { qrCode: second } = await order({ qr_code_timeout_express: "3h", timeout_express: "1d" });
    await advance("2m");
    expect((await scan(qrCode)).json.error?.code).toBe("QR_EXPIRED");
    expect((await scan(second)).status).toBe(200);
  });

  it("time_expire caps the QR and beats timeout_express", async () => {
    const inTenMinutes = formatAlipayTime(new Date(Date.now() + (await clockOffset()) + 10 * 60_000));
    const { qrCode } = await order({ time_expire: inTenMinutes, timeout_express: "1d" });
    await advance("11m");
    expect((await scan(qrCode)).json.error?.code).toBe("QR_EXPIRED");
  });

  it("closes a scanned but unpaid trade at its timeout, notifies TRADE_CLOSED, and refuses the late payment", async () => {
    const { outTradeNo, qrCode } = await order({ timeout_express: "10m" });
    expect((await scan(qrCode)).status).toBe(200);
    await advance("11m");
    await receiver.waitFor(1);
    expect(decodeForm(receiver.received[0]!.body).params).toMatchObject({ out_trade_no: outTradeNo, trade_status: "TRADE_CLOSED" });
    expect((await exec("alipay.trade.query", { out_trade_no: outTradeNo })).trade_status).toBe("TRADE_CLOSED");
    expect((await pay(qrCode)).json.error?.code).toBe("TRADE_CLOSED");
  });

  it("closes a scanned trade when its QR dies, as the latest payment time, dated at that deadline", async () => {
    const { outTradeNo, qrCode } = await order({ qr_code_timeout_express: "30m", timeout_express: "1d" });
    expect((await scan(qrCode)).status).toBe(200);
    await advance("2d");
    const deadline = Date.now() + 5000;
    const mine = () => receiver.received.map((r) => decodeForm(r.body).params).find((p) => p.out_trade_no === outTradeNo);
    while (!mine() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = mine()!;
    expect(closed).toMatchObject({ out_trade_no: outTradeNo, trade_status: "TRADE_CLOSED" });
    const minutes = (Date.parse(closed.gmt_close!.replace(" ", "T") + "+08:00") - Date.parse(closed.gmt_create!.replace(" ", "T") + "+08:00")) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(29);
    expect(minutes).toBeLessThanOrEqual(31);
    expect((await pay(qrCode)).json.error?.code).toBe("TRADE_CLOSED");
  });

  it("only the buyer who scanned first can pay", async () => {
    const { qrCode } = await order();
    await scan(qrCode, "2088722003899169");
    const other = await pay(qrCode, "2088512613526436");
    expect(other.status).toBe(409);
    expect(other.json.error?.code).toBe("OTHER_BUYER");
    expect((await pay(qrCode, "2088722003899169")).status).toBe(200);
    expect((await pay(qrCode, "2088722003899169")).json.error?.code).toBe("ALREADY_PAID");
  });

  it("refuses buyer calls with unknown QRs or malformed input", async () => {
    expect((await pay("https://qr.alipay.com/bax0nothinghere")).status).toBe(404);
    const bad = await sandbox.api<{ error: { code: string } }>("POST", "/api/buyer/pay", { buyer_id: "123" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("INVALID_REQUEST");
  });
});

async function clockOffset(): Promise<number> {
  return (await sandbox.api<{ offset_ms: number }>("GET", "/api/clock")).json.offset_ms;
}

describe("alipay.data.dataservice.bill.downloadurl.query", () => {
  it("has no bill for today, serves yesterday's from 09:00 Beijing as a real-format zip for 30 seconds", async () => {
    const { outTradeNo, qrCode } = await order();
    await pay(qrCode);
    await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "5.00", out_request_no: "RB1" });
    const now = Date.now() + (await clockOffset());
    const billDate = formatAlipayDate(new Date(now));
    expect((await exec("alipay.data.dataservice.bill.downloadurl.query", { bill_type: "trade", bill_date: billDate })).sub_code).toBe("isp.bill_not_exist");

    // Move to 09:00:30 Beijing on the next day.
    const [y, m, d] = billDate.split("-").map(Number) as [number, number, number];
    const nextNine = Date.UTC(y, m - 1, d + 1, 1, 0, 30);
    await sandbox.api("POST", "/api/clock", { advance: Math.ceil((nextNine - now) / 1000) });
    const node = await exec("alipay.data.dataservice.bill.downloadurl.query", { bill_type: "trade", bill_date: billDate });
    expect(node.code).toBe("10000");
    const response = await fetch(String(node.bill_download_url));
    expect(response.headers.get("content-type")).toBe("application/zip");
    const entries = readZip(Buffer.from(await response.arrayBuffer())).map((e) => ({ name: decodeGbk(e.name), text: decodeGbk(e.data) }));
    const detail = entries.find((e) => e.name.endsWith("_业务明细.csv"))!;
    expect(detail.text).toContain(`${outTradeNo}\t`);
    const lines = detail.text.split("\r\n").filter((line) => line.includes(outTradeNo));
    expect(lines).toHaveLength(2);
    expect(lines.some((line) => line.includes("退款") && line.includes("-5.00") && line.includes("RB1"))).toBe(true);

    await advance("31s");
    expect((await fetch(String(node.bill_download_url))).status).toBe(410);
  });

  it("serves a monthly bill once the month is over, and none for the current month", async () => {
    const month = formatAlipayDate(new Date(Date.now() + (await clockOffset()))).slice(0, 7);
    expect((await exec("alipay.data.dataservice.bill.downloadurl.query", { bill_type: "trade", bill_date: month })).sub_code).toBe("isp.bill_not_exist");
    const node = await exec("alipay.data.dataservice.bill.downloadurl.query", { bill_type: "trade", bill_date: "2024-01" });
    const zip = Buffer.from(await (await fetch(String(node.bill_download_url))).arrayBuffer());
    const names = readZip(zip).map((e) => decodeGbk(e.name));
    expect(names).toEqual([`${sandbox.ctx.config.sellerId}0156_202401_业务明细.csv`, `${sandbox.ctx.config.sellerId}0156_202401_业务明细(汇总).csv`]);
  });

  it("refuses malformed dates and dates before 2016", async () => {
    for (const bill_date of ["2024/01/01", "2024-13-01", "2015-12-31", "yesterday"]) {
      expect((await exec("alipay.data.dataservice.bill.downloadurl.query", { bill_type: "trade", bill_date })).sub_code).toBe("isv.invalid-arguments");
    }
    expect((await exec("alipay.data.dataservice.bill.downloadurl.query", { bill_date: "2024-01-01" })).sub_code).toBe("ACQ.INVALID_PARAMETER");
  });
});
