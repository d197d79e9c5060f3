// Import and a day's run against a migrated database, on both providers: the bill's rows appear only
// once the whole file was read, a broken or foreign file leaves none, each difference is found under a key
// a re-run finds again, and a re-run undoes no resolution.
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTradeBill, type BillRow } from "@/sandbox/bill/build-trade-bill";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { readTradeBill, type TradeBillRow } from "@/lib/alipay/bill/read-trade-bill";
import { BatchBuilder } from "@/lib/alipay/bill/bill-batch";
import { insertBillBatches, insertBillFile } from "./bill-sql";
import { beijingDay } from "./day-input";
import { readDayInput } from "./day-sql";
import { importBill } from "./import-bill";
import { matchDay } from "./match-day";
import { reconcileDay } from "./reconcile-day";

const PID = "2088102177649450";
const DATE = "2026-12-02";
const at = (time: string, day = DATE) => new Date(`${day}T${time}+08:00`);

type Seed = { no: string; status: string; fen: number; paidAt?: Date; anomalies?: string };

function billRow(seed: Seed, fields: Partial<BillRow> = {}): BillRow {
  return { kind: "PAYMENT", tradeNo: `T${seed.no}`, outTradeNo: `${seed.no}-1`, subject: "咖啡", createdAt: at("09:00:00"), finishedAt: seed.paidAt ?? at("10:00:00"), buyerLogonId: "ifv***@sandbox.com", amountFen: seed.fen, receiptFen: seed.fen, feeFen: Math.floor((seed.fen * 60 + 5000) / 10000), ...fields };
}

