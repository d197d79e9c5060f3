// The sandbox clock: real time plus an offset that tests and demos move forward (QR and trade
// expiry, refund windows). Notification retry gaps are compressed separately by the time scale.

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
      offset += ms;
    },
    offsetMs: () => offset,
  };
}
