// Every gateway method round-trips with the official alipay-sdk as an independent client, its
// response-signature check switched on, and shows its business rules on the wire.
import { describe, expect, it } from "vitest";
import { execWith, uniqueOutTradeNo, useSandbox, type NotifyReceiver, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let receiver: NotifyReceiver;
useSandbox({}, (fixture) => ({ sandbox, receiver } = fixture));

const exec = execWith(() => sandbox);

async function precreate(amount = "10.00", extra: Record<string, unknown> = {}) {
  const outTradeNo = uniqueOutTradeNo();
  const node = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: amount, subject: "测试商品 Test", ...extra }, { notify_url: receiver.url });
  expect(node.code).toBe("10000");
  return { outTradeNo, qrCode: node.qr_code as string };
}

async function pay(qrCode: string, buyerId?: string) {
  const { status, json } = await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode, buyer_id: buyerId });
  expect(status).toBe(200);
  return json as { trade: { trade_no: string; trade_status: string } };
}

describe("alipay.trade.precreate", () => {
  it("returns a QR for the order, signed", async () => {
    const { outTradeNo, qrCode } = await precreate("0.01");
    expect(qrCode).toMatch(new RegExp(`^${sandbox.url}/qr/bax0[a-z0-9]+$`));
    expect(outTradeNo).toMatch(/^T/);
  });

  it("returns the same QR again before the scan, and a new one when the parameters change", async () => {
    const outTradeNo = uniqueOutTradeNo();
    const biz = { out_trade_no: outTradeNo, total_amount: "5.00", subject: "A" };
    const first = await exec("alipay.trade.precreate", biz);
    const again = await exec("alipay.trade.precreate", biz);
    expect(again.qr_code).toBe(first.qr_code);
    const changed = await exec("alipay.trade.precreate", { ...biz, total_amount: "6.00" });
    expect(changed.code).toBe("10000");
    expect(changed.qr_code).not.toBe(first.qr_code);
    const old = await sandbox.api("POST", "/api/buyer/scan", { qr_code: first.qr_code });
    expect(old.status).toBe(404);
  });

  it("after the scan accepts identical parameters only, and refuses paid and closed numbers", async () => {
    const { outTradeNo, qrCode } = await precreate("7.00");
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: qrCode });
    const same = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "7.00", subject: "测试商品 Test" });
    expect(same.code).toBe("10000");
    const different = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "8.00", subject: "测试商品 Test" });
    expect([different.code, different.sub_code]).toEqual(["40004", "ACQ.CONTEXT_INCONSISTENT"]);
    await pay(qrCode);
    const paid = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "7.00", subject: "测试商品 Test" });
    expect(paid.sub_code).toBe("ACQ.TRADE_HAS_SUCCESS");

    const closedOrder = await precreate("3.00");
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: closedOrder.qrCode });
    expect((await exec("alipay.trade.close", { out_trade_no: closedOrder.outTradeNo })).code).toBe("10000");
    const closed = await exec("alipay.trade.precreate", { out_trade_no: closedOrder.outTradeNo, total_amount: "3.00", subject: "测试商品 Test" });
    expect(closed.sub_code).toBe("ACQ.TRADE_HAS_CLOSE");
  });

  it("compares repeated parameters by value: 7, \"7\" and \"7.00\" are the same amount", async () => {
    const { outTradeNo, qrCode } = await precreate("7.00");
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: qrCode });
    for (const total_amount of ["7", 7, "7.0"]) {
      const again = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount, subject: "测试商品 Test" });
      expect([again.code, again.qr_code]).toEqual(["10000", qrCode]);
    }
  });

  it("answers a paid number as paid even when the rest of the request is invalid now", async () => {
    const { outTradeNo, qrCode } = await precreate("2.00");
    await pay(qrCode);
    const late = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "2.00", subject: "s", time_expire: "2020-01-01 00:00:00" });
    expect(late.sub_code).toBe("ACQ.TRADE_HAS_SUCCESS");
  });

  it.each([
    [{ goods_detail: [{ goods_id: "g1", goods_name: "咖啡", quantity: 0, price: "1.00" }] }, "ACQ.INVALID_PARAMETER"],
    [{ goods_detail: [["nested"]] }, "ACQ.INVALID_PARAMETER"],
    [{ goods_detail: "not a list" }, "ACQ.INVALID_PARAMETER"],
    [{ total_amount: "0.00" }, "ACQ.TOTAL_FEE_EXCEED"],
    [{ total_amount: "100000000.01" }, "ACQ.TOTAL_FEE_EXCEED"],
    [{ total_amount: "1.001" }, "ACQ.INVALID_PARAMETER"],
    [{ total_amount: "-1.00" }, "ACQ.INVALID_PARAMETER"],
    [{ total_amount: "abc" }, "ACQ.INVALID_PARAMETER"],
    [{ total_amount: undefined }, "ACQ.INVALID_PARAMETER"],
    [{ subject: undefined }, "ACQ.INVALID_PARAMETER"],
    [{ subject: "x".repeat(257) }, "ACQ.INVALID_PARAMETER"],
    [{ out_trade_no: "has space" }, "ACQ.INVALID_PARAMETER"],
    [{ out_trade_no: "x".repeat(65) }, "ACQ.INVALID_PARAMETER"],
    [{ timeout_express: "16d" }, "ACQ.INVALID_PARAMETER"],
    [{ qr_code_timeout_express: "5x" }, "ACQ.INVALID_PARAMETER"],
    [{ time_expire: "2020-01-01 00:00:00" }, "ACQ.INVALID_PARAMETER"],
    [{ seller_id: "2088999999999999" }, "ACQ.INVALID_PARAMETER"],
    [{ product_code: "QUICK_MSECURITY_PAY" }, "ACQ.INVALID_PARAMETER"],
  ])("refuses %o with %s", async (override, subCode) => {
    const biz = { out_trade_no: uniqueOutTradeNo(), total_amount: "1.00", subject: "s", ...override };
    const node = await exec("alipay.trade.precreate", Object.fromEntries(Object.entries(biz).filter(([, v]) => v !== undefined)));
    expect(node.code).toBe("40004");
    expect(node.sub_code).toBe(subCode);
    expect(typeof node.sub_msg).toBe("string");
  });

  it("accepts the boundary amounts 0.01 and 100000000.00, and a JSON number", async () => {
    for (const total_amount of ["0.01", "100000000.00", 12.5]) {
      const node = await exec("alipay.trade.precreate", { out_trade_no: uniqueOutTradeNo(), total_amount, subject: "s" });
      expect(node.code).toBe("10000");
    }
  });
});

