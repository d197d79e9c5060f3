// The export against a migrated database: each sort in each direction read in small batches gives every
// order of the view exactly once, in the list's order (ties by id, the unpaid last), filters applied.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { parseOrderListQuery } from "@/lib/orders/list-query";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { countExportedOrders, exportedOrders, ordersCsvStream } from "./orders-export";

type Seed = { no: string; fen: number; created: string; paid: string | null; status: string };

// Ties on every sort field, and orders without a paid time, so that the keyset's tie-breaks are exercised.
const SEEDS: Seed[] = [
  { no: "A1", fen: 500, created: "2026-12-01T01:00:00Z", paid: "2026-12-01T01:01:00Z", status: "PAID" },
  { no: "A2", fen: 500, created: "2026-12-01T01:00:00Z", paid: "2026-12-01T01:01:00Z", status: "PAID" },
  { no: "A3", fen: 100, created: "2026-12-01T02:00:00Z", paid: null, status: "PENDING" },
  { no: "A4", fen: 900, created: "2026-12-01T02:00:00Z", paid: "2026-12-01T01:30:00Z", status: "REFUNDED" },
  { no: "A5", fen: 500, created: "2026-12-01T03:00:00Z", paid: null, status: "CLOSED" },
  { no: "A6", fen: 100, created: "2026-12-02T03:00:00Z", paid: "2026-12-02T03:00:05Z", status: "PAID" },
  { no: "A7", fen: 700, created: "2026-12-02T04:00:00Z", paid: null, status: "PENDING" },
  { no: "A8", fen: 300, created: "2026-12-01T02:00:00Z", paid: null, status: "FAILED" },
];

/** The export's order computed in memory: the field, then the id; sorted by paid time, the unpaid last, by creation time. */
function expected(seeds: Seed[], field: "createdAt" | "amountFen" | "paidAt", desc: boolean): string[] {
  const created = (seed: Seed) => Date.parse(seed.created);
  const key = (seed: Seed) => (field === "createdAt" ? created(seed) : field === "amountFen" ? seed.fen : Date.parse(seed.paid!));
  const byKey = (key: (seed: Seed) => number) => (a: Seed, b: Seed) => {
    const order = key(a) === key(b) ? a.no.localeCompare(b.no) : key(a) - key(b);
    return desc ? -order : order;
  };
  const keyed = field === "paidAt" ? seeds.filter((seed) => seed.paid !== null) : seeds;
  const rest = field === "paidAt" ? [...seeds.filter((seed) => seed.paid === null)].sort(byKey(created)) : [];
  return [...[...keyed].sort(byKey(key)), ...rest].map((seed) => seed.no);
}

describe.each(["sqlite", "postgresql"] as const)("the orders export on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  const queryOf = (search: string) => parseOrderListQuery(Object.fromEntries(new URLSearchParams(search))).query;
  const exported = async (search: string, batchSize: number) => {
    const numbers: string[] = [];
    for await (const order of exportedOrders(db, queryOf(search), batchSize)) numbers.push(order.outTradeNo);
    return numbers;
  };

  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    for (const seed of SEEDS) {
      await db.order.create({
        data: {
          id: `id-${seed.no}`,
          outTradeNo: seed.no,
          amountFen: seed.fen,
          paidFen: seed.paid ? seed.fen : 0,
          subject: seed.no === "A2" ? "=1+1 咖啡" : "咖啡",
          status: seed.status,
          timeoutMinutes: 5,
          requestHash: "h",
          expiresAt: new Date(seed.created),
          createdAt: new Date(seed.created),
          paidAt: seed.paid ? new Date(seed.paid) : null,
        },
      });
    }
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  for (const field of ["createdAt", "amountFen", "paidAt"] as const) {
    for (const direction of ["asc", "desc"] as const) {
      it(`sorted by ${field} ${direction}: every order once, in order, whatever the batch size`, async () => {
        const want = expected(SEEDS, field, direction === "desc");
        for (const batchSize of [1, 2, 3, 7, 1000]) expect(await exported(`sort=${field}.${direction}`, batchSize)).toEqual(want);
      });
    }
  }

  it("applies the view's filters and status tab, and ignores its page", async () => {
    expect(await exported("status=PAID&page=2&size=20", 1)).toEqual(["A6", "A2", "A1"]);
    expect(await exported("min=5&max=7&sort=amountFen.asc", 2)).toEqual(["A1", "A2", "A5", "A7"]);
    expect(await exported("from=2026-12-02&to=2026-12-02", 1)).toEqual(["A7", "A6"]);
    expect(await exported("q=A4", 1)).toEqual(["A4"]);
    expect(await countExportedOrders(db, queryOf("min=5&max=7"))).toBe(4);
  });

  it("streams the CSV: BOM, the header, a record per order, formulas made inert", async () => {
    const stream = ordersCsvStream(db, queryOf("status=PAID&sort=createdAt.asc"), { column: (column) => column, status: (status) => `label:${status}` });
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3)).split("\r\n");
    expect(lines[0]).toBe("outTradeNo,tradeNo,subject,status,statusLabel,amount,paid,refunded,refundPending,anomalies,buyer,createdAt,paidAt");
    expect(lines.slice(1)).toEqual([
      "A1,,咖啡,PAID,label:PAID,5.00,5.00,0.00,0.00,,,2026-12-01 09:00:00,2026-12-01 09:01:00",
      "A2,,'=1+1 咖啡,PAID,label:PAID,5.00,5.00,0.00,0.00,,,2026-12-01 09:00:00,2026-12-01 09:01:00",
      "A6,,咖啡,PAID,label:PAID,1.00,1.00,0.00,0.00,,,2026-12-02 11:00:00,2026-12-02 11:00:05",
      "",
    ]);
  });
});
