/** Who caused an event, as a message key and its values: a named operator, an API key, or the system part. */
export function actorOf(source: string, actor: string | null): { key: "user" | "apiKey" | "source"; value: string } {
  if (actor?.startsWith("user:")) return { key: "user", value: actor.slice("user:".length) };
  if (actor?.startsWith("api_key:")) return { key: "apiKey", value: actor.slice("api_key:".length) };
  return { key: "source", value: source };
}
