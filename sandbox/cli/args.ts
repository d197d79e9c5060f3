// The command line, parsed with node:util parseArgs. Every flag of every command is declared once
// here so parsing is strict (typos fail); the command then rejects flags it does not take.
import { parseArgs } from "node:util";
import { UsageError } from "./errors";

export const OPTIONS = {
  url: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  buyer: { type: "string" },
  "no-wait": { type: "boolean" },
  trade: { type: "string" },
  method: { type: "string" },
  event: { type: "string" },
  count: { type: "string" },
  param: { type: "string", multiple: true },
  status: { type: "string" },
  limit: { type: "string" },
} as const;

export type FlagName = keyof typeof OPTIONS;
export const GLOBAL_FLAGS: readonly FlagName[] = ["url", "json", "help"];

export type Flags = {
  url?: string;
  json?: boolean;
  help?: boolean;
  buyer?: string;
  "no-wait"?: boolean;
  trade?: string;
  method?: string;
  event?: string;
  count?: string;
  param?: string[];
  status?: string;
  limit?: string;
};

export type ParsedArgv = { positionals: string[]; flags: Flags; used: FlagName[] };

export function parseArgv(argv: string[]): ParsedArgv {
  try {
    const { values, positionals, tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    const used = [...new Set(tokens.flatMap((t) => (t.kind === "option" ? [t.name as FlagName] : [])))];
    return { positionals, flags: values as Flags, used };
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Node's own message is right but long; its first sentence names the flag.
    if (code?.startsWith("ERR_PARSE_ARGS")) throw new UsageError((error as Error).message.split(". ")[0]!);
    throw error;
  }
}

/** An integer flag within bounds, or a usage error naming it. */
export function intFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}
