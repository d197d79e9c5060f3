import { describe, expect, it, vi } from "vitest";

import type { CheckoutView } from "@/lib/payments/views";
import { CHECKOUT_EVENT, checkoutEventStream, formatEvent } from "./event-stream";
import { awaitingView, paidView } from "./testing/views";

/** A load that answers `views` in turn, then the last one forever; counts its calls. */
function loadFrom(...views: (CheckoutView | null)[]) {
  let calls = 0;
  const load = vi.fn(async () => views[Math.min(calls++, views.length - 1)] ?? null);
  return load;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
  return text;
}

function sentViews(text: string): CheckoutView[] {
  return text
    .split("\n\n")
    .filter((block) => block.startsWith(`event: ${CHECKOUT_EVENT}\n`))
    .map((block) => JSON.parse(block.split("\n")[1]!.slice("data: ".length)) as CheckoutView);
}

const fast = { pollMs: 1, heartbeatMs: 60_000, lifetimeMs: 2_000, onError: () => {} };

describe("formatEvent", () => {
  it("writes one event with its data on one line", () => {
    expect(formatEvent("checkout", { subject: "a\nb" })).toBe('event: checkout\ndata: {"subject":"a\\nb"}\n\n');
  });
});

describe("checkoutEventStream", () => {
  it("tells the browser when to reconnect, then sends the view on connect", async () => {
    const text = await readAll(checkoutEventStream({ ...fast, load: loadFrom(paidView()), signal: new AbortController().signal, retryMs: 2_500 }));
    expect(text.startsWith("retry: 2500\n\n")).toBe(true);
    expect(sentViews(text)).toEqual([paidView()]);
  });

  it("sends the view again only when it changes, and ends once the order is paid", async () => {
    const scanned = awaitingView({ version: 2, scanned: true });
    const load = loadFrom(awaitingView(), awaitingView(), scanned, scanned, paidView());
    const text = await readAll(checkoutEventStream({ ...fast, load, signal: new AbortController().signal }));
    expect(sentViews(text)).toEqual([awaitingView(), scanned, paidView()]);
    expect(load).toHaveBeenCalledTimes(5);
  });

  it("sends the expiry as it passes, though the order's version did not change", async () => {
    const expired = awaitingView({ state: "EXPIRED", qrCode: null });
    const text = await readAll(checkoutEventStream({ ...fast, load: loadFrom(awaitingView(), expired), signal: new AbortController().signal }));
    expect(sentViews(text)).toEqual([awaitingView(), expired]);
  });

  it("keeps listening after a close, for a payment from a buyer who scanned before it", async () => {
    const closed = awaitingView({ state: "CLOSED", qrCode: null, version: 2 });
    const paidAfterClose = paidView({ version: 4 });
    const load = loadFrom(closed, closed, paidAfterClose);
    const text = await readAll(checkoutEventStream({ ...fast, load, signal: new AbortController().signal }));
    expect(sentViews(text)).toEqual([closed, paidAfterClose]);
  });

  it("ends for a closed order whose QR is long dead", async () => {
    const closed = awaitingView({ state: "CLOSED", qrCode: null, version: 2, expiresAt: "2020-01-01T00:00:00.000Z" });
    const load = loadFrom(closed, awaitingView({ version: 3 }));
    const text = await readAll(checkoutEventStream({ ...fast, load, signal: new AbortController().signal }));
    expect(sentViews(text)).toEqual([closed]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("sends heartbeat comments while nothing changes, and ends when its lifetime is over", async () => {
    const load = loadFrom(awaitingView());
    const text = await readAll(checkoutEventStream({ ...fast, heartbeatMs: 5, lifetimeMs: 60, load, signal: new AbortController().signal }));
    expect(sentViews(text)).toEqual([awaitingView()]);
    expect(text).toContain(": heartbeat\n\n");
    expect(load.mock.calls.length).toBeGreaterThan(2);
  });

  it("stops reading the order when the client disconnects", async () => {
    const disconnect = new AbortController();
    const load = loadFrom(awaitingView());
    const reading = readAll(checkoutEventStream({ ...fast, pollMs: 5, load, signal: disconnect.signal }));
    await vi.waitFor(() => expect(load.mock.calls.length).toBeGreaterThanOrEqual(2));
    disconnect.abort();
    expect(sentViews(await reading)).toEqual([awaitingView()]);
    const calls = load.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(load).toHaveBeenCalledTimes(calls);
  });

  it("stops reading the order when the stream is cancelled", async () => {
    const load = loadFrom(awaitingView());
    const reader = checkoutEventStream({ ...fast, pollMs: 5, load, signal: new AbortController().signal }).getReader();
    await reader.read();
    await reader.cancel();
    const calls = load.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(load).toHaveBeenCalledTimes(calls);
  });

  it("ends when the order is gone or cannot be read, and reports the failure", async () => {
    expect(sentViews(await readAll(checkoutEventStream({ ...fast, load: loadFrom(awaitingView(), null), signal: new AbortController().signal })))).toEqual([
      awaitingView(),
    ]);

    const onError = vi.fn();
    const failure = new Error("database is locked");
    const load = vi.fn(async () => {
      throw failure;
    });
    const text = await readAll(checkoutEventStream({ ...fast, load, onError, signal: new AbortController().signal }));
    expect(sentViews(text)).toEqual([]);
    expect(onError).toHaveBeenCalledWith(failure);
  });
});
