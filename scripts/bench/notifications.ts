// Signed trade_status_sync notifications, made as the sandbox makes them (sandbox/notify/events.ts
// buildNotifyParams and sign-attempt.ts: the fields of §4.2, rule V1, RSA2 with the sandbox's Alipay
// key, a UTF-8 form body), for trades the benchmark pays itself: the sandbox's own builder needs its
// running state, and the benchmark must not wait for its notifier.
import type { KeyObject } from "node:crypto";
import type { Agent } from "node:http";
import { encodeForm } from "@/lib/alipay/form";
import { signText } from "@/lib/alipay/sign";
import { notifySignContentV1 } from "@/lib/alipay/sign-content";
import { formatAlipayTime } from "@/lib/alipay/time";
import { SANDBOX_BUYERS, newNotifyId, newTradeNo } from "@/sandbox/ids";
import { post } from "./load";

export type Merchant = { appId: string; sellerId: string };
export type PaidTrade = { outTradeNo: string; totalAmount: string; subject: string };

export const NOTIFY_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

/** POSTs a notification body as Alipay does; true when the answer is the plain `success` (§4.1). */
export function postNotification(agent: Agent, url: string, body: string): Promise<boolean> {
  return post(agent, url, body, { "content-type": NOTIFY_CONTENT_TYPE }).then((reply) => reply.status === 200 && reply.text === "success");
}

/** The TRADE_SUCCESS notification of `trade`, signed, as the exact form body Alipay would POST. */
export function tradeSuccessBody(merchant: Merchant, trade: PaidTrade, alipayPrivateKey: KeyObject, index: number): string {
  const now = Date.now();
  const buyer = SANDBOX_BUYERS[index % SANDBOX_BUYERS.length]!;
  const time = formatAlipayTime(new Date(now));
  const params: Record<string, string> = {
    notify_time: time,
    notify_id: newNotifyId(now),
    notify_type: "trade_status_sync",
    app_id: merchant.appId,
    auth_app_id: merchant.appId,
    charset: "utf-8",
    version: "1.0",
    trade_no: newTradeNo(now),
    out_trade_no: trade.outTradeNo,
    buyer_id: buyer.buyerId,
    buyer_logon_id: buyer.buyerLogonId,
    seller_id: merchant.sellerId,
    seller_email: "bench@sandbox.com",
    trade_status: "TRADE_SUCCESS",
    total_amount: trade.totalAmount,
    receipt_amount: trade.totalAmount,
    invoice_amount: trade.totalAmount,
    buyer_pay_amount: trade.totalAmount,
    point_amount: "0.00",
    fund_bill_list: JSON.stringify([{ amount: trade.totalAmount, fundChannel: "ALIPAYACCOUNT" }]),
    subject: trade.subject,
    gmt_create: time,
    gmt_payment: time,
    sign_type: "RSA2",
  };
  return encodeForm({ ...params, sign: signText(notifySignContentV1(params), alipayPrivateKey) });
}
