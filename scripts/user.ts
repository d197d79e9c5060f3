// npm run user -- create <email> --role <viewer|operator|admin> [--name <name>] [--password <password>]
//                 reset-password <email> [--password <password>]
//                 list
// Console accounts, in the database DATABASE_URL names (environment, then `.env`). Without --password a
// strong one is generated and printed once; only its scrypt hash is stored.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generatePassword } from "@/lib/auth/password";
import { isRole, ROLES } from "@/lib/auth/roles";
import { createUser, listUsers, setPassword, UserError } from "@/lib/auth/users";
import { createDb } from "@/lib/db";
import { DEFAULT_DATABASE_URL, redactCredentials } from "@/prisma/database-url";
import { ROOT } from "./processes";

const envFile = path.join(ROOT, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);
const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;

const USAGE = `Usage:
  npm run user -- create <email> --role <${ROLES.join("|")}> [--name <name>] [--password <password>] [--quiet]
      a new account; without --password a strong one is generated and printed once
      (--quiet: print only the password)
  npm run user -- reset-password <email> [--password <password>] [--quiet]
      a new password (generated and printed once without --password); the account's sessions end
  npm run user -- list      the accounts and their roles`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, name: { type: "string" }, password: { type: "string" }, quiet: { type: "boolean" } },
  });
  const [command, email] = positionals;
  const db = createDb(url);
  try {
    if (command === "create" && email && positionals.length === 2) {
      if (!isRole(values.role)) {
        process.stderr.write(`user: --role must be one of ${ROLES.join(", ")}\n${USAGE}\n`);
        return 2;
      }
      const password = values.password ?? generatePassword();
      const user = await createUser(db, { email, password, role: values.role, name: values.name });
      if (values.quiet) process.stdout.write(`${password}\n`);
      else {
        process.stdout.write(`Created ${user.email} (${user.role}).\n`);
        if (!values.password) process.stdout.write(`Password, shown only this once:\n\n  ${password}\n\n`);
      }
      return 0;
    }
    if (command === "reset-password" && email && positionals.length === 2) {
      const password = values.password ?? generatePassword();
      await setPassword(db, email, password);
      if (values.quiet) process.stdout.write(`${password}\n`);
      else process.stdout.write(`New password for ${email.toLowerCase()}${values.password ? " set" : ", shown only this once:\n\n  " + password + "\n"}\n`);
      return 0;
    }
    if (command === "list" && positionals.length === 1) {
      const users = await listUsers(db);
      if (users.length === 0) process.stdout.write("No accounts yet: npm run user -- create <email> --role admin\n");
      for (const user of users) {
        const state = user.disabledAt ? `disabled ${user.disabledAt.toISOString()}` : `last sign-in ${user.lastSignInAt?.toISOString() ?? "never"}`;
        process.stdout.write(`${user.email}  ${user.role}${user.name ? `  (${user.name})` : ""}  ${state}\n`);
      }
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`user: ${error.message}\n`);
      return 1;
    }
    const message = redactCredentials((error as Error).message, url);
    const hint = /no such table|does not exist/i.test(message) ? "\nThe database is not migrated yet: npm run db:migrate" : "";
    process.stderr.write(`user: ${message}${hint}\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`user: ${(error as Error).message}\n`);
  return 1;
});