describe("alipay.trade.query", () => {
  it("knows no trade before the scan, then follows WAIT_BUYER_PAY → TRADE_SUCCESS", async () => {
    const { outTradeNo, qrCode } = await precreate("12.34");
    const before = await exec("alipay.trade.query", { out_trade_no: outTradeNo });
    expect([before.code, before.sub_code]).toEqual(["40004", "ACQ.TRADE_NOT_EXIST"]);

    await sandbox.api("POST", "/api/buyer/scan", { qr_code: qrCode, buyer_id: "2088722003899169" });
    const waiting = await exec("alipay.trade.query", { out_trade_no: outTradeNo });
    expect(waiting).toMatchObject({ code: "10000", trade_status: "WAIT_BUYER_PAY", total_amount: "12.34", buyer_user_id: "2088722003899169", buyer_logon_id: "152****6706" });
    expect(waiting.send_pay_date).toBeUndefined();

    const { trade } = await pay(qrCode, "2088722003899169");
    const paid = await exec("alipay.trade.query", { trade_no: trade.trade_no, query_options: ["fund_bill_list"] });
    expect(paid).toMatchObject({ code: "10000", trade_status: "TRADE_SUCCESS", trade_no: trade.trade_no, out_trade_no: outTradeNo, receipt_amount: "12.34" });
    expect(paid.send_pay_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(paid.fund_bill_list).toEqual([{ amount: "12.34", fund_channel: "ALIPAYACCOUNT", real_amount: "12.34" }]);
    expect(trade.trade_no).toMatch(/^\d{28}$/);
  });

  it("needs out_trade_no or trade_no", async () => {
    expect((await exec("alipay.trade.query", {})).sub_code).toBe("ACQ.INVALID_PARAMETER");
  });
});

describe("alipay.trade.close", () => {
  it("finds nothing to close before the scan, and the QR stays payable", async () => {
    const { outTradeNo, qrCode } = await precreate();
    expect((await exec("alipay.trade.close", { out_trade_no: outTradeNo })).sub_code).toBe("ACQ.TRADE_NOT_EXIST");
    expect((await pay(qrCode)).trade.trade_status).toBe("TRADE_SUCCESS");
  });

  it("closes WAIT_BUYER_PAY only", async () => {
    const { outTradeNo, qrCode } = await precreate();
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: qrCode });
    const closed = await exec("alipay.trade.close", { out_trade_no: outTradeNo, operator_id: "op1" });
    expect(closed).toMatchObject({ code: "10000", out_trade_no: outTradeNo });
    expect((await exec("alipay.trade.query", { out_trade_no: outTradeNo })).trade_status).toBe("TRADE_CLOSED");
    expect((await exec("alipay.trade.close", { out_trade_no: outTradeNo })).sub_code).toBe("ACQ.TRADE_STATUS_ERROR");
    expect((await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode })).status).toBe(409);
  });
});

