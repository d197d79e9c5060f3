// The live benchmark's operator streams: N GET /api/events on node:http (a browser's EventSource costs a
// socket and a parser; fetch's web streams would cost this shared machine more than the app's side),
// each signed in, each frame parsed as it arrives, and for each order the phase pays the moment its
// notification item and its payment's order event reached each stream.
import { get } from "node:http";
import type { NotificationFeedItem, OrderFeedItem } from "@/lib/events/items";
import { type SseFrame, sseParser } from "./sse";

/** What one stream received, by the index of the order the phase pays (NaN: not yet). */
export type StreamTally = {
  /** When the notification item arrived (Date.now(), ms). */
  notification: Float64Array;
  /** When the order event the payment added (FACT_APPLIED) arrived. */
  order: Float64Array;
  /** Frames of items received: one per delivery of the feed's poller. */
  frames: number;
  duplicates: number;
  /** Items of other orders or other changes: none are expected while a phase runs. */
  others: number;
  /** Notification items whose outcome is not APPLIED. */
  notApplied: number;
  resyncs: number;
  /** Why the stream failed or ended before it was closed, if it did. */
  error: string | null;
};

export type StreamResults = { tallies: StreamTally[]; /** The notifications' stored receivedAt (ms), by order index. */ receivedAt: Float64Array };

export function newTally(size: number): StreamTally {
  return { notification: new Float64Array(size).fill(Number.NaN), order: new Float64Array(size).fill(Number.NaN), frames: 0, duplicates: 0, others: 0, notApplied: 0, resyncs: 0, error: null };
}

/** 1 when this is the item's first arrival on the stream, else 0 (a duplicate, counted). */
function mark(times: Float64Array, index: number, now: number, tally: StreamTally): number {
  if (!Number.isNaN(times[index]!)) return (tally.duplicates++, 0);
  times[index] = now;
  return 1;
}

/** Records a frame of one stream, every item in it as arrived at `now` (when its chunk came in); returns how many arrived first. */
export function recordFrame(tally: StreamTally, keys: ReadonlyMap<string, number>, receivedAt: Float64Array, frame: SseFrame, now: number): number {
  if (frame.event === "resync") tally.resyncs++;
  if (frame.event !== "items") return 0;
  tally.frames++;
  let first = 0;
  for (const item of (JSON.parse(frame.data) as { items: Array<OrderFeedItem | NotificationFeedItem> }).items) {
    const index = item.outTradeNo === null ? undefined : keys.get(item.outTradeNo);
    if (index === undefined || (item.kind === "order" && item.type !== "FACT_APPLIED")) {
      tally.others++;
    } else if (item.kind === "notification") {
      first += mark(tally.notification, index, now, tally);
      if (Number.isNaN(receivedAt[index]!)) receivedAt[index] = Date.parse(item.at);
      if (item.outcome !== "APPLIED") tally.notApplied++;
    } else {
      first += mark(tally.order, index, now, tally);
    }
  }
  return first;
}

export type FollowOptions = { url: string; cookies: string[]; count: number; outTradeNos: string[] };

/** Opens `count` streams (cookies taken in turn); `opened` resolves once each answered, with the failures. */
export function followStreams({ url, cookies, count, outTradeNos }: FollowOptions) {
  const keys = new Map(outTradeNos.map((outTradeNo, index) => [outTradeNo, index]));
  const receivedAt = new Float64Array(outTradeNos.length).fill(Number.NaN);
  const tallies = Array.from({ length: count }, () => newTally(outTradeNos.length));
  let delivered = 0;
  let closing = false;
  const requests = tallies.map((tally, i) => {
    // Closing ends every stream: that is not a failure.
    const fail = (message: string) => {
      if (!closing) tally.error ??= message;
    };
    let answered: () => void;
    const answer = new Promise<void>((resolve) => (answered = resolve));
    // agent: false, a socket per stream, as each browser has its own.
    const request = get(url, { agent: false, headers: { cookie: cookies[i % cookies.length]!, accept: "text/event-stream" } }, (response) => {
      answered();
      if (response.statusCode !== 200) {
        response.resume();
        return fail(`HTTP ${response.statusCode}`);
      }
      const parser = sseParser();
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        const now = Date.now();
        for (const frame of parser.push(chunk)) delivered += recordFrame(tally, keys, receivedAt, frame, now);
      });
      response.on("end", () => fail("the stream ended"));
      response.on("error", (error) => fail(error.message));
    });
    request.on("error", (error) => {
      fail(error.message);
      answered();
    });
    return { request, answer };
  });
  return {
    opened: Promise.all(requests.map(({ answer }) => answer)).then(() => tallies.flatMap((tally, i) => (tally.error ? [`stream ${i}: ${tally.error}`] : []))),
    /** Items of the phase's orders delivered so far, all streams, each counted once. */
    delivered: () => delivered,
    close(): StreamResults {
      closing = true;
      for (const { request } of requests) request.destroy();
      return { tallies, receivedAt };
    },
  };
}
