// The help text, generated from the command list so it cannot go stale.
import type { Command } from "./command";
import { COMMANDS } from "./registry";

const EXAMPLES = [
  "npm run sandbox -- pay T20250601001                # pay an order by its out_trade_no (or pass the qr_code)",
  "npm run sandbox -- fault add duplicate --trade T20250601001 --param times=2",
  "npm run sandbox -- fault add gateway_error --method alipay.trade.refund --count 1",
  "npm run sandbox -- attempts T20250601001           # what the console answered, try by try",
  "npm run sandbox -- clock advance 2h                # let QR codes and unpaid trades expire",
  "npm run -s sandbox -- config >> .env.local          # -s: keep npm's own banner out of the file",
  "SANDBOX_URL=http://localhost:3200 npm run sandbox -- trades --status TRADE_SUCCESS --json",
];

export function usageLine(command: Command): string {
  return `${command.name} ${command.usage}`.trimEnd();
}

export function commandHelp(command: Command): string {
  return `usage: npm run sandbox -- ${usageLine(command)} [--url URL] [--json]\n\n  ${command.summary}\n`;
}

export function generalHelp(): string {
  const lines = [
    "Local Alipay sandbox CLI: drives a running sandbox (npm run sandbox:server) over its JSON API.",
    "",
    "usage: npm run sandbox -- <command> [arguments] [--url URL] [--json]",
  ];
  const groups = [...new Set(COMMANDS.map((c) => c.group))];
  for (const group of groups) {
    lines.push("", `${group}:`);
    for (const command of COMMANDS.filter((c) => c.group === group)) {
      lines.push(`  ${usageLine(command)}`, `      ${command.summary}`);
    }
  }
  lines.push(
    "",
    "Options:",
    "  --url URL    the sandbox (default: $SANDBOX_URL, else http://localhost:3100)",
    "  --json       print the API's raw JSON instead of tables",
    "  -h, --help   this help; `<command> --help` for one command",
    "",
    "Examples:",
    ...EXAMPLES.map((e) => `  ${e}`),
    "",
    "Exit codes: 0 done, 1 the sandbox is unreachable or refused, 2 bad command line.",
  );
  return `${lines.join("\n")}\n`;
}
