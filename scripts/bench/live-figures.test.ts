import { describe, expect, it } from "vitest";
import { deliveryFigures } from "./live-figures";
import { newTally, recordFrame } from "./live-streams";

const keys = new Map([
  ["A", 0],
  ["B", 1],
  ["C", 2],
]);
const at = (ms: number) => new Date(ms).toISOString();
const notification = (outTradeNo: string, n: number, receivedAt: number, outcome = "APPLIED") => ({ kind: "notification", n, orderId: "o", outTradeNo, tradeStatus: "TRADE_SUCCESS", signature: "VALID", outcome, at: at(receivedAt) });
const paid = (outTradeNo: string, e: number, type = "FACT_APPLIED") => ({ kind: "order", e, orderId: "o", outTradeNo, status: "PAID", type, source: "NOTIFY", actor: null, notificationId: e, at: at(0) });
const frame = (...items: unknown[]) => ({ id: "1.1", event: "items", data: JSON.stringify({ items, cursor: "1.1" }) });

describe("what a stream of the live benchmark received", () => {
  it("records each phase order's notification item and payment event once, and counts the rest", () => {
    const tally = newTally(3);
    const receivedAt = new Float64Array(3).fill(Number.NaN);
    expect(recordFrame(tally, keys, receivedAt, frame(notification("A", 1, 1_000), paid("A", 1)), 1_050)).toBe(2);
    // Again (a duplicate), an order the phase did not pay, another kind of order event, a rejected notification.
    expect(recordFrame(tally, keys, receivedAt, frame(notification("A", 1, 1_000), notification("Z", 2, 1_000), paid("B", 2, "QR_ISSUED"), notification("B", 3, 1_100, "REJECTED")), 1_200)).toBe(1);
    recordFrame(tally, keys, receivedAt, { id: "1.1", event: "resync", data: "{}" }, 1_300);
    expect([...tally.notification]).toEqual([1_050, 1_200, Number.NaN]);
    expect([...tally.order]).toEqual([1_050, Number.NaN, Number.NaN]);
    expect([...receivedAt]).toEqual([1_000, 1_100, Number.NaN]);
    expect(tally).toMatchObject({ frames: 2, duplicates: 1, others: 2, notApplied: 1, resyncs: 1 });
  });

  it("takes latencies of the measured orders only, from the send and from receivedAt, and names each stream that missed an item", () => {
    const receivedAt = Float64Array.from([1_000, 2_000, 3_000]);
    const whole = newTally(3);
    whole.notification.set([1_010, 2_020, 3_030]);
    whole.order.set([1_010, 2_040, 3_030]);
    const short = newTally(3);
    short.notification.set([1_010, 2_100, 3_300]);
    short.order.set([Number.NaN, 2_100, Number.NaN]);
    // Order 0 was the warm-up's; order 2's POST failed: nothing is owed for it.
    const sends = { sentAt: Float64Array.from([995, 1_990, 2_990]), ok: [true, true, false], measuredFrom: 1 };
    const figures = deliveryFigures({ tallies: [whole, short], receivedAt }, sends);
    expect([...figures.notificationFromSend]).toEqual([30, 110]);
    expect([...figures.orderFromSend]).toEqual([50, 110]);
    expect([...figures.notificationFromReceived]).toEqual([20, 100]);
    expect(figures.streamP99).toEqual({ min: 50, max: 110 });
    expect(figures).toMatchObject({ streams: 2, expectedPerStream: 4, received: 7, incomplete: [{ stream: 1, notifications: 0, orders: 1 }] });
  });
});
