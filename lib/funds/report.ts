// The fund flow's figures from the sums the database gives (read.ts): paid, refunded, net, fees and
// what is left after fees, by bucket (hour, day or month), by store and till, and in total. Fees are
// Alipay's own where the day's bill is imported (the bill's 服务费, a payment's charged and a refund's
// given back), and otherwise estimated at the configured rate (ALIPAY_FEE_RATE_BP), each trade rounded
// as Alipay rounds it; without a rate and without a bill they are not known, and said so. Pure.
import { type FundsQuery, NO_STORE, type Period, bucketOf } from "./period";

/** Sums over one Beijing slot (a day's view: an hour, yyyy-MM-dd HH; a month's or a year's: a day, yyyy-MM-dd), store and till. */
export type SlotSums = { slot: string; storeId: string | null; terminalId: string | null; count: number; amountFen: number; feeFen: number };
/** A bill's fees over one slot, store and till, signed as in the bill (a payment's negative). */
export type BillFees = { slot: string; storeId: string | null; terminalId: string | null; feeFen: number };

export type FundsInput = {
  payments: SlotSums[];
  refunds: SlotSums[];
  billFees: BillFees[];
  /** The days (yyyy-MM-dd) whose bill is imported: their fees are the bill's. */
  billedDays: ReadonlySet<string>;
};

/** Where a fee comes from: Alipay's bill, an estimate at the configured rate, or nowhere (not known). */
export type FeeSource = "bill" | "estimate" | "none";

export type Cell = {
  slot: string;
  storeId: string | null;
  terminalId: string | null;
  payments: number;
  paidFen: number;
  refunds: number;
  refundedFen: number;
  feeFen: number | null;
  feeSource: FeeSource;
};

export type Figures = {
  payments: number;
  paidFen: number;
  refunds: number;
  refundedFen: number;
  /** Paid less refunded. */
  netFen: number;
  /** Fees charged less fees given back; null when some of it is not known. */
  feeFen: number | null;
  feeSources: FeeSource[];
  /** Net less fees: what reaches the merchant's account; null with the fees. */
  settlementFen: number | null;
};

export type StoreFigures = Figures & { storeId: string | null; terminals: Array<Figures & { terminalId: string | null }> };

export type FundsReport = {
  buckets: Array<Figures & { key: string }>;
  stores: StoreFigures[];
  total: Figures;
  /** Every store seen in the period, whatever the filter (null: sales without a store), for choosing one. */
  storeIds: Array<string | null>;
  /** By bucket, store and till, in that order: what the CSV export writes. */
  rows: Array<Figures & { bucket: string; storeId: string | null; terminalId: string | null }>;
};

const cellKey = (slot: string, storeId: string | null, terminalId: string | null) => JSON.stringify([slot, storeId, terminalId]);

/** The sums joined into cells, each with its fee and the fee's source. */
export function cellsOf(input: FundsInput, feeRateBp: number | null): Cell[] {
  const cells = new Map<string, Cell & { paidFeeFen: number; refundFeeFen: number; billFeeFen: number }>();
  const cell = (slot: string, storeId: string | null, terminalId: string | null) => {
    const key = cellKey(slot, storeId, terminalId);
    let found = cells.get(key);
    if (!found) {
      found = { slot, storeId, terminalId, payments: 0, paidFen: 0, refunds: 0, refundedFen: 0, feeFen: null, feeSource: "none", paidFeeFen: 0, refundFeeFen: 0, billFeeFen: 0 };
      cells.set(key, found);
    }
    return found;
  };
  for (const sums of input.payments) {
    const target = cell(sums.slot, sums.storeId, sums.terminalId);
    target.payments += sums.count;
    target.paidFen += sums.amountFen;
    target.paidFeeFen += sums.feeFen;
  }
  for (const sums of input.refunds) {
    const target = cell(sums.slot, sums.storeId, sums.terminalId);
    target.refunds += sums.count;
    target.refundedFen += sums.amountFen;
    target.refundFeeFen += sums.feeFen;
  }
  // Only the billed days' rows: a bill of a day outside them is not the day's current one.
  for (const fees of input.billFees) if (input.billedDays.has(fees.slot.slice(0, 10))) cell(fees.slot, fees.storeId, fees.terminalId).billFeeFen += fees.feeFen;
  return [...cells.values()]
    .map(({ paidFeeFen, refundFeeFen, billFeeFen, ...rest }): Cell => {
      if (input.billedDays.has(rest.slot.slice(0, 10))) return { ...rest, feeFen: -billFeeFen, feeSource: "bill" };
      if (feeRateBp !== null) return { ...rest, feeFen: paidFeeFen - refundFeeFen, feeSource: "estimate" };
      return { ...rest, feeFen: null, feeSource: "none" };
    })
    .sort((a, b) => compareKeys([a.slot, a.storeId, a.terminalId], [b.slot, b.storeId, b.terminalId]));
}

