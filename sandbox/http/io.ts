// Small HTTP helpers for the sandbox server (node:http, no framework).
import type { IncomingMessage, ServerResponse } from "node:http";
import iconv from "iconv-lite";
import type { ZodType } from "zod";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, "BODY_TOO_LARGE", `request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readJson<T>(req: IncomingMessage, schema: ZodType<T>): Promise<T> {
  const raw = (await readBody(req)).toString("utf8");
  let value: unknown = {};
  if (raw.trim() !== "") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new HttpError(400, "INVALID_JSON", "the body is not valid JSON");
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(400, "INVALID_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), parsed.error.issues);
  }
  return parsed.data;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message, details: error.details ?? null } });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

/** Gateway answers: the gateway's real header (`text/html;charset=…`), body in the request's charset. */
export function sendGatewayBody(res: ServerResponse, body: string, charset: string): void {
  const bytes = charset === "gbk" ? iconv.encode(body, "gbk") : Buffer.from(body, "utf8");
  res.writeHead(200, { "content-type": `text/html;charset=${charset}`, "content-length": bytes.length });
  res.end(bytes);
}
