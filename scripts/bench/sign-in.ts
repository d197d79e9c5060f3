// Signing in to the console over HTTP as the sign-in page does (next-auth v4 credentials: a CSRF token
// and its cookie, then the form POSTed to the callback), for the benchmark's streams: the session
// cookie each of them presents to GET /api/events.

/** `name=value` of each Set-Cookie, ready for a Cookie header. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
}

/** The Cookie header of a fresh session of `email`; throws when the console refuses the password. */
export async function signIn(appUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: `${appUrl}/`, json: "true" });
  const response = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: form,
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`signing in as ${email} failed: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return session;
}