/** Keys in order, a missing store or till last. */
function compareKeys(a: Array<string | null>, b: Array<string | null>): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] ?? null, b[i] ?? null];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Figures that add up cells. */
class Sum {
  payments = 0;
  paidFen = 0;
  refunds = 0;
  refundedFen = 0;
  feeFen = 0;
  feeKnown = true;
  sources = new Set<FeeSource>();

  add(cell: Cell): this {
    this.payments += cell.payments;
    this.paidFen += cell.paidFen;
    this.refunds += cell.refunds;
    this.refundedFen += cell.refundedFen;
    if (cell.feeFen === null) this.feeKnown = false;
    else this.feeFen += cell.feeFen;
    this.sources.add(cell.feeSource);
    return this;
  }

  figures(): Figures {
    const netFen = this.paidFen - this.refundedFen;
    const feeFen = this.feeKnown ? this.feeFen : null;
    const feeSources = (["bill", "estimate", "none"] as const).filter((source) => this.sources.has(source));
    return { payments: this.payments, paidFen: this.paidFen, refunds: this.refunds, refundedFen: this.refundedFen, netFen, feeFen, feeSources, settlementFen: feeFen === null ? null : netFen - feeFen };
  }
}

const sumOf = (cells: Iterable<Cell>) => {
  const sum = new Sum();
  for (const cell of cells) sum.add(cell);
  return sum.figures();
};

function groupBy<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function inStore(store: FundsQuery["store"], storeId: string | null): boolean {
  return store === null || (store === NO_STORE ? storeId === null : storeId === store);
}

/** The report of a period: every bucket (empty ones too), each store and its tills, the total. */
export function buildReport(cells: readonly Cell[], period: Period, buckets: readonly string[], store: FundsQuery["store"]): FundsReport {
  const storeIds = [...new Set(cells.map((cell) => cell.storeId))].sort((a, b) => compareKeys([a], [b]));
  const shown = cells.filter((cell) => inStore(store, cell.storeId));
  const byBucket = groupBy(shown, (cell) => bucketOf(period, cell.slot));
  const byStore = groupBy(shown, (cell) => cell.storeId);
  const stores = [...byStore.entries()]
    .sort(([a], [b]) => compareKeys([a], [b]))
    .map(([storeId, storeCells]): StoreFigures => ({
      storeId,
      ...sumOf(storeCells),
      terminals: [...groupBy(storeCells, (cell) => cell.terminalId).entries()].sort(([a], [b]) => compareKeys([a], [b])).map(([terminalId, tillCells]) => ({ terminalId, ...sumOf(tillCells) })),
    }));
  // The export's rows: hours rolled up into the period's buckets, by store and till.
  const rolled = [...groupBy(shown, (cell) => cellKey(bucketOf(period, cell.slot), cell.storeId, cell.terminalId)).values()].map((group) => {
    const { slot, storeId, terminalId } = group[0]!;
    return { bucket: bucketOf(period, slot), storeId, terminalId, ...sumOf(group) };
  });
  return {
    buckets: buckets.map((key) => ({ key, ...sumOf(byBucket.get(key) ?? []) })),
    stores,
    total: sumOf(shown),
    storeIds,
    rows: rolled.sort((a, b) => compareKeys([a.bucket, a.storeId, a.terminalId], [b.bucket, b.storeId, b.terminalId])),
  };
}
