// Calls the console's own routes from the browser: JSON in and out, the error's code kept so that the
// page can say it in the reader's language.
export type ConsoleError = { code: string; message: string; details: Record<string, unknown> };
export type ConsoleResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ConsoleError };

export async function postConsole<T>(url: string, body?: unknown): Promise<ConsoleResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: { code: "NETWORK", message: "The console could not be reached", details: {} } };
  }
  const payload = (await response.json().catch(() => null)) as ({ error?: ConsoleError } & T) | null;
  if (!response.ok || !payload || payload.error) {
    return { ok: false, status: response.status, error: payload?.error ?? { code: "INTERNAL", message: `HTTP ${response.status}`, details: {} } };
  }
  return { ok: true, status: response.status, data: payload };
}
