// npm run db:generate – writes prisma/<provider>/schema.prisma (header + prisma/models.prisma; runPrisma
// does that before any CLI call) and generates both clients into prisma/generated/<provider>.
import { PROVIDERS, placeholderUrl, runPrisma } from "../prisma/tooling";

const results = await Promise.allSettled(PROVIDERS.map((provider) => runPrisma(provider, ["generate"], placeholderUrl(provider))));
for (const [index, result] of results.entries()) {
  if (result.status === "fulfilled") console.log(`${PROVIDERS[index]}: ${result.value.stdout.trim().split("\n").at(-1)}`);
  else console.error((result.reason as Error).message);
}
if (results.some((result) => result.status === "rejected")) process.exitCode = 1;
