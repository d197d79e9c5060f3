// The audit log's view as a URL: action, outcome, actor, target, Beijing days and page. Parsed strictly
// (a bad value is reported, never guessed) and written back canonically.
import { AUDIT_ACTIONS, type AuditAction, type AuditOutcome } from "@/lib/audit";
import { one, parseChoice, parseDaysAndPage, parseText, writeDaysAndPage, type DaysAndPage, type Problem, type SearchParams } from "@/lib/url-params";

export const AUDIT_OUTCOMES = ["OK", "FAILED", "DENIED"] as const satisfies readonly AuditOutcome[];

export type AuditQuery = DaysAndPage & {
  action: AuditAction | null;
  outcome: AuditOutcome | null;
  /** The actor's email as recorded: lower case (lib/auth/users.ts normalizeEmail). */
  actor: string | null;
  /** The target's id, exactly: an order's or a user's. */
  target: string | null;
};

export type AuditQueryProblem = Problem<keyof AuditQuery>;

const EMAIL = /^[^\s]{1,254}$/;
const TARGET_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseAuditQuery(params: SearchParams): { query: AuditQuery; problems: AuditQueryProblem[] } {
  const problems: AuditQueryProblem[] = [];
  const action = parseChoice(one(params.action), AUDIT_ACTIONS, "action", problems);
  const outcome = parseChoice(one(params.outcome), AUDIT_OUTCOMES, "outcome", problems);
  const actor = parseText(one(params.actor)?.toLowerCase(), EMAIL, "actor", "must be an email address without spaces (254 characters at most)", problems);
  const target = parseText(one(params.target), TARGET_ID, "target", "must be an id: 1 to 64 letters, digits, _ or -", problems);
  return { query: { action, outcome, actor, target, ...parseDaysAndPage(params, problems) }, problems };
}

/** The canonical URL search of a view: defaults left out, in a fixed order. */
export function auditSearch(query: AuditQuery, changes: Partial<AuditQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.action) params.set("action", next.action);
  if (next.outcome) params.set("outcome", next.outcome);
  if (next.actor) params.set("actor", next.actor);
  if (next.target) params.set("target", next.target);
  return writeDaysAndPage(params, next);
}
