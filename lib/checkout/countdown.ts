// The countdown to a checkout's expiry, as the buyer reads it: minutes and seconds, hours when there
// are any. Rounded up, so that 00:00 appears exactly when the order expires.

/** `29:41`, `1:05:09`; never negative. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${String(minutes).padStart(2, "0")}:${seconds}`;
}
