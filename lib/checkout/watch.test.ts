import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { CheckoutView } from "@/lib/payments/views";
import { awaitingView, paidView } from "./testing/views";
import { type FetchResult, type StreamHandlers, nextPollDelayMs, watchCheckout } from "./watch";

/** A stand-in for EventSource: the test plays the server. */
function fakeStream() {
  const opened: { url: string; handlers: StreamHandlers; closed: boolean }[] = [];
  const open = vi.fn((url: string, handlers: StreamHandlers) => {
    const entry = { url, handlers, closed: false };
    opened.push(entry);
    return { close: () => void (entry.closed = true) };
  });
  const current = () => opened.at(-1)!;
  return { open, opened, current, send: (view: CheckoutView) => current().handlers.onView(JSON.stringify(view)) };
}

/** A fetch whose answers the test gives one at a time; records whether two were ever in flight. */
function controlledFetch() {
  const pending: { url: string; signal: AbortSignal; resolve: (result: FetchResult) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchView = vi.fn(
    (url: string, signal: AbortSignal) =>
      new Promise<FetchResult>((resolve) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const answered = (result: FetchResult) => {
          inFlight -= 1;
          resolve(result);
        };
        pending.push({ url, signal, resolve: answered });
      }),
  );
  const answer = async (result: FetchResult) => {
    pending.shift()!.resolve(result);
    await vi.advanceTimersByTimeAsync(0);
  };
  return { fetchView, pending, answer, maxInFlight: () => maxInFlight };
}

function start(initial: CheckoutView, options: { stream?: ReturnType<typeof fakeStream> | null; fetch?: ReturnType<typeof controlledFetch> } = {}) {
  const onView = vi.fn();
  const onConnection = vi.fn();
  const stop = watchCheckout({
    id: initial.id,
    initial,
    onView,
    onConnection,
    openStream: options.stream === null ? null : (options.stream ?? fakeStream()).open,
    fetchView: (options.fetch ?? controlledFetch()).fetchView,
  });
  return { onView, onConnection, stop };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("nextPollDelayMs", () => {
  it.each([
    [0, 3_000],
    [1, 6_000],
    [2, 12_000],
    [3, 24_000],
    [4, 30_000],
    [50, 30_000],
  ])("after %i failures in a row: %i ms", (failures, delay) => {
    expect(nextPollDelayMs(failures)).toBe(delay);
  });
});

describe("watchCheckout over server-sent events", () => {
  it("listens to the checkout's event stream and passes on each newer view", () => {
    const stream = fakeStream();
    const { onView } = start(awaitingView(), { stream });
    expect(stream.current().url).toBe(`/api/checkout/${awaitingView().id}/events`);

    stream.send(awaitingView());
    const scanned = awaitingView({ version: 2, scanned: true });
    stream.send(scanned);
    stream.send(awaitingView());
    stream.current().handlers.onView("not json");
    stream.current().handlers.onView('{"error":{}}');
    expect(onView.mock.calls).toEqual([[scanned]]);
    expect(stream.current().closed).toBe(false);
  });

  it("closes the stream once the order is paid", () => {
    const stream = fakeStream();
    const { onView } = start(awaitingView(), { stream });
    stream.send(paidView());
    expect(onView).toHaveBeenLastCalledWith(paidView());
    expect(stream.current().closed).toBe(true);
  });

  it("does not listen at all when the order cannot change any more", () => {
    const stream = fakeStream();
    const fetch = controlledFetch();
    start(paidView(), { stream, fetch });
    expect(stream.open).not.toHaveBeenCalled();
    expect(fetch.fetchView).not.toHaveBeenCalled();
  });

  it("lets the browser reconnect a stream that ended, and polls after three failed reconnections", async () => {
    const stream = fakeStream();
    const fetch = controlledFetch();
    start(awaitingView(), { stream, fetch });
    stream.current().handlers.onError(false);
    stream.current().handlers.onOpen();
    stream.current().handlers.onError(false);
    stream.current().handlers.onError(false);
    expect(fetch.fetchView).not.toHaveBeenCalled();

    stream.current().handlers.onError(false);
    expect(stream.current().closed).toBe(true);
    expect(fetch.fetchView).toHaveBeenCalledWith(`/api/checkout/${awaitingView().id}`, expect.any(AbortSignal));
  });

  it("polls at once when the browser gives the stream up", () => {
    const stream = fakeStream();
    const fetch = controlledFetch();
    start(awaitingView(), { stream, fetch });
    stream.current().handlers.onError(true);
    expect(stream.current().closed).toBe(true);
    expect(fetch.fetchView).toHaveBeenCalledTimes(1);
  });
});

describe("watchCheckout polling", () => {
  it("polls from the start without EventSource, one request at a time, 3 s after the previous answer", async () => {
    const fetch = controlledFetch();
    const { onView } = start(awaitingView(), { stream: null, fetch });
    expect(fetch.fetchView).toHaveBeenCalledTimes(1);

    // A slow answer: no second request while the first is unanswered, however long it takes.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch.fetchView).toHaveBeenCalledTimes(1);
    await fetch.answer({ kind: "view", view: awaitingView() });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(fetch.fetchView).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.fetchView).toHaveBeenCalledTimes(2);

    await fetch.answer({ kind: "view", view: paidView() });
    expect(onView).toHaveBeenCalledWith(paidView());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch.fetchView).toHaveBeenCalledTimes(2);
    expect(fetch.maxInFlight()).toBe(1);
  });

  it("backs off while polls fail and says so, then recovers", async () => {
    const fetch = controlledFetch();
    const { onConnection } = start(awaitingView(), { stream: null, fetch });
    await fetch.answer({ kind: "failed" });
    expect(onConnection).toHaveBeenLastCalledWith(false);
    await vi.advanceTimersByTimeAsync(5_999);
    expect(fetch.fetchView).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await fetch.answer({ kind: "failed" });
    await vi.advanceTimersByTimeAsync(12_000);
    expect(fetch.fetchView).toHaveBeenCalledTimes(3);

    await fetch.answer({ kind: "view", view: awaitingView() });
    expect(onConnection).toHaveBeenLastCalledWith(true);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fetch.fetchView).toHaveBeenCalledTimes(4);
  });

  it("stops when the order is gone", async () => {
    const fetch = controlledFetch();
    start(awaitingView(), { stream: null, fetch });
    await fetch.answer({ kind: "gone" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch.fetchView).toHaveBeenCalledTimes(1);
  });

  it("stops when the page goes away: the request in flight is aborted and nothing follows", async () => {
    const fetch = controlledFetch();
    const { stop, onView } = start(awaitingView(), { stream: null, fetch });
    stop();
    expect(fetch.pending[0]!.signal.aborted).toBe(true);
    await fetch.answer({ kind: "view", view: paidView() });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onView).not.toHaveBeenCalled();
    expect(fetch.fetchView).toHaveBeenCalledTimes(1);
  });
});
