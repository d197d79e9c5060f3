// Wraps the console's own routes (/api/console/*, /api/events, exports): the signed-in operator, the
// permission the route needs, same-origin for anything that changes state, errors as JSON. A refusal to
// act is written to the audit log: an attempt is an action too.
import "server-only";
import { ApiError, errorResponse } from "@/lib/api/http";
import { recordAudit, type AuditAction, type AuditOrigin } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { ConfigError } from "@/lib/env";
import { log } from "@/lib/log";
import { PaymentError } from "@/lib/payments/errors";
import { isSameOrigin, requestOrigin } from "./origin";
import { can, leastRoleFor, type Permission } from "./roles";
import { getOperator } from "./session";
import { authSettings } from "./settings";
import { UserError, type Operator } from "./users";

export type ConsoleContext<P> = { operator: Operator; origin: AuditOrigin; params: P };

type Options = { permission: Permission; audit?: { action: AuditAction; target?: (params: never) => { type: string; id: string } } };

const USER_ERROR_STATUS: Record<UserError["code"], number> = {
  invalid_email: 400,
  password_too_short: 400,
  password_too_long: 400,
  invalid_role: 400,
  email_taken: 409,
  not_found: 404,
  last_admin: 409,
  own_account: 409,
};

export function consoleRoute<P = Record<string, never>>(options: Options, handler: (request: Request, context: ConsoleContext<P>) => Promise<Response>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const mutating = request.method !== "GET" && request.method !== "HEAD";
      if (mutating && !isSameOrigin(request.headers, authSettings().appUrl)) {
        return errorResponse(403, "CROSS_SITE", "This request did not come from the console's own pages");
      }
      const operator = await getOperator();
      if (!operator) return errorResponse(401, "UNAUTHENTICATED", "Sign in to the console first");
      const origin = requestOrigin(request.headers);
      const params = await route.params;
      if (!can(operator.role, options.permission)) {
        if (options.audit) {
          await recordAudit(getDb(), {
            actor: { id: operator.id, email: operator.email, role: operator.role },
            origin,
            action: options.audit.action,
            outcome: "DENIED",
            target: options.audit.target?.(params as never),
            detail: { needs: leastRoleFor(options.permission) },
          });
        }
        return errorResponse(403, "FORBIDDEN", `This needs the ${leastRoleFor(options.permission)} role; you are ${operator.role}`, { needs: leastRoleFor(options.permission) });
      }
      return await handler(request, { operator, origin, params });
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.details);
      if (error instanceof PaymentError) return errorResponse(error.status, error.code, error.message, error.details);
      if (error instanceof UserError) return errorResponse(USER_ERROR_STATUS[error.code], error.code.toUpperCase(), error.message);
      if (error instanceof ConfigError) return errorResponse(503, "NOT_CONFIGURED", "The console's configuration is not valid: see Settings", { problems: error.problems });
      log.error("console.error", { path: new URL(request.url).pathname, error: error instanceof Error ? error.message : String(error) });
      return errorResponse(500, "INTERNAL", "The console failed to handle the request");
    }
  };
}
