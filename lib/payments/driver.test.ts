// The PostgreSQL transaction runner when a connection is lost mid-transaction: the transaction fails with
// the server's error, the process goes on (a checked-out client's own error has a listener), the dead
// connection is not handed to the next borrower, and the next transaction on the same pool succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, getDriver, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { all, copyIn, inTransaction, run } from "./driver";

describe("PostgreSQL transactions whose connection is lost", () => {
  let database: MigratedDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createMigratedDatabase("postgresql");
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  for (const lazyCommit of [false, true]) {
    it(`fails, and the next transaction runs on a live connection${lazyCommit ? " (lazily committed pool)" : ""}`, async () => {
      const driver = await getDriver(db);
      // The backend ends itself halfway through the transaction.
      const lost = inTransaction(driver, function* () {
        yield run("SELECT pg_terminate_backend(pg_backend_pid())", []);
        return true;
      }, { lazyCommit });
      await expect(lost).rejects.toThrow(/terminat/i);
      const again = await inTransaction(driver, function* () {
        const rows = (yield all("SELECT 1 AS one", [])) as { one: number }[];
        return rows[0]!.one;
      }, { lazyCommit });
      expect(again).toBe(1);
    });
  }

  it("fails a COPY the server refuses with the server's error, and rolls it back", async () => {
    const driver = await getDriver(db);
    const copy = inTransaction(driver, function* (table) {
      yield copyIn(`COPY ${table("SignInThrottle")} ("key") FROM STDIN`, ["only-one-column\tand-another\n"]);
      return true;
    }, { lazyCommit: true });
    await expect(copy).rejects.toThrow(/extra data/i);
    const again = await inTransaction(driver, function* () {
      return ((yield all("SELECT 2 AS two", [])) as { two: number }[])[0]!.two;
    }, { lazyCommit: true });
    expect(again).toBe(2);
  });
});
