import { describe, expect, it } from "vitest";
import type { Delivery, Feed, Subscriber } from "./feed";
import { feedEventStream } from "./stream";

/** A feed that only keeps its subscribers, so that a test hands them deliveries itself. */
function fakeFeed() {
  const subscribers: Subscriber[] = [];
  const feed = { subscribe: async (subscriber: Subscriber) => (subscribers.push(subscriber), () => {}) } as unknown as Feed;
  return { feed, subscribers };
}

async function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array> {
  const { value } = await reader.read();
  return value!;
}

describe("an operator's event stream", () => {
  it("writes a delivery as one SSE frame, and the same bytes to every stream it is handed to", async () => {
    const { feed, subscribers } = fakeFeed();
    const signal = new AbortController().signal;
    const readers = [feedEventStream({ feed, from: null, signal }), feedEventStream({ feed, from: null, signal })].map((stream) => stream.getReader());
    const decoder = new TextDecoder();
    for (const reader of readers) expect(decoder.decode(await nextChunk(reader))).toBe("retry: 2000\n\n");
    const delivery: Delivery = { items: [{ kind: "notification", n: 7, orderId: "o", outTradeNo: "T1", tradeStatus: "TRADE_SUCCESS", signature: "VALID", outcome: "APPLIED", at: "2026-11-24T02:00:00.000Z" }], cursor: { e: 3, n: 7, a: 2 } };
    for (const subscriber of subscribers) subscriber.deliver(delivery);
    const [first, second] = await Promise.all(readers.map(nextChunk));
    expect(decoder.decode(first)).toBe(`id: 3.7.2\nevent: items\ndata: ${JSON.stringify({ items: delivery.items, cursor: "3.7.2" })}\n\n`);
    // Serialized once: 200 operators watching cost one JSON.stringify per change, not 200.
    expect(second).toBe(first);
    subscribers[0]!.resync({ e: 9, n: 9, a: 4 });
    expect(decoder.decode(await nextChunk(readers[0]!))).toBe(`id: 9.9.4\nevent: resync\ndata: {"cursor":"9.9.4"}\n\n`);
    for (const reader of readers) await reader.cancel();
  });
});
