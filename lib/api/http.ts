// The public API's HTTP conventions: JSON in and out, errors as {"error":{"code","message","details"}}
// with the fitting status, Bearer API keys. Nothing here reveals a secret or a stack trace.
import type { z } from "zod";
import { runAsActor } from "@/lib/payments/actor";
import { authenticateApiKey, type ApiKeyIdentity } from "@/lib/payments/api-keys";
import { type PaymentsContext, getPayments } from "@/lib/payments/context";
import { PaymentError } from "@/lib/payments/errors";
import { issueDetails } from "@/lib/payments/schemas";
import { ConfigError } from "@/lib/env";
import { log } from "@/lib/log";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export function errorResponse(status: number, code: string, message: string, details: Record<string, unknown> = {}): Response {
  return json({ error: { code, message, details } }, status);
}

const MAX_JSON_BYTES = 64 * 1024;

/** Parses the JSON body against `schema`; ApiError 400/413/415 with the reasons otherwise. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON, with Content-Type: application/json");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new ApiError(413, "BODY_TOO_LARGE", `The body is over ${MAX_JSON_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "INVALID_JSON", `The body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, "INVALID_REQUEST", "The request has invalid fields", issueDetails(parsed.error));
  return parsed.data;
}

type Handler<P> = (request: Request, context: { ctx: PaymentsContext; key: ApiKeyIdentity; params: P }) => Promise<Response>;

/** Wraps a /api/v1 handler: the API key, the payments context, and errors turned into JSON. */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      let ctx: PaymentsContext;
      try {
        ctx = getPayments();
      } catch (error) {
        if (error instanceof ConfigError) return errorResponse(503, "NOT_CONFIGURED", "The console's Alipay configuration is not valid: see its status page", { problems: error.problems });
        throw error;
      }
      const header = request.headers.get("authorization") ?? "";
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) return errorResponse(401, "UNAUTHENTICATED", "Send an API key: Authorization: Bearer <key> (npm run apikey -- create <name>)");
      const key = await authenticateApiKey(ctx.db, token);
      if (!key) return errorResponse(401, "UNAUTHENTICATED", "The API key is not valid or was revoked");
      const params = await route.params;
      return await runAsActor(`api_key:${key.name}`, () => handler(request, { ctx, key, params }));
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.details);
      if (error instanceof PaymentError) return errorResponse(error.status, error.code, error.message, error.details);
      log.error("api.error", { path: new URL(request.url).pathname, error: error instanceof Error ? error.message : String(error) });
      return errorResponse(500, "INTERNAL", "The console failed to handle the request. Repeating it with the same outTradeNo or requestNo is safe.");
    }
  };
}
