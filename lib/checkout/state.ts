// The checkout's states as the buyer's page follows them: which ones end the wait, which of two views
// is the newer, and what to show once the clock has run out before the server has said so.
import type { CheckoutState, CheckoutView } from "@/lib/payments/views";

const STATES: readonly CheckoutState[] = ["AWAITING_PAYMENT", "PAID", "EXPIRED", "CLOSED", "UNAVAILABLE"];
/**
 * How long after the expiry a closed or expired checkout still listens: a buyer who scanned before a
 * close can still pay until the QR dies at the expiry (Alipay's `time_expire`), and that payment is
 * real (the console takes it, flagged). Ten minutes cover its notification's way.
 */
export const LATE_PAYMENT_WATCH_MS = 10 * 60_000;

/** Nothing the page waits for comes after this: it stops listening. Paid, or closed and past the watch. */
export function isTerminal(view: Pick<CheckoutView, "state" | "expiresAt">, nowMs: number): boolean {
  if (view.state === "PAID") return true;
  const ended = view.state === "CLOSED" || view.state === "EXPIRED";
  return ended && nowMs >= Date.parse(view.expiresAt) + LATE_PAYMENT_WATCH_MS;
}

/**
 * Whether `next` replaces `current`: a later version of the order, or the same version in another
 * state (the server's clock passed the expiry, which changes no row).
 */
export function isNewerView(current: CheckoutView, next: CheckoutView): boolean {
  return next.version > current.version || (next.version === current.version && next.state !== current.state);
}

/** The state to show at `nowMs` (the server's time as the page estimates it): expired when the time is up. */
export function displayedState(view: CheckoutView, nowMs: number): CheckoutState {
  const open = view.state === "AWAITING_PAYMENT" || view.state === "UNAVAILABLE";
  return open && Date.parse(view.expiresAt) <= nowMs ? "EXPIRED" : view.state;
}

/** A view received as JSON (an event or a poll), or null when it does not look like one. */
export function parseCheckoutView(value: unknown): CheckoutView | null {
  if (typeof value !== "object" || value === null) return null;
  const view = value as Partial<Record<keyof CheckoutView, unknown>>;
  const valid =
    typeof view.id === "string" &&
    typeof view.state === "string" &&
    (STATES as readonly string[]).includes(view.state) &&
    typeof view.amount === "string" &&
    typeof view.subject === "string" &&
    typeof view.expiresAt === "string" &&
    typeof view.version === "number" &&
    typeof view.scanned === "boolean" &&
    (view.qrCode === null || typeof view.qrCode === "string") &&
    (view.returnUrl === null || typeof view.returnUrl === "string");
  return valid ? (value as CheckoutView) : null;
}
