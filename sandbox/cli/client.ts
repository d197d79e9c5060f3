// A small client for the sandbox's JSON API (sandbox/http/api.ts). The CLI only ever talks HTTP,
// so it works the same against a sandbox started by hand, by a test or in another container.
import { ApiError, UnreachableError } from "./errors";

export type Api = {
  baseUrl: string;
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  del<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
};

const TIMEOUT_MS = 15_000;

type ErrorBody = { error?: { code?: unknown; message?: unknown } };

function withQuery(url: URL, query: Record<string, string | number | undefined> = {}): URL {
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url;
}

async function send<T>(baseUrl: string, method: string, url: URL, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    // undici hides the reason in `cause`; with IPv4/IPv6 fallback it is an AggregateError.
    const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
    const reason =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message);
    throw new UnreachableError(baseUrl, reason);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Something answered, but not the sandbox's API: most likely --url points at another server.
    throw new ApiError(response.status, "NOT_SANDBOX", `${url.origin} answered HTTP ${response.status} without JSON; is --url pointing at the sandbox?`, text);
  }
  if (!response.ok) {
    const error = (json as ErrorBody).error;
    const code = typeof error?.code === "string" ? error.code : `HTTP_${response.status}`;
    const message = typeof error?.message === "string" ? error.message : text.slice(0, 200);
    throw new ApiError(response.status, code, message, json);
  }
  return json as T;
}

export function createApi(baseUrl: string): Api {
  // Relative to the base, so a sandbox served under a path prefix still works.
  const at = (path: string) => new URL(path.replace(/^\//, ""), `${baseUrl}/`);
  return {
    baseUrl,
    get: (path, query) => send(baseUrl, "GET", withQuery(at(path), query)),
    post: (path, body = {}) => send(baseUrl, "POST", at(path), body),
    del: (path, query) => send(baseUrl, "DELETE", withQuery(at(path), query)),
  };
}
