import { describe, expect, it } from "vitest";
import { databaseProvider, describeDatabase, pgConnection, pgConnectionString, redactCredentials, sqliteFilePath } from "./database-url";

describe("databaseProvider", () => {
  it("selects the provider by scheme", () => {
    expect(databaseProvider("file:./.data/console.db")).toBe("sqlite");
    expect(databaseProvider("postgresql://u@h/db")).toBe("postgresql");
    expect(databaseProvider("postgres://u@h/db")).toBe("postgresql");
    expect(() => databaseProvider("mysql://u@h/db")).toThrow(/must start with file:/);
  });
});

describe("sqliteFilePath", () => {
  it("resolves relative paths against the project root, not the current directory", () => {
    expect(sqliteFilePath("file:./.data/console.db", "/srv/app")).toBe("/srv/app/.data/console.db");
    expect(sqliteFilePath("file:console.db?connection_limit=1", "/srv/app")).toBe("/srv/app/console.db");
  });

  it("keeps absolute paths, file:/// URLs and :memory:", () => {
    expect(sqliteFilePath("file:/var/lib/console.db", "/srv/app")).toBe("/var/lib/console.db");
    expect(sqliteFilePath("file:///var/lib/console%20db.db", "/srv/app")).toBe("/var/lib/console db.db");
    expect(sqliteFilePath("file::memory:", "/srv/app")).toBe(":memory:");
  });
});

describe("pgConnection", () => {
  it("splits a URL into fields, decoding them", () => {
    expect(pgConnection("postgresql://app%40x:p%2Fss@db.internal:6543/console?schema=pay&sslmode=require")).toEqual({
      host: "db.internal",
      port: 6543,
      user: "app@x",
      password: "p/ss",
      database: "console",
      ssl: true,
      schema: "pay",
    });
    expect(pgConnection("postgres://app@db/console")).toMatchObject({ port: 5432, password: undefined, ssl: undefined, schema: undefined });
  });

  it("drops Prisma's schema parameter for pg", () => {
    expect(pgConnectionString("postgresql://app@db/console?schema=pay&sslmode=require")).toBe("postgresql://app@db/console?sslmode=require");
  });
});

describe("redactCredentials", () => {
  const url = "postgresql://app:s3cr%2Ft@db:5432/console";

  it("removes the password, raw or decoded, and any user:password@ in URLs", () => {
    const message = `connect to ${url} failed; password s3cr/t rejected; s3cr%2Ft; also mysql://root:hunter2@x/y`;
    const redacted = redactCredentials(message, url);
    expect(redacted).not.toMatch(/s3cr|hunter2/);
    expect(redacted).toContain("postgresql://app:***@db:5432/console");
    expect(redacted).toContain("mysql://root:***@x/y");
  });

  it("describes where a URL points without credentials, and never throws", () => {
    expect(describeDatabase(url, "/srv/app")).toBe("db:5432/console");
    expect(describeDatabase("file:./x.db", "/srv/app")).toBe("/srv/app/x.db");
    expect(describeDatabase("postgresql://[broken", "/srv/app")).toBe("(an unparseable URL)");
  });
});