describe.each(["sqlite", "postgresql"] as const)("reconciliation on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  const upload = (bytes: Buffer, billDate = DATE) => importBill(db, { billDate, source: "UPLOAD", fileName: "bill.csv.zip", bytes, receivedBy: "admin@example.com" }, PID);
  const open = async () => (await db.reconciliationException.findMany({ where: { billDate: DATE, status: "OPEN" }, orderBy: [{ kind: "asc" }, { key: "asc" }] })).map((e) => `${e.kind} ${e.key}`);

  const matched: Seed = { no: "A", status: "PAID", fen: 1000, paidAt: at("10:00:00") };
  const notHere: Seed = { no: "B", status: "PENDING", fen: 2000 };
  const notInBill: Seed = { no: "C", status: "PAID", fen: 3000, paidAt: at("11:00:00") };
  const tampered: Seed = { no: "D", status: "PAID", fen: 4000, paidAt: at("12:00:00") };

  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    for (const seed of [matched, notHere, notInBill, tampered]) {
      await db.order.create({
        data: {
          id: `id-${seed.no}`,
          outTradeNo: seed.no,
          alipayOutTradeNo: `${seed.no}-1`,
          tradeNo: seed.paidAt ? `T${seed.no}` : null,
          amountFen: seed.fen,
          paidFen: seed.paidAt ? seed.fen : 0,
          subject: "咖啡",
          status: seed.status,
          timeoutMinutes: 5,
          requestHash: "h",
          expiresAt: at("09:05:00"),
          createdAt: at("09:00:00"),
          paidAt: seed.paidAt ?? null,
        },
      });
    }
    // The paid ones were told by a verified notification; B's only notification was forged.
    for (const [orderId, signature] of [["id-A", "VALID"], ["id-C", "VALID"], ["id-D", "VALID"], ["id-B", "INVALID"]] as const) {
      await db.notification.create({ data: { rawBody: new Uint8Array(Buffer.from("x")), bodySize: 1, orderId, signature, outcome: signature === "VALID" ? "APPLIED" : "REJECTED" } });
    }
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const rows = [billRow(matched), billRow(notHere, { finishedAt: at("10:30:00") }), billRow(tampered, { amountFen: 3900, receiptFen: 3900, feeFen: 23 })];
  const bill = () => buildTradeBill({ pid: PID, date: DATE, rows, exportedAt: at("09:00:00", "2026-12-03") }).zip;

  it("refuses a broken bill and one of another day whole, keeping the file and the reason, and no row", async () => {
    const zip = bill();
    const broken = await upload(zip.subarray(0, zip.length - 40));
    expect(broken).toMatchObject({ ok: false, problem: "BAD_ZIP" });
    const foreign = await upload(zip, "2026-12-01");
    expect(foreign).toMatchObject({ ok: false, problem: "WRONG_DAY", reason: "the bill starts on 2026-12-02, not on 2026-12-01" });
    const kept = await db.billFile.findUniqueOrThrow({ where: { id: foreign.billFileId } });
    expect([kept.problem, kept.importedAt, kept.size, Buffer.from(kept.content).equals(zip)]).toEqual(["WRONG_DAY", null, zip.length, true]);
    expect(await db.billRow.count()).toBe(0);
    expect(await reconcileDay(db, DATE, { feeRateBp: 60 })).toEqual({ ok: false, reason: "NO_BILL" });
  });

  it("refuses a bill whose totals disagree after some rows were stored, leaving none", async () => {
    const csv = iconv.encode(
      [
        "#支付宝业务明细查询",
        `#账号：[${PID}0156]`,
        "#起始日期：[2026年12月02日 00:00:00]   终止日期：[2026年12月03日 00:00:00]",
        `#${"-".repeat(41)}业务明细列表${"-".repeat(40)}`,
        "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,服务费（元）",
        ...Array.from({ length: 2500 }, (_, i) => `T${i}\t,N${i}\t,交易\t,咖啡,2026-12-02 09:00:00,2026-12-02 09:00:01,,,,,,1.00,1.00,-0.01`),
        `#${"-".repeat(41)}业务明细列表结束${"-".repeat(36)}`,
        "#交易合计：2500笔，商家实收共2499.99元，商家优惠共0.00元",
        "#退款合计：0笔，商家实收退款共0.00元，商家优惠退款共0.00元",
      ].join("\r\n"),
      "gbk",
    );
    expect(await upload(csv)).toMatchObject({ ok: false, problem: "TOTALS_MISMATCH" });
    expect(await db.billRow.count()).toBe(0);
  });

  it("imports the bill and finds each difference, once", async () => {
    const imported = await upload(bill());
    expect(imported).toMatchObject({ ok: true, summary: { rows: 3, payments: { count: 3, receiptFen: 6900 } } });
    const result = await reconcileDay(db, DATE, { feeRateBp: 60 });
    expect(result).toMatchObject({ ok: true, found: 4, opened: 4, gone: 0, summary: { matched: { payments: 1, refunds: 0 }, ours: { payments: { count: 3, amountFen: 8000 } } } });
    expect(await open()).toEqual(["AMOUNT_MISMATCH TD", "NOTIFICATION_REJECTED TB", "NOT_IN_BILL TC", "PAID_NOT_HERE TB"]);
    const costly = await db.reconciliationException.findFirstOrThrow({ where: { kind: "PAID_NOT_HERE" } });
    expect(costly).toMatchObject({ orderId: "id-B", outTradeNo: "B", tradeNo: "TB", oursFen: 0, billFen: 2000 });
    expect(JSON.parse((await db.reconciliationDay.findUniqueOrThrow({ where: { billDate: DATE } })).summary!)).toMatchObject({ matchedShare: 1 / 3 });
  });

  it("stores every field of every row as the reader reads it, and a run on what the import prepared is a run on what it stored", async () => {
    const day = "2026-12-04";
    const when = (time: string) => at(time, day);
    const shapes: BillRow[] = [
      { kind: "PAYMENT", tradeNo: "TX1", outTradeNo: "X1", subject: '咖啡, "大杯"\n加冰', createdAt: when("09:59:50"), finishedAt: when("10:00:05"), storeId: "S001", storeName: "旗舰店", operatorId: "op01", terminalId: "T01", buyerLogonId: "ifv***@sandbox.com", amountFen: 1230, receiptFen: 1230, feeFen: 7 },
      { kind: "REFUND", tradeNo: "TX1", outTradeNo: "X1", subject: "咖啡", createdAt: when("09:59:50"), finishedAt: when("12:00:00"), buyerLogonId: "ifv***@sandbox.com", amountFen: 500, receiptFen: 500, outRequestNo: "R1", feeFen: 3, remark: "部分退款 \\N C:\\temp\ta\rb\nc" },
    ];
    // More rows than three transactions store: rows are stored while the rest are still being read, and
    // on PostgreSQL the buffers of a transaction copied are written again by the rows of a later one.
    const many = Array.from({ length: 30_001 }, (_, i) => ({ ...shapes[i % 2]!, tradeNo: `TX${i >> 1}`, outTradeNo: `X${i >> 1}`, outRequestNo: i % 2 ? `R${i}` : undefined }));
    // Some of the day's orders: paid as billed, paid at another amount, and one the bill does not have.
    for (const [n, fen] of [[0, 1230], [1, 1200], [99_999, 700]] as const) {
      await db.order.create({
        data: { id: `id-X${n}`, outTradeNo: `X${n}`, alipayOutTradeNo: `X${n}`, tradeNo: `TX${n}`, amountFen: fen, paidFen: fen, subject: "咖啡", status: "PAID", timeoutMinutes: 5, requestHash: "h", expiresAt: when("10:05:00"), createdAt: when("09:59:50"), paidAt: when("10:00:05") },
      });
    }
    const zip = buildTradeBill({ pid: PID, date: day, rows: many, exportedAt: at("09:00:00", "2026-12-05") }).zip;
    const read: TradeBillRow[] = [];
    await readTradeBill(zip, (row) => void read.push(row));
    // Text with what COPY's format escapes (a backslash, a tab, line ends) and a literal \N, kept as written.
    expect(read.find((row) => row.kind === "REFUND")?.remark).toBe("部分退款 \\N C:\\temp\ta\rb\nc");

    const imported = await importBill(db, { billDate: day, source: "UPLOAD", fileName: "bill.csv.zip", bytes: zip, receivedBy: null }, PID, { prepare: true });
    if (!imported.ok) throw new Error(imported.reason);
    expect(imported.prepared?.lines?.length).toBe(30_001);
    expect([...(imported.prepared?.orders?.orders ?? [])].map((order) => order.id).sort()).toEqual(["id-X0", "id-X1", "id-X99999"]);
    const stored = await db.billRow.findMany({ where: { billFileId: imported.billFileId }, orderBy: { line: "asc" } });
    // Field by field, as text with sorted keys (a deep comparison of 10,000 objects takes seconds).
    const canon = (row: object) => JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));
    const differs = stored.findIndex(({ billFileId: _file, ...row }, i) => canon(row) !== canon(read[i]!));
    expect(stored).toHaveLength(read.length);
    expect(differs === -1 ? null : [stored[differs], read[differs]]).toBeNull();

    // The day as prepared and the day as read back: the same input to the match, the same findings.
    const dayRange = beijingDay(day);
    const preparedInput = await readDayInput(db, dayRange, imported.billFileId, 60, imported.prepared ?? undefined);
    // Used, not read again: the very rows and orders the import kept.
    expect(preparedInput.bill).toBe(imported.prepared?.lines);
    expect([...preparedInput.orders].filter((order) => order.id.startsWith("id-X"))).toEqual([...imported.prepared!.orders!.orders]);
    const fromPrepared = matchDay(preparedInput);
    const fromStored = matchDay(await readDayInput(db, dayRange, imported.billFileId, 60));
    expect(fromPrepared.summary).toEqual(fromStored.summary);
    expect(fromPrepared.exceptions.map((e) => `${e.kind} ${e.key}`)).toEqual(fromStored.exceptions.map((e) => `${e.kind} ${e.key}`));
    expect([fromPrepared.summary.matched.payments, fromPrepared.summary.ours.payments.count]).toEqual([1, 3]);
    const found = new Set<string>(fromPrepared.exceptions.map((e) => e.kind));
    expect(["AMOUNT_MISMATCH", "NOT_IN_BILL", "UNKNOWN_TRADE"].every((kind) => found.has(kind))).toBe(true);
  });

  it("stores a row without 创建时间 as none, not as the epoch", async () => {
    const builder = new BatchBuilder(2);
    const row: TradeBillRow = { line: 7, kind: "PAYMENT", tradeNo: "TN1", outTradeNo: null, subject: null, createdAt: null, finishedAt: at("10:00:00"), storeId: null, storeName: null, operatorId: null, terminalId: null, buyerLogonId: null, amountFen: 1, receiptFen: 1, merchantDiscountFen: 0, feeFen: 0, outRequestNo: null, remark: null };
    builder.push(row);
    await insertBillFile(db, { id: "file-no-created", billDate: "2026-12-06", source: "UPLOAD", fileName: "x.csv", sha256: "0", bytes: Buffer.from("x"), receivedBy: null });
    await insertBillBatches(db, "file-no-created", [builder.take()]);
    const stored = await db.billRow.findFirstOrThrow({ where: { billFileId: "file-no-created" } });
    expect([stored.createdAt, stored.finishedAt, stored.outTradeNo, stored.subject, stored.kind]).toEqual([null, at("10:00:00"), null, null, "PAYMENT"]);
  });

  it("fails a store the database refuses, keeping none of its rows, and stores the next one", async () => {
    const builder = new BatchBuilder(3);
    for (const line of [1, 2, 3]) builder.push({ line, kind: "PAYMENT", tradeNo: `TR${line}`, outTradeNo: null, subject: "咖啡", createdAt: null, finishedAt: at("10:00:00"), storeId: null, storeName: null, operatorId: null, terminalId: null, buyerLogonId: null, amountFen: 1, receiptFen: 1, merchantDiscountFen: 0, feeFen: 0, outRequestNo: null, remark: null });
    const batch = builder.take();
    // No such file: the rows' foreign key refuses them (on PostgreSQL, at the end of the COPY).
    await expect(insertBillBatches(db, "no-such-file", [batch])).rejects.toThrow(/foreign key/i);
    expect(await db.billRow.count({ where: { billFileId: "no-such-file" } })).toBe(0);
    await insertBillFile(db, { id: "file-after-refusal", billDate: "2026-12-06", source: "UPLOAD", fileName: "x.csv", sha256: "0", bytes: Buffer.from("x"), receivedBy: null });
    await insertBillBatches(db, "file-after-refusal", [batch]);
    expect(await db.billRow.count({ where: { billFileId: "file-after-refusal" } })).toBe(3);
  });

  it("runs again without undoing a resolution, and closes what was healed meanwhile as gone", async () => {
    await db.reconciliationException.updateMany({ where: { kind: "AMOUNT_MISMATCH" }, data: { status: "RESOLVED", resolution: "REVIEWED", resolvedBy: "admin@example.com", note: "收银员输错" } });
    // A resync paid B meanwhile.
    await db.order.update({ where: { id: "id-B" }, data: { status: "PAID", paidFen: 2000, tradeNo: "TB", paidAt: at("10:30:00") } });
    const again = await reconcileDay(db, DATE, { feeRateBp: 60 });
    expect(again).toMatchObject({ ok: true, found: 3, opened: 0, gone: 1 });
    expect(await open()).toEqual(["NOTIFICATION_REJECTED TB", "NOT_IN_BILL TC"]);
    const all = await db.reconciliationException.findMany({ where: { billDate: DATE }, orderBy: { kind: "asc" } });
    expect(all.map((e) => [e.kind, e.status, e.resolution, e.resolvedBy])).toEqual([
      ["AMOUNT_MISMATCH", "RESOLVED", "REVIEWED", "admin@example.com"],
      ["NOTIFICATION_REJECTED", "OPEN", null, null],
      ["NOT_IN_BILL", "OPEN", null, null],
      ["PAID_NOT_HERE", "RESOLVED", "GONE", "reconciliation"],
    ]);
    expect(await reconcileDay(db, DATE, { feeRateBp: 60 })).toMatchObject({ opened: 0, gone: 0 });
  });

  it("refreshes the open ones it finds again (when last seen, and what changed) and leaves resolved ones as they were", async () => {
    const before = await db.reconciliationException.findMany({ where: { billDate: DATE } });
    const byKind = (rows: typeof before, kind: string) => rows.find((e) => e.kind === kind)!;
    // C's amount corrected here meanwhile: its NOT_IN_BILL now says so; B's rejected notification is as it was.
    await db.order.update({ where: { id: "id-C" }, data: { paidFen: 3100 } });
    const later = new Date(Date.now() + 60_000);
    expect(await reconcileDay(db, DATE, { feeRateBp: 60, now: later })).toMatchObject({ found: 3, opened: 0, gone: 0 });
    const after = await db.reconciliationException.findMany({ where: { billDate: DATE } });
    expect(byKind(after, "NOT_IN_BILL")).toMatchObject({ oursFen: 3100, lastSeenAt: later, firstSeenAt: byKind(before, "NOT_IN_BILL").firstSeenAt, status: "OPEN" });
    expect(byKind(before, "NOT_IN_BILL").oursFen).toBe(3000);
    const { lastSeenAt: seenAgain, ...rejected } = byKind(after, "NOTIFICATION_REJECTED");
    const { lastSeenAt: seenBefore, ...rejectedBefore } = byKind(before, "NOTIFICATION_REJECTED");
    expect(JSON.stringify(rejected)).toBe(JSON.stringify(rejectedBefore));
    expect(seenAgain).toEqual(later);
    expect(seenBefore.getTime()).toBeLessThan(later.getTime());
    // Resolved: not touched, not even when it was seen.
    expect(JSON.stringify(byKind(after, "AMOUNT_MISMATCH"))).toBe(JSON.stringify(byKind(before, "AMOUNT_MISMATCH")));
    await db.order.update({ where: { id: "id-C" }, data: { paidFen: 3000 } });
  });

  it("runs again a day of thousands of open exceptions, refreshing or closing them all, beyond SQLite's 999 parameters a statement", async () => {
    const day = "2026-12-08";
    const paidAt = at("10:00:00", day);
    // 6,000 orders paid here and absent from the bill, and one bill row for a trade unknown here.
    await db.order.createMany({
      data: Array.from({ length: 6_000 }, (_, i) => ({
        id: `id-M${i}`, outTradeNo: `M${i}`, alipayOutTradeNo: `M${i}`, tradeNo: `TM${i}`, amountFen: 100, paidFen: 100, subject: "咖啡", status: "PAID",
        timeoutMinutes: 5, requestHash: "h", expiresAt: paidAt, createdAt: paidAt, paidAt,
      })),
    });
    const bill = buildTradeBill({ pid: PID, date: day, rows: [billRow({ no: "Z", status: "PAID", fen: 500, paidAt })], exportedAt: at("09:00:00", "2026-12-09") });
    expect(await upload(bill.zip, day)).toMatchObject({ ok: true });
    expect(await reconcileDay(db, day, { feeRateBp: 60 })).toMatchObject({ found: 6_001, opened: 6_001 });
    const later = new Date(Date.now() + 60_000);
    expect(await reconcileDay(db, day, { feeRateBp: 60, now: later })).toMatchObject({ found: 6_001, opened: 0, gone: 0 });
    const seen = await db.reconciliationException.groupBy({ by: ["status", "lastSeenAt"], where: { billDate: day }, _count: true });
    expect(seen).toEqual([{ status: "OPEN", lastSeenAt: later, _count: 6_001 }]);
    // All of them resynced here meanwhile, and the bill corrected: every one is gone.
    await db.order.updateMany({ where: { id: { startsWith: "id-M" } }, data: { status: "CLOSED" } });
    const empty = buildTradeBill({ pid: PID, date: day, rows: [], exportedAt: at("09:30:00", "2026-12-09") });
    expect(await upload(empty.zip, day)).toMatchObject({ ok: true });
    expect(await reconcileDay(db, day, { feeRateBp: 60, now: later })).toMatchObject({ found: 0, gone: 6_001 });
    expect(await db.reconciliationException.count({ where: { billDate: day, status: "RESOLVED", resolution: "GONE" } })).toBe(6_001);
  });
});
