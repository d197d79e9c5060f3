// The intake benchmark's printout: one row per measure, one column per database, each figure next to
// the floor it is compared with and the target it is held to. Figures are printed, never asserted.
import type { IntakeFigures } from "./intake";
import { type ClosedLoopResult, type OpenLoopResult, percentile, worstWindowPercentile } from "./load";
import type { MemoryFigures } from "./proc";

/** The framework's own ceiling, measured right before each database's intake phases (the machine drifts). */
export type EmptyNextFigures = ClosedLoopResult & { cpuMs: number; memory: MemoryFigures; latency: OpenLoopResult };

export type DatabaseFigures = IntakeFigures & {
  label: string;
  emptyNext: EmptyNextFigures;
  settings: string;
  durable: boolean;
  bare: ClosedLoopResult & { paid: number; success: number; settings: string; cpuMs: number };
  memory: MemoryFigures;
};

export type Report = {
  header: string[];
  rsaVerify: number;
  gateway: ClosedLoopResult | null;
  databases: DatabaseFigures[];
  targets: { intakeRatio: number; p99Ms: number; rssMb: number };
};

const LABEL = 60;
const TAIL_WINDOW_SECONDS = 5;
const CELL = 30;

function line(label: string, cells: string[]): string {
  return `${label.padEnd(LABEL)}${cells.map((cell) => `${cell} `.padEnd(CELL)).join("")}`.trimEnd();
}

function perSecond(result: ClosedLoopResult): string {
  const note = result.exhausted ? ` (${result.seconds.toFixed(1)} s)` : "";
  return `${result.rate.toFixed(0).padStart(6)} /s${note}`;
}

function withCpu(result: ClosedLoopResult & { cpuMs: number }): string {
  return `${perSecond(result)}  ${result.cpuMs.toFixed(2)} ms CPU`;
}

function verdict(ok: boolean): string {
  return ok ? "met" : "NOT met";
}

function ratio(value: number, floor: number): string {
  return `${(value / floor).toFixed(2).padStart(6)} ×`;
}

function percentileCell(latency: OpenLoopResult): string {
  return `${percentile(latency.latencies, 50).toFixed(1)} / ${percentile(latency.latencies, 99).toFixed(1)} ms`;
}

function latencyCell(latency: OpenLoopResult, targetMs: number): string {
  return `${percentileCell(latency)} ${verdict(percentile(latency.latencies, 99) <= targetMs)}`;
}

/** The whole phase's p99 hides how bad its worst stretch was: p99.9, the slowest answer, the worst 5-s window's p99. */
function tailCell(latency: OpenLoopResult): string {
  const worst = worstWindowPercentile(latency, TAIL_WINDOW_SECONDS, 99);
  return `${percentile(latency.latencies, 99.9).toFixed(1)} / ${(latency.latencies.at(-1) ?? Number.NaN).toFixed(1)} ms; ${Number.isNaN(worst) ? "-" : `${worst.toFixed(1)} ms`}`;
}

function answeredCell(latency: IntakeFigures["latency"]): string {
  return `${latency.achieved.toFixed(0).padStart(6)} /s, ${latency.seconds} s  ${latency.cpuMs.toFixed(2)} ms CPU`;
}

function errorsOf(db: DatabaseFigures): string[] {
  const phases: Array<[string, { errors: number; firstError: string | null }]> = [
    ["empty Next route", db.emptyNext],
    ["empty Next route at the offered rate", db.emptyNext.latency],
    ["bare handler", db.bare],
    ["orders", db.orders],
    ["intake", db.intake],
    ["latency", db.latency],
  ];
  return phases.filter(([, phase]) => phase.errors > 0).map(([name, phase]) => `${db.label} ${name}: ${phase.errors} errors (first: ${phase.firstError})`);
}

export function formatReport(report: Report): string {
  const { databases: dbs, targets } = report;
  const each = (cell: (db: DatabaseFigures) => string) => dbs.map(cell);
  const offered = dbs[0]?.latency.offered ?? 0;
  const out = [
    ...report.header,
    "",
    ...dbs.map((db) => `durability ${db.label}: app ${db.settings}; bare handler ${db.bare.settings}${db.durable ? "" : "   NOT DURABLE"}`),
    "CPU: the server process's CPU time (any core) per answer in the measured window; for the open loop, per request over the phase",
    "",
    line("", each((db) => db.label)),
    line("floor: RSA2 verify (V1), one thread, key parsed once", [`${report.rsaVerify.toFixed(0).padStart(6)} /s`]),
    line("floor: empty Next.js POST route, reads the body", each((db) => withCpu(db.emptyNext))),
    line(`  p50 / p99 at ${offered}/s offered; RSS`, each((db) => `${percentileCell(db.emptyNext.latency)}; ${db.emptyNext.memory.startMb.toFixed(0)} → ${db.emptyNext.memory.peakMb.toFixed(0)} MB`)),
    line("floor: bare node:http decode+verify+INSERT+UPDATE", each((db) => withCpu(db.bare))),
    line("intake: /api/alipay/notify, verified+stored+applied", each((db) => withCpu(db.intake))),
    line(`  × empty Next route (target ≥ ${targets.intakeRatio.toFixed(2)})`, each((db) => `${ratio(db.intake.rate, db.emptyNext.rate)} ${verdict(db.intake.rate >= targets.intakeRatio * db.emptyNext.rate)}`)),
    line("  × bare handler", each((db) => ratio(db.intake.rate, db.bare.rate))),
    line(`intake p50 / p99 at ${offered}/s offered (target p99 ≤ ${targets.p99Ms} ms)`, each((db) => latencyCell(db.latency, targets.p99Ms))),
    line(`  p99.9 / max; worst ${TAIL_WINDOW_SECONDS}-s window's p99`, each((db) => tailCell(db.latency))),
    line(`  answered (of ${offered}/s offered), measured window`, each((db) => answeredCell(db.latency))),
    line(`peak app RSS, next-server (target ≤ ${targets.rssMb} MB)`, each((db) => `${db.memory.peakMb.toFixed(0).padStart(6)} MB ${verdict(db.memory.peakMb <= targets.rssMb)}`)),
    line("  app RSS once started, before any request", each((db) => `${db.memory.startMb.toFixed(0).padStart(6)} MB`)),
    line("floor: precreate via lib/alipay/gateway-client, no app", [report.gateway ? perSecond(report.gateway) : "-"]),
    line("orders: POST /api/v1/orders → precreate → stored", each((db) => withCpu(db.orders))),
    line("  × gateway-client precreate", each((db) => (report.gateway ? ratio(db.orders.rate, report.gateway.rate) : "-"))),
    line("  × empty Next route", each((db) => ratio(db.orders.rate, db.emptyNext.rate))),
    line("proof: `success` replies = notifications APPLIED = PAID", each((db) => `${db.verification.successReplies} = ${db.verification.applied} = ${db.verification.paid}`)),
  ];
  const problems = [...dbs.flatMap(errorsOf), ...dbs.flatMap((db) => db.verification.problems.map((problem) => `${db.label}: ${problem}`))];
  for (const db of dbs) if (db.bare.paid !== db.bare.success) problems.push(`${db.label} bare handler: ${db.bare.success} \`success\` but ${db.bare.paid} orders paid`);
  out.push("", problems.length === 0 ? "no errors; every `success` was a payment applied" : `PROBLEMS:\n  ${problems.join("\n  ")}`);
  return out.join("\n");
}
