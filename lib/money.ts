// Money is integer fen everywhere; Alipay writes yuan as decimal strings ("12.30").
// This module is the only place that converts between the two.

export const MIN_AMOUNT_FEN = 1;
export const MAX_AMOUNT_FEN = 100_000_000_00;

const YUAN_PATTERN = /^(0|[1-9]\d{0,15})(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount as Alipay accepts it ("12", "12.3", "12.30") into fen.
 * Returns null for anything else: signs, exponents, spaces, more than two decimals.
 */
export function parseYuan(text: string): number | null {
  const match = YUAN_PATTERN.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Parses the strict two-decimal form Alipay itself writes ("0.10", "2.00"). */
export function parseYuanStrict(text: string): number | null {
  return /^\d+\.\d{2}$/.test(text) ? parseYuan(text) : null;
}

const SIGNED_YUAN_PATTERN = /^(-?)(0|[1-9]\d{0,15})(?:\.(\d{1,2}))?$/;

/**
 * Parses a signed yuan amount as Alipay's bill writes it ("-5.00" for a refund, "0.07") into fen.
 * Returns null for anything else; "-0.00" is 0.
 */
export function parseSignedYuan(text: string): number | null {
  const match = SIGNED_YUAN_PATTERN.exec(text);
  if (!match) return null;
  const fen = parseYuan(match[3] === undefined ? match[2]! : `${match[2]}.${match[3]}`);
  if (fen === null) return null;
  return match[1] && fen !== 0 ? -fen : fen;
}

/** Formats fen as Alipay writes yuan: always two decimals, built from integers, never floats. */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount must be an integer number of fen, got ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** An amount as the console shows it: ¥ and formatYuan; "—" for an amount not known. */
export function yuanText(fen: number | null): string {
  return fen === null ? "—" : `¥${formatYuan(fen)}`;
}

export function isPayableAmount(fen: number): boolean {
  return Number.isSafeInteger(fen) && fen >= MIN_AMOUNT_FEN && fen <= MAX_AMOUNT_FEN;
}
