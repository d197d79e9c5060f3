// One operator's server-sent event stream of the change feed: what happened after the reader's cursor
// (Last-Event-ID when the browser reconnects, `since` from the page it opened), then everything new,
// with heartbeats, until the reader leaves or the stream has lived long enough.
import "server-only";
import { formatCursor, type FeedCursor, type ResumeCursor } from "./cursor";
import type { Delivery, Feed } from "./feed";
import { FEED_EVENT, RESYNC_EVENT } from "./items";

export type FeedStreamOptions = {
  feed: Feed;
  from: ResumeCursor | null;
  signal: AbortSignal;
  heartbeatMs?: number;
  /** The browser reconnects after this (with Last-Event-ID), which also re-checks the session. */
  lifetimeMs?: number;
  retryMs?: number;
};

const encoder = new TextEncoder();

function frame(event: string, cursor: FeedCursor, data: unknown): string {
  return `id: ${formatCursor(cursor)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The feed hands one delivery to every stream at the same position: it is serialized and encoded once, for all of them. */
const encoded = new WeakMap<Delivery, Uint8Array>();

function itemsFrame(delivery: Delivery): Uint8Array {
  let bytes = encoded.get(delivery);
  if (!bytes) {
    bytes = encoder.encode(frame(FEED_EVENT, delivery.cursor, { items: delivery.items, cursor: formatCursor(delivery.cursor) }));
    encoded.set(delivery, bytes);
  }
  return bytes;
}

export function feedEventStream({ feed, from, signal, heartbeatMs = 15_000, lifetimeMs = 10 * 60_000, retryMs = 2_000 }: FeedStreamOptions): ReadableStream<Uint8Array> {
  let finish: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      let last = Date.now();
      const send = (chunk: string | Uint8Array) => {
        if (!open) return;
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        last = Date.now();
      };
      send(`retry: ${retryMs}\n\n`);
      const leave = await feed.subscribe(
        {
          deliver: (delivery) => send(itemsFrame(delivery)),
          resync: (cursor) => send(frame(RESYNC_EVENT, cursor, { cursor: formatCursor(cursor) })),
        },
        from,
      ).catch((error: unknown) => {
        controller.error(error);
        return null;
      });
      if (!leave) return;
      const heartbeat = setInterval(() => {
        if (Date.now() - last >= heartbeatMs) send(": heartbeat\n\n");
      }, Math.min(heartbeatMs, 5_000));
      const end = setTimeout(() => finish?.(), lifetimeMs);
      finish = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        clearTimeout(end);
        leave();
        try {
          controller.close();
        } catch {
          // Already closed by the reader.
        }
      };
      if (signal.aborted) finish();
      signal.addEventListener("abort", () => finish?.(), { once: true });
    },
    cancel() {
      finish?.();
    },
  });
}
