// next-auth v4: email + password sign-in (credentials), sessions as signed, encrypted JWT cookies that
// expire after SESSION_IDLE_HOURS without use and SESSION_MAX_HOURS after sign-in at the latest. The
// account is read again on every request (lib/auth/session.ts): a disabled account or a changed role
// takes effect at once, not when the cookie expires.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { requestOrigin } from "./origin";
import { authSettings } from "./settings";
import { authenticate } from "./users";

/** Raised by `authorize` and shown to the person signing in (the login page maps it to words). */
export const SIGN_IN_ERRORS = { invalid: "CredentialsSignin", locked: "Locked" } as const;

export function authOptions(): NextAuthOptions {
  const settings = authSettings();
  return {
    secret: settings.secret,
    session: { strategy: "jwt", maxAge: settings.idleSeconds, updateAge: 5 * 60 },
    jwt: { maxAge: settings.idleSeconds },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          const origin = requestOrigin(request.headers ?? {});
          const result = await authenticate(getDb(), { email, password }, origin);
          if (!result.ok) {
            log.warn("auth.sign_in.refused", { reason: result.reason, address: origin.address });
            if (result.reason === "locked") throw new Error(SIGN_IN_ERRORS.locked);
            return null;
          }
          log.info("auth.sign_in", { userId: result.operator.id, role: result.operator.role, address: origin.address });
          return { id: result.operator.id, email: result.operator.email, name: result.operator.name, sessionVersion: result.operator.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          token.signedInAt = Math.floor(Date.now() / 1000);
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, signedInAt: token.signedInAt };
      },
    },
    logger: {
      error: (code, metadata) => log.error("auth.error", { code, message: metadata instanceof Error ? metadata.message : undefined }),
      warn: (code) => log.warn("auth.warning", { code }),
      debug: () => {},
    },
  };
}
