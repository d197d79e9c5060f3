// The checkout's server-sent events: the view on connect and whenever it changes (a new version, or the
// expiry passing), heartbeat comments while nothing does, and an end once the order can no longer
// change, when the buyer leaves, or when the stream has lived long enough (the browser then reconnects
// and gets the view again).
import type { CheckoutView } from "@/lib/payments/views";
import { isTerminal } from "./state";

/** The event name the views are sent under (the page listens for it). */
export const CHECKOUT_EVENT = "checkout";

export type CheckoutStreamOptions = {
  /** Reads the view now; null when the order is gone. */
  load: () => Promise<CheckoutView | null>;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
  /** Called when `load` fails: the stream ends, and the browser reconnects. */
  onError: (error: unknown) => void;
  pollMs?: number;
  heartbeatMs?: number;
  lifetimeMs?: number;
  /** How long the browser waits before reconnecting (the `retry:` field). */
  retryMs?: number;
};

export function formatEvent(event: string, data: unknown): string {
  // JSON escapes line breaks, so the data is always one `data:` line.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export function checkoutEventStream(options: CheckoutStreamOptions): ReadableStream<Uint8Array> {
  const { load, onError, pollMs = 1_000, heartbeatMs = 15_000, lifetimeMs = 10 * 60_000, retryMs = 3_000 } = options;
  const cancelled = new AbortController();
  const signal = AbortSignal.any([options.signal, cancelled.signal]);
  const encoder = new TextEncoder();

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const run = async () => {
        const endAt = Date.now() + lifetimeMs;
        let last: CheckoutView | null = null;
        let lastSentAt = Date.now();
        send(`retry: ${retryMs}\n\n`);
        while (!signal.aborted) {
          const view = await load();
          if (signal.aborted || view === null) return;
          if (last === null || view.version !== last.version || view.state !== last.state) {
            send(formatEvent(CHECKOUT_EVENT, view));
            last = view;
            lastSentAt = Date.now();
          } else if (Date.now() - lastSentAt >= heartbeatMs) {
            send(": heartbeat\n\n");
            lastSentAt = Date.now();
          }
          if (isTerminal(view, Date.now()) || Date.now() >= endAt) return;
          await pause(pollMs, signal);
        }
      };
      void run()
        .catch(onError)
        .finally(() => {
          // A cancelled stream is closed already.
          if (!cancelled.signal.aborted) controller.close();
        });
    },
    cancel() {
      cancelled.abort();
    },
  });
}
