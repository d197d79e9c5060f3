// The orders-list benchmark's printout: one row per view, one column per database, each figure beside
// the floors measured on the same database in the same rounds. Figures are printed, never asserted.
import type { SeedResult } from "../seed/write";
import { type ListSample, type Summary, summarize, type Timing } from "./orders-list";

export type OrdersDatabaseFigures = { label: string; seed: SeedResult; sample: ListSample; floors: Timing[]; views: Timing[] };

const LABEL = 52;
const CELL = 34;

function line(label: string, cells: string[]): string {
  return `${label.padEnd(LABEL)}${cells.map((cell) => `${cell} `.padEnd(CELL)).join("")}`.trimEnd();
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));

function latencyCell(summary: Summary | undefined, targetMs: number | null): string {
  if (!summary || summary.n === 0) return "—";
  const figures = `${ms(summary.p50)} / ${ms(summary.p95)} / ${ms(summary.max)} ms`;
  const verdict = targetMs === null ? "" : summary.p95 <= targetMs ? " met" : " NOT met";
  return `${figures}${verdict}${summary.n < 20 ? ` (n=${summary.n})` : ""}`;
}

export function formatOrdersReport(header: string[], databases: OrdersDatabaseFigures[], targetMs: number): string {
  const out = [...header, ""];
  out.push(line("", databases.map((database) => database.label)));
  out.push(line("seed (scripts/seed: npm run seed:bulk's code)", databases.map((d) => `${Math.round(d.seed.rate).toLocaleString("en")} orders/s (${d.seed.seconds.toFixed(0)} s)`)));
  out.push(line("  the buyer searched for: orders by id, logon id", databases.map((d) => `${d.sample.buyerOrders} / ${d.sample.logonOrders}`)));
  out.push(line(`p50 / p95 / max per view (target p95 ≤ ${targetMs} ms)`, []));
  const rows = (pick: (d: OrdersDatabaseFigures) => Timing[], target: number | null) => {
    for (const name of databases[0] ? pick(databases[0]).map((timing) => timing.name) : []) {
      const timing = (d: OrdersDatabaseFigures) => pick(d).find((candidate) => candidate.name === name);
      out.push(line(name, databases.map((d) => latencyCell(timing(d) && summarize(timing(d)!), target))));
    }
  };
  rows((d) => d.floors, null);
  rows((d) => d.views, targetMs);
  return out.join("\n");
}
