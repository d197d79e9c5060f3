// Every command, in help order, and how a command line finds its command.
import { GLOBAL_FLAGS, type ParsedArgv } from "./args";
import type { Command } from "./command";
import { UsageError } from "./errors";
import { payCommand, scanCommand } from "./commands/buyer";
import { clockAdvanceCommand, clockCommand } from "./commands/clock";
import { configCommand } from "./commands/config";
import { faultAddCommand, faultClearCommand, faultKindsCommand, faultListCommand, faultRmCommand } from "./commands/faults";
import { attemptsCommand, notifyCommand, resendCommand } from "./commands/notifications";
import { finishCommand, tradeCommand, tradesCommand } from "./commands/trades";

export const COMMANDS: readonly Command[] = [
  payCommand,
  scanCommand,
  notifyCommand,
  resendCommand,
  attemptsCommand,
  tradesCommand,
  tradeCommand,
  finishCommand,
  faultAddCommand,
  faultListCommand,
  faultRmCommand,
  faultClearCommand,
  faultKindsCommand,
  clockCommand,
  clockAdvanceCommand,
  configCommand,
];

const byName = new Map(COMMANDS.map((c) => [c.name, c]));

/** The command named by the first one or two words; throws a usage error for anything else. */
export function findCommand(positionals: readonly string[]): { command: Command; args: string[] } {
  const [first = "", second, ...rest] = positionals;
  const pair = second === undefined ? undefined : byName.get(`${first} ${second}`);
  if (pair) return { command: pair, args: rest };
  const single = byName.get(first);
  if (single && (second === undefined || single.positionals[1] > 0)) return { command: single, args: positionals.slice(1) };
  const subcommands = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
  if (subcommands.length > 0) {
    const asked = second === undefined ? `'${first}' needs a subcommand` : `unknown command '${first} ${second}'`;
    throw new UsageError(`${asked}; try: ${[...(single ? [single.name] : []), ...subcommands].join(", ")}`);
  }
  throw new UsageError(`unknown command '${first}'`);
}

/** Rejects a wrong number of arguments or a flag the command does not take. */
export function checkUsage(command: Command, args: readonly string[], parsed: ParsedArgv): void {
  const [min, max] = command.positionals;
  const usage = `usage: npm run sandbox -- ${command.name} ${command.usage}`.trimEnd();
  if (args.length < min) throw new UsageError(`${command.name} needs more arguments\n${usage}`);
  if (args.length > max) throw new UsageError(`${command.name} does not take '${args[max]}'\n${usage}`);
  const foreign = parsed.used.find((flag) => !GLOBAL_FLAGS.includes(flag) && !command.flags.includes(flag));
  if (foreign) throw new UsageError(`${command.name} does not take --${foreign}\n${usage}`);
}
