// `npm run sandbox -- <command>`: pay, fault, notify, inspect and move the clock of a running local
// Alipay sandbox over its JSON API, in the spirit of `stripe trigger`. `help` lists the commands.
import { runCli } from "./cli/run";

void runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
