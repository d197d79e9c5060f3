// Sends a visitor without a session cookie to the sign-in page, and back afterwards. Only the experience:
// every page, route and action checks the session and the role itself (lib/auth/session.ts).
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // The console's pages; not the API (each route answers 401 itself), the buyer's checkout, the sign-in
  // page or static files.
  matcher: ["/((?!api/|checkout/|login|_next/|icon\\.svg|favicon\\.ico|screenshots/).*)"],
};
