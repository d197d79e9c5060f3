// The benchmarks' settings from the environment: a value that is not what the setting takes stops the
// run before anything starts, with a message naming the variable (a typo must not measure something else).

/** A whole number of at least `min` from `name`, or `fallback` when it is unset or empty. */
export function wholeNumberFromEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, not ${JSON.stringify(raw)}`);
  return value;
}

/** A comma-separated list from `name`, each item one of `allowed` (`fallback` when unset or empty). */
export function listFromEnv<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const raw = process.env[name]?.trim();
  if (!raw) return [...fallback];
  const items = raw.split(",").map((item) => item.trim());
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length > 0) throw new Error(`${name} takes ${allowed.join(", ")} (comma-separated), not ${JSON.stringify(raw)}`);
  return [...new Set(items)] as T[];
}
