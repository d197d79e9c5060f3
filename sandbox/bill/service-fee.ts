// The acquiring fee (服务费) of a payment, as written in the trade bill (alipay-protocol.md §6).

/** 0.6%: the standard 当面付 rate. */
export const DEFAULT_FEE_RATE_BASIS_POINTS = 60;

/**
 * Fee in fen for an amount in fen at a rate in basis points (60 = 0.6%), rounded half-up to
 * the fen. Integer arithmetic only: `amount * bp` stays far below 2^53 for any payable amount.
 */
export function computeServiceFee(amountFen: number, rateBasisPoints = DEFAULT_FEE_RATE_BASIS_POINTS): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RangeError(`amount must be a non-negative integer number of fen, got ${amountFen}`);
  }
  if (!Number.isInteger(rateBasisPoints) || rateBasisPoints < 0 || rateBasisPoints > 10_000) {
    throw new RangeError(`rate must be an integer number of basis points in 0..10000, got ${rateBasisPoints}`);
  }
  return Math.floor((amountFen * rateBasisPoints + 5_000) / 10_000);
}
