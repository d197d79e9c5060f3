// Builds a bill and opens it the way a merchant's reconciliation job would.
import { buildTradeBill } from "../build-trade-bill";
import type { TradeBillInput } from "../types";
import { decodeGbk } from "./bill-csv";
import { readZip } from "./read-zip";

export function openBill(input: TradeBillInput) {
  const bill = buildTradeBill(input);
  const entries = readZip(bill.zip).map((entry) => ({ ...entry, fileName: decodeGbk(entry.name), text: decodeGbk(entry.data) }));
  const detail = entries.find((e) => e.fileName.endsWith("_业务明细.csv"));
  const summary = entries.find((e) => e.fileName.endsWith("_业务明细(汇总).csv"));
  if (!detail || !summary) throw new Error(`unexpected entries: ${entries.map((e) => e.fileName).join(", ")}`);
  return { bill, entries, detail: detail.text, summary: summary.text };
}

/** Signed yuan ("-5.00") to fen without floats. */
export function fen(yuan: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(yuan);
  if (!m) throw new Error(`not a two-decimal amount: ${JSON.stringify(yuan)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}
