// Where to go after signing in: only a path of this console, never another site (an open redirect would
// let a phishing link send an operator anywhere after a genuine sign-in).
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (value.startsWith("/login") || value.startsWith("/api/")) return fallback;
  return value;
}
