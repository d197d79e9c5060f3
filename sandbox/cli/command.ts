// What a command is: its usage line, the flags it takes, and a run that returns the API's raw JSON
// (printed with --json) alongside the text a person reads.
import type { Api } from "./client";
import type { FlagName, Flags } from "./args";
import type { Style } from "./format";

export type CommandContext = {
  api: Api;
  args: string[];
  flags: Flags;
  env: Record<string, string | undefined>;
  style: Style;
};

export type CommandResult = { data: unknown; text: string };

export type Command = {
  /** One or two words: `pay`, `fault add`. */
  name: string;
  group: "Buyer" | "Notifications" | "Trades" | "Faults" | "Clock" | "Setup";
  /** Arguments and flags after the name, as printed in the help. */
  usage: string;
  summary: string;
  flags: readonly FlagName[];
  positionals: readonly [min: number, max: number];
  run(ctx: CommandContext): Promise<CommandResult>;
};
