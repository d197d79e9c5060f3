// Reading biz_content fields as the gateway does: required fields, lengths, patterns and amounts
// ([0.01, 100000000.00], at most two decimals). A bad field is ACQ.INVALID_PARAMETER naming it.
import { isPayableAmount, parseYuan } from "@/lib/money";
import { parseAlipayTime } from "@/lib/alipay/time";
import { TradeError } from "../context";

export type Biz = Record<string, unknown>;

function invalid(field: string, why: string): TradeError {
  return new TradeError("ACQ.INVALID_PARAMETER", `参数无效: ${field} ${why}`);
}

export function optionalString(biz: Biz, field: string, rule: { max: number; pattern?: RegExp } = { max: 256 }): string | undefined {
  const value = biz[field];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw invalid(field, "必须是字符串");
  if ([...value].length > rule.max) throw invalid(field, `长度不能超过 ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value)) throw invalid(field, "格式不正确");
  return value;
}

export function requiredString(biz: Biz, field: string, rule: { max: number; pattern?: RegExp } = { max: 256 }): string {
  const value = optionalString(biz, field, rule);
  if (value === undefined) throw new TradeError("ACQ.INVALID_PARAMETER", `缺少必选参数: ${field}`);
  return value;
}

/** An amount in fen; JSON numbers are read as Alipay reads its `Price` type. */
export function optionalAmount(biz: Biz, field: string, rangeSubCode = "ACQ.INVALID_PARAMETER"): number | undefined {
  const value = biz[field];
  if (value === undefined || value === null || value === "") return undefined;
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string") throw invalid(field, "必须是金额");
  const fen = parseYuan(text);
  if (fen === null) throw invalid(field, "必须是最多两位小数的金额");
  if (!isPayableAmount(fen)) throw new TradeError(rangeSubCode, `${field} 超出范围 [0.01, 100000000.00]`);
  return fen;
}

export function requiredAmount(biz: Biz, field: string, rangeSubCode?: string): number {
  const fen = optionalAmount(biz, field, rangeSubCode);
  if (fen === undefined) throw new TradeError("ACQ.INVALID_PARAMETER", `缺少必选参数: ${field}`);
  return fen;
}

const RELATIVE_TIMEOUT = /^(\d+)([mhd])$/;
const MAX_TIMEOUT_MS = 15 * 24 * 3600 * 1000;

/** `timeout_express`-style values: `Nm`, `Nh`, `Nd` (1m–15d) or `1c` (midnight, Beijing). */
export function optionalTimeout(biz: Biz, field: string, now: number): number | undefined {
  const value = optionalString(biz, field, { max: 8 });
  if (value === undefined) return undefined;
  if (value === "1c") {
    const beijingMidnight = Math.floor((now + 8 * 3600_000) / 86_400_000 + 1) * 86_400_000 - 8 * 3600_000;
    return beijingMidnight - now;
  }
  const match = RELATIVE_TIMEOUT.exec(value);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match?.[2] as "m" | "h" | "d"];
  const ms = match && unit ? Number(match[1]) * unit : NaN;
  if (!(ms >= 60_000 && ms <= MAX_TIMEOUT_MS)) throw invalid(field, "取值范围 1m～15d，或 1c");
  return ms;
}

export function optionalTime(biz: Biz, field: string): number | undefined {
  const value = optionalString(biz, field, { max: 32 });
  if (value === undefined) return undefined;
  const date = parseAlipayTime(value);
  if (!date) throw invalid(field, "格式必须为 yyyy-MM-dd HH:mm:ss");
  return date.getTime();
}

/** `out_trade_no` / `trade_no`: at least one; `trade_no` wins when both are given (§3.2). */
export function tradeRef(biz: Biz): { tradeNo?: string; outTradeNo?: string } {
  const tradeNo = optionalString(biz, "trade_no", { max: 64, pattern: /^\d+$/ });
  const outTradeNo = optionalString(biz, "out_trade_no", { max: 64 });
  if (!tradeNo && !outTradeNo) throw new TradeError("ACQ.INVALID_PARAMETER", "参数无效: out_trade_no 和 trade_no 不能同时为空");
  return tradeNo ? { tradeNo } : { outTradeNo };
}

export function queryOptions(biz: Biz): string[] {
  const value = biz.query_options;
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw invalid("query_options", "必须是字符串数组");
  return value as string[];
}
