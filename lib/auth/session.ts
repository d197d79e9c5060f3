// The operator behind the current request: the session cookie, then the account as it is now. Every
// console page, route and action goes through here; layouts only shape the experience.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { authOptions } from "./options";
import { authSettings } from "./settings";
import { findSessionOperator, type Operator } from "./users";

type SessionClaims = { uid?: unknown; sv?: unknown; signedInAt?: unknown };

/** The operator signed in, or null (no session, expired, account disabled or changed since). */
export const getOperator = cache(async (): Promise<Operator | null> => {
  const session = (await getServerSession(authOptions())) as SessionClaims | null;
  if (!session || typeof session.uid !== "string" || typeof session.sv !== "number" || typeof session.signedInAt !== "number") return null;
  if (Date.now() / 1000 - session.signedInAt > authSettings().maxSeconds) return null;
  return findSessionOperator(getDb(), session.uid, session.sv);
});

/** For pages: the operator, or off to the sign-in page (and back here afterwards). */
export async function requireOperator(returnTo: string): Promise<Operator> {
  const operator = await getOperator();
  if (!operator) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return operator;
}
