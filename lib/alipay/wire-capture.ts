// Captures the exact wire of each gateway call (request URL and form body, response status and bytes,
// latency) with an undici interceptor on the SDK's dispatcher, keyed by the SDK's per-call request id.
import type { Dispatcher } from "undici";

export type WireAttempt = {
  url: string;
  requestBody: string;
  status: number | null;
  responseBody: Buffer | null;
  error: string | null;
  latencyMs: number;
};

export type Slot = { attempts: WireAttempt[] };

export function captureInterceptor(slots: Map<string, Slot>): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const id = (opts.headers as Record<string, string> | undefined)?.["alipay-request-id"];
    const slot = id ? slots.get(id) : undefined;
    if (!slot) return dispatch(opts, handler);
    const started = performance.now();
    const attempt: WireAttempt = { url: `${opts.origin}${opts.path}`, requestBody: String(opts.body ?? ""), status: null, responseBody: null, error: null, latencyMs: 0 };
    slot.attempts.push(attempt);
    const chunks: Buffer[] = [];
    const done = () => {
      attempt.latencyMs = Math.round(performance.now() - started);
      attempt.responseBody = attempt.status === null ? null : Buffer.concat(chunks);
    };
    return dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
      onResponseStart: (controller, status, headers, message) => {
        attempt.status = status;
        return handler.onResponseStart?.(controller, status, headers, message);
      },
      onResponseData: (controller, chunk) => {
        chunks.push(chunk);
        return handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        done();
        return handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        done();
        attempt.error = error.message;
        return handler.onResponseError?.(controller, error);
      },
    });
  };
}
