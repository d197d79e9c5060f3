// What the streams of one phase received, against what the phase sent: every delivery's latency (from
// the POST's send, and from the receivedAt the console stored) and each stream's count of what it
// should have received and did. The feed promises no loss: one stream short of one item is a failure.
import { percentile } from "./load";
import type { StreamResults } from "./live-streams";

/** What the phase sent: each order's POST (Date.now() at its send; whether it was answered `success`). */
export type Sends = { sentAt: Float64Array; ok: boolean[]; /** Orders before this index were the warm-up's. */ measuredFrom: number };

export type DeliveryFigures = {
  streams: number;
  /** Sorted latencies (ms) of the measured orders, all streams together. */
  notificationFromSend: Float64Array;
  orderFromSend: Float64Array;
  notificationFromReceived: Float64Array;
  /** The fastest and the slowest stream's p99, from the send, both kinds of item. */
  streamP99: { min: number; max: number };
  /** Items each stream should have received: a notification item and an order event per `success`, warm-up included. */
  expectedPerStream: number;
  received: number;
  /** Streams that missed anything, with how many notification items and order events. */
  incomplete: Array<{ stream: number; notifications: number; orders: number }>;
  /** Frames each stream received, on average: how often the feed delivered. */
  framesPerStream: number;
  duplicates: number;
  others: number;
  notApplied: number;
  resyncs: number;
  errors: string[];
};

const sorted = (values: number[]) => Float64Array.from(values).sort();

export function deliveryFigures({ tallies, receivedAt }: StreamResults, sends: Sends): DeliveryFigures {
  const notification: number[] = [];
  const order: number[] = [];
  const fromReceived: number[] = [];
  const streamP99s: number[] = [];
  const incomplete: DeliveryFigures["incomplete"] = [];
  const expected = sends.ok.filter(Boolean).length;
  let received = 0;
  tallies.forEach((tally, stream) => {
    const own: number[] = [];
    const missing = { notifications: 0, orders: 0 };
    sends.ok.forEach((ok, i) => {
      if (!ok) return;
      const [n, o] = [tally.notification[i]!, tally.order[i]!];
      missing.notifications += Number(Number.isNaN(n));
      missing.orders += Number(Number.isNaN(o));
      if (i < sends.measuredFrom) return;
      const sent = sends.sentAt[i]!;
      if (!Number.isNaN(n)) {
        notification.push(n - sent);
        fromReceived.push(n - receivedAt[i]!);
        own.push(n - sent);
      }
      if (!Number.isNaN(o)) {
        order.push(o - sent);
        own.push(o - sent);
      }
    });
    received += 2 * expected - missing.notifications - missing.orders;
    if (missing.notifications + missing.orders > 0) incomplete.push({ stream, ...missing });
    streamP99s.push(percentile(sorted(own), 99));
  });
  const sum = (field: "frames" | "duplicates" | "others" | "notApplied" | "resyncs") => tallies.reduce((total, tally) => total + tally[field], 0);
  return {
    streams: tallies.length,
    notificationFromSend: sorted(notification),
    orderFromSend: sorted(order),
    notificationFromReceived: sorted(fromReceived),
    streamP99: { min: Math.min(...streamP99s), max: Math.max(...streamP99s) },
    expectedPerStream: 2 * expected,
    received,
    incomplete,
    framesPerStream: sum("frames") / Math.max(1, tallies.length),
    duplicates: sum("duplicates"),
    others: sum("others"),
    notApplied: sum("notApplied"),
    resyncs: sum("resyncs"),
    errors: tallies.flatMap((tally, stream) => (tally.error ? [`stream ${stream}: ${tally.error}`] : [])),
  };
}
