// Identifiers we make: unguessable public order ids, merchant order numbers when the shop sends none,
// refund request numbers, row ids. Alipay's numbers are ≤64 characters of [A-Za-z0-9_] (§3).
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { formatAlipayTime } from "@/lib/alipay/time";

/** 128 random bits, base64url: the checkout page's id (the URL is the only key to it). */
export function newOrderId(): string {
  return randomBytes(16).toString("base64url");
}

export function newRowId(): string {
  return randomUUID();
}

function digits(count: number): string {
  return Array.from({ length: count }, () => randomInt(10)).join("");
}

/** Beijing date and time, then random digits: `20261124103000` + 8 digits. */
export function newOutTradeNo(now: Date): string {
  return `${formatAlipayTime(now).replace(/\D/g, "")}${digits(8)}`;
}

export function newOutRequestNo(now: Date): string {
  return `RF${formatAlipayTime(now).replace(/\D/g, "")}${digits(8)}`;
}

/**
 * The Alipay-side out_trade_no of a precreate attempt: the merchant's number for the first, then a fresh
 * one for each retry (a retry after an unknown outcome must not reuse the number, §3.1).
 */
export function attemptOutTradeNo(outTradeNo: string, attempt: number): string {
  if (attempt === 1) return outTradeNo;
  const suffix = `_R${attempt}${digits(4)}`;
  return `${outTradeNo.slice(0, 64 - suffix.length)}${suffix}`;
}
