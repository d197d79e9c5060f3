// Identifiers shaped like Alipay's: 28-digit trade numbers that start with the date, 34-digit
// notify ids, opaque QR tokens, 2088… buyer ids with masked logon ids.
import { randomBytes, randomInt } from "node:crypto";
import { formatAlipayDate } from "@/lib/alipay/time";

function digits(count: number): string {
  let out = "";
  while (out.length < count) out += String(randomInt(0, 1_000_000_000)).padStart(9, "0");
  return out.slice(0, count);
}

function datePart(now: number): string {
  return formatAlipayDate(new Date(now)).replace(/-/g, "");
}

export function newTradeNo(now: number): string {
  return `${datePart(now)}22001${digits(15)}`;
}

export function newNotifyId(now: number): string {
  return `${datePart(now)}00222${digits(21)}`;
}

const TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function newQrToken(): string {
  const bytes = randomBytes(20);
  return `bax0${Array.from(bytes, (b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join("")}`;
}

export type Buyer = { buyerId: string; buyerLogonId: string };

/** The sandbox's buyers, as their Alipay accounts appear to a merchant (logon ids masked). */
export const SANDBOX_BUYERS: readonly Buyer[] = [
  { buyerId: "2088102177846880", buyerLogonId: "ifv***@sandbox.com" },
  { buyerId: "2088722003899169", buyerLogonId: "152****6706" },
  { buyerId: "2088512613526436", buyerLogonId: "xud***@126.com" },
  { buyerId: "2088331578818807", buyerLogonId: "185****2920" },
];

export function resolveBuyer(buyerId?: string): Buyer {
  if (!buyerId) return SANDBOX_BUYERS[0]!;
  const known = SANDBOX_BUYERS.find((b) => b.buyerId === buyerId);
  if (known) return known;
  return { buyerId, buyerLogonId: `${buyerId.slice(4, 7)}****${buyerId.slice(-4)}` };
}

export function isBuyerId(value: string): boolean {
  return /^2088\d{12}$/.test(value);
}
