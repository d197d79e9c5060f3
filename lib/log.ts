// One JSON line per event, dotted event names (`alipay.notify.rejected`). Secrets never reach a log
// line: fields whose names look like keys, passwords, tokens or signatures are replaced.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /(private|secret|password|passwd|token|api_?key|authorization|cookie|^sign$|signature$|credential)/i;

function threshold(): number {
  const level = (process.env.LOG_LEVEL ?? "info").toLowerCase() as LogLevel;
  return LEVELS[level] ?? LEVELS.info;
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      SECRET_FIELD.test(key) && inner !== undefined && inner !== null ? "[redacted]" : redact(inner, depth + 1),
    ]),
  );
}

export type Logger = {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
};

export function createLogger(base: LogFields = {}, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (LEVELS[level] < threshold()) return;
    const record = { time: new Date().toISOString(), level, event, ...(redact({ ...base, ...fields }) as LogFields) };
    write(JSON.stringify(record));
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => createLogger({ ...base, ...fields }, write),
  };
}

export const log = createLogger();