describe("alipay.trade.refund and fastpay.refund.query", () => {
  it("refunds partially with a cumulative refund_fee, replays idempotently, refuses discordant and excess, closes when full", async () => {
    const { outTradeNo, qrCode } = await precreate("10.00");
    const { trade } = await pay(qrCode);
    const first = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "3.00", out_request_no: "R1", refund_reason: "少发一件" });
    expect(first).toMatchObject({ code: "10000", fund_change: "Y", refund_fee: "3.00", send_back_fee: "3.00", trade_no: trade.trade_no });
    const replay = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "3.00", out_request_no: "R1" });
    expect(replay).toMatchObject({ code: "10000", fund_change: "N", refund_fee: "3.00" });
    const discordant = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "4.00", out_request_no: "R1" });
    expect(discordant.sub_code).toBe("ACQ.DISCORDANT_REPEAT_REQUEST");
    const excess = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "7.01", out_request_no: "R2" });
    expect(excess.sub_code).toBe("ACQ.REASON_TRADE_REFUND_FEE_ERR");
    const noRequestNo = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "1.00" });
    expect(noRequestNo.sub_code).toBe("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
    const second = await exec("alipay.trade.refund", { trade_no: trade.trade_no, refund_amount: "7.00", out_request_no: "R2" });
    expect(second).toMatchObject({ code: "10000", fund_change: "Y", refund_fee: "10.00" });
    expect((await exec("alipay.trade.query", { out_trade_no: outTradeNo })).trade_status).toBe("TRADE_CLOSED");
    const afterClose = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "0.01", out_request_no: "R3" });
    expect(afterClose.sub_code).toBe("ACQ.TRADE_STATUS_ERROR");
    expect((await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "3.00", out_request_no: "R1" })).fund_change).toBe("N");

    const found = await exec("alipay.trade.fastpay.refund.query", { out_trade_no: outTradeNo, out_request_no: "R1", query_options: ["gmt_refund_pay"] });
    expect(found).toMatchObject({ code: "10000", refund_status: "REFUND_SUCCESS", refund_amount: "3.00", total_amount: "10.00", out_request_no: "R1" });
    expect(found.refund_reason).toBeUndefined();
    expect(found.gmt_refund_pay).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const missing = await exec("alipay.trade.fastpay.refund.query", { out_trade_no: outTradeNo, out_request_no: "NOPE" });
    expect(missing.code).toBe("10000");
    expect(missing.refund_status).toBeUndefined();
    expect(missing.refund_amount).toBeUndefined();
  });

  it("refuses refunds of unpaid and unknown trades, and a full refund without out_request_no uses the trade number", async () => {
    const unpaid = await precreate("2.00");
    expect((await exec("alipay.trade.refund", { out_trade_no: unpaid.outTradeNo, refund_amount: "2.00" })).sub_code).toBe("ACQ.TRADE_NOT_EXIST");
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: unpaid.qrCode });
    expect((await exec("alipay.trade.refund", { out_trade_no: unpaid.outTradeNo, refund_amount: "2.00" })).sub_code).toBe("ACQ.TRADE_STATUS_ERROR");

    const paid = await precreate("2.00");
    await pay(paid.qrCode);
    expect((await exec("alipay.trade.refund", { out_trade_no: paid.outTradeNo, refund_amount: "2.00" })).fund_change).toBe("Y");
    const byTradeNumber = await exec("alipay.trade.fastpay.refund.query", { out_trade_no: paid.outTradeNo, out_request_no: paid.outTradeNo });
    expect(byTradeNumber.refund_status).toBe("REFUND_SUCCESS");
    expect((await exec("alipay.trade.fastpay.refund.query", { out_trade_no: "UNKNOWN1", out_request_no: "R" })).sub_code).toBe("ACQ.TRADE_NOT_EXIST");
  });

  it("refuses refunds once the refund window ended (TRADE_FINISHED)", async () => {
    const { outTradeNo, qrCode } = await precreate("2.00");
    await pay(qrCode);
    expect((await sandbox.api("POST", `/api/trades/${outTradeNo}/finish`)).status).toBe(200);
    expect((await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "1.00", out_request_no: "R1" })).sub_code).toBe("ACQ.TRADE_HAS_FINISHED");
  });
});

describe("alipay.trade.cancel", () => {
  it("closes an unpaid trade, refunds a paid one, and voids an unscanned QR", async () => {
    const waiting = await precreate();
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: waiting.qrCode });
    expect(await exec("alipay.trade.cancel", { out_trade_no: waiting.outTradeNo })).toMatchObject({ code: "10000", action: "close", retry_flag: "N" });

    const paid = await precreate("4.00");
    await pay(paid.qrCode);
    expect(await exec("alipay.trade.cancel", { out_trade_no: paid.outTradeNo })).toMatchObject({ code: "10000", action: "refund" });
    expect((await exec("alipay.trade.query", { out_trade_no: paid.outTradeNo })).trade_status).toBe("TRADE_CLOSED");

    const unscanned = await precreate();
    const cancelled = await exec("alipay.trade.cancel", { out_trade_no: unscanned.outTradeNo });
    expect(cancelled.code).toBe("10000");
    expect(cancelled.action).toBeUndefined();
    expect((await sandbox.api("POST", "/api/buyer/pay", { qr_code: unscanned.qrCode })).json).toMatchObject({ error: { code: "QR_VOID" } });
  });

  it("refuses a cancel after the window, telling the merchant to refund", async () => {
    const paid = await precreate("4.00");
    await pay(paid.qrCode);
    await sandbox.api("POST", "/api/clock", { advance: "25h" });
    expect((await exec("alipay.trade.cancel", { out_trade_no: paid.outTradeNo })).sub_code).toBe("ACQ.TRADE_CANCEL_TIME_OUT");
  });
});
