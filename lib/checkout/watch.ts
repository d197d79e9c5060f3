// How the buyer's page follows its order: server-sent events first; when the browser cannot keep a
// stream, the JSON view polled every few seconds, each request only after the previous one finished.
// Stops as soon as nothing can change any more. Framework-free: the page's hook wraps it.
import type { CheckoutView } from "@/lib/payments/views";
import { CHECKOUT_EVENT } from "./event-stream";
import { isNewerView, isTerminal, parseCheckoutView } from "./state";

export type StreamHandlers = {
  onView: (data: string) => void;
  onOpen: () => void;
  /** `closed`: the browser gave up (an HTTP error, not a stream); otherwise it is reconnecting. */
  onError: (closed: boolean) => void;
};
export type OpenStream = (url: string, handlers: StreamHandlers) => { close(): void };

export type FetchResult = { kind: "view"; view: CheckoutView } | { kind: "gone" } | { kind: "failed" };
export type FetchView = (url: string, signal: AbortSignal) => Promise<FetchResult>;

export type WatchOptions = {
  id: string;
  initial: CheckoutView;
  onView: (view: CheckoutView) => void;
  /** False while polls fail, true again once one succeeds. */
  onConnection: (connected: boolean) => void;
  /** null: no EventSource here, poll from the start. */
  openStream?: OpenStream | null;
  fetchView?: FetchView;
  pollMs?: number;
};

export const POLL_MS = 3_000;
const MAX_POLL_MS = 30_000;
/** Reconnections in a row without an open stream before polling instead. */
const MAX_STREAM_ERRORS = 3;

/** The wait before the next poll: the base delay, doubled for each failure in a row, capped. */
export function nextPollDelayMs(failures: number, baseMs = POLL_MS): number {
  return Math.min(baseMs * 2 ** Math.min(failures, 10), Math.max(baseMs, MAX_POLL_MS));
}

export const openEventSource: OpenStream = (url, handlers) => {
  const source = new EventSource(url);
  source.addEventListener(CHECKOUT_EVENT, (event: MessageEvent<string>) => handlers.onView(event.data));
  source.addEventListener("open", () => handlers.onOpen());
  source.addEventListener("error", () => handlers.onError(source.readyState === EventSource.CLOSED));
  return source;
};

export const fetchCheckoutView: FetchView = async (url, signal) => {
  try {
    const response = await fetch(url, { cache: "no-store", signal, headers: { accept: "application/json" } });
    if (response.status === 404) return { kind: "gone" };
    const view = response.ok ? parseCheckoutView(await response.json()) : null;
    return view ? { kind: "view", view } : { kind: "failed" };
  } catch {
    return { kind: "failed" };
  }
};

function parseData(data: string): CheckoutView | null {
  try {
    return parseCheckoutView(JSON.parse(data));
  } catch {
    return null;
  }
}

/** Starts following the order; returns the function that stops. */
export function watchCheckout(options: WatchOptions): () => void {
  const { id, onView, onConnection, fetchView = fetchCheckoutView, pollMs = POLL_MS } = options;
  const openStream = options.openStream === undefined ? (typeof EventSource === "function" ? openEventSource : null) : options.openStream;
  const base = `/api/checkout/${encodeURIComponent(id)}`;
  const requests = new AbortController();
  let current = options.initial;
  let stopped = false;
  let stream: { close(): void } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let streamErrors = 0;

  const stop = () => {
    stopped = true;
    stream?.close();
    stream = null;
    clearTimeout(timer);
    requests.abort();
  };

  const accept = (view: CheckoutView) => {
    if (stopped || !isNewerView(current, view)) return;
    current = view;
    onView(view);
    if (isTerminal(view, Date.now())) stop();
  };

  const poll = async (failures: number): Promise<void> => {
    const result = await fetchView(base, requests.signal);
    if (stopped) return;
    if (result.kind === "gone") return stop();
    if (result.kind === "view") accept(result.view);
    if (stopped) return;
    const failed = result.kind === "failed" ? failures + 1 : 0;
    onConnection(failed === 0);
    timer = setTimeout(() => void poll(failed), nextPollDelayMs(failed, pollMs));
  };

  if (isTerminal(current, Date.now())) return stop;
  if (!openStream) {
    void poll(0);
    return stop;
  }
  stream = openStream(`${base}/events`, {
    onView: (data) => {
      const view = parseData(data);
      if (view) accept(view);
    },
    onOpen: () => {
      streamErrors = 0;
    },
    onError: (closed) => {
      if (stopped || stream === null) return;
      streamErrors += 1;
      if (!closed && streamErrors < MAX_STREAM_ERRORS) return;
      stream.close();
      stream = null;
      void poll(0);
    },
  });
  return stop;
}
