// Runs one command line and returns the exit code: 0 done, 1 the sandbox unreachable or refusing,
// 2 a bad command line. Output goes through the given streams so tests can run it in-process.
import { parseArgv, type ParsedArgv } from "./args";
import { createApi } from "./client";
import { ApiError, UnreachableError, UsageError } from "./errors";
import { createStyle } from "./format";
import { checkUsage, findCommand } from "./registry";
import { commandHelp, generalHelp } from "./usage";

export type CliIo = {
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
};

const DEFAULT_URL = "http://localhost:3100";

function baseUrlOf(flag: string | undefined, env: CliIo["env"]): string {
  const text = flag ?? (env.SANDBOX_URL || DEFAULT_URL);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`the sandbox URL must be like http://localhost:3100, got '${text}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`the sandbox URL must be http(s), got '${text}'`);
  return url.href.replace(/\/+$/, "");
}

async function execute(parsed: ParsedArgv, io: CliIo): Promise<void> {
  const [first] = parsed.positionals;
  if (first === undefined || first === "help") {
    const topic = parsed.positionals.slice(1);
    io.stdout.write(topic.length > 0 ? commandHelp(findCommand(topic).command) : generalHelp());
    return;
  }
  const { command, args } = findCommand(parsed.positionals);
  if (parsed.flags.help) {
    io.stdout.write(commandHelp(command));
    return;
  }
  checkUsage(command, args, parsed);
  const api = createApi(baseUrlOf(parsed.flags.url, io.env));
  const style = createStyle(Boolean(io.stdout.isTTY) && !parsed.flags.json && !io.env.NO_COLOR);
  const result = await command.run({ api, args, flags: parsed.flags, env: io.env, style });
  io.stdout.write(parsed.flags.json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = false;
  try {
    const parsed = parseArgv([...argv]);
    json = Boolean(parsed.flags.json);
    await execute(parsed, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\nRun \`npm run sandbox -- help\` for the commands.\n`);
      return 2;
    }
    if (error instanceof UnreachableError) {
      io.stderr.write(`error: ${error.message}\nIs the sandbox running? npm run sandbox:server (or point at it with --url / SANDBOX_URL)\n`);
      return 1;
    }
    if (error instanceof ApiError) {
      if (json) io.stdout.write(`${JSON.stringify(error.body, null, 2)}\n`);
      io.stderr.write(`error: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
