// The sandbox clock: real time plus an offset that tests and demos move forward (QR and trade
// expiry, refund windows). Notification retry gaps are compressed separately by the time scale.

/** Far enough for a refund window or a late notification, near enough to stay a real calendar date. */
export const MAX_ADVANCE_MS = 400 * 86_400_000;

export type Clock = {
  now(): number;
  advance(ms: number): void;
  offsetMs(): number;
};

export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the clock only moves forward");
      if (ms > MAX_ADVANCE_MS) throw new RangeError("the clock moves at most 400 days at a time");
      offset += ms;
    },
    offsetMs: () => offset,
  };
}
