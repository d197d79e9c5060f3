// The live benchmark's printout: one row per measure, one column per database, each latency next to its
// floor (the same notifications with one stream; the intake with none) and the target it is held to.
// A stream that missed anything is printed loudly: the feed promises no loss. Never asserted.
import type { DeliveryFigures } from "./live-figures";
import type { LiveFigures, PhaseFigures } from "./live";
import { percentile } from "./load";
import type { MemoryFigures } from "./proc";

export type LiveDatabaseFigures = LiveFigures & { label: string; memory: MemoryFigures };
export type LiveReport = { header: string[]; databases: LiveDatabaseFigures[]; targets: { p99Ms: number; rssMb: number } };

const LABEL = 64;
const CELL = 34;

function line(label: string, cells: string[]): string {
  return `${label.padEnd(LABEL)}${cells.map((cell) => `${cell} `.padEnd(CELL)).join("")}`.trimEnd();
}

const ms = (value: number) => (Number.isNaN(value) ? "-" : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

function spread(sorted: ArrayLike<number>): string {
  return `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))} / ${ms(sorted[sorted.length - 1] ?? Number.NaN)} ms`;
}

function held(sorted: ArrayLike<number>, targetMs: number): string {
  return `${spread(sorted)} ${verdict(percentile(sorted, 99) <= targetMs)}`;
}

function delivered(phase: PhaseFigures): DeliveryFigures {
  if (!phase.delivery) throw new Error("a phase with streams has no deliveries");
  return phase.delivery;
}

/** Both kinds of item together, from the send: what the target is about. */
function bothFromSend(d: DeliveryFigures): Float64Array {
  const all = new Float64Array(d.notificationFromSend.length + d.orderFromSend.length);
  all.set(d.notificationFromSend);
  all.set(d.orderFromSend, d.notificationFromSend.length);
  return all.sort();
}

function completeness(d: DeliveryFigures): string {
  const complete = d.streams - d.incomplete.length;
  return `${d.received} / ${d.streams * d.expectedPerStream}; ${complete}/${d.streams}${complete === d.streams ? "" : " LOST"}`;
}

function framesPerSecond(phase: PhaseFigures): string {
  const d = delivered(phase);
  return `${(d.framesPerStream / phase.seconds).toFixed(1)} /s, ${(d.expectedPerStream / Math.max(1, d.framesPerStream)).toFixed(1)} items each`;
}

function problemsOf(db: LiveDatabaseFigures): string[] {
  const problems: string[] = [];
  for (const [name, phase] of [["alone", db.alone], ["one stream", db.one], [`${db.fanOut.streams} streams`, db.fanOut], ["alone again", db.aloneAfter]] as const) {
    const prefix = `${db.label}, ${name}:`;
    if (phase.post.errors > 0) {
      const when = phase.failedAt.slice(0, 5).map((seconds) => seconds.toFixed(2)).join(", ");
      problems.push(`${prefix} ${phase.post.errors} notifications not answered \`success\` (first: ${phase.post.firstError}), sent at ${when} s into the phase`);
    }
    const d = phase.delivery;
    if (!d) continue;
    if (d.incomplete.length > 0) {
      const count = (field: "notifications" | "orders") => d.incomplete.reduce((sum, stream) => sum + stream[field], 0);
      problems.push(`${prefix} EVENTS LOST: ${d.incomplete.length} of ${d.streams} streams missed ${count("notifications")} notification items and ${count("orders")} order events`);
    }
    for (const [what, count] of [["duplicate items", d.duplicates], ["resyncs", d.resyncs], ["items of other orders or changes", d.others], ["notification items not APPLIED", d.notApplied]] as const) {
      if (count > 0) problems.push(`${prefix} ${count} ${what}`);
    }
    problems.push(...d.errors.slice(0, 5).map((error) => `${prefix} ${error}`));
  }
  return problems;
}

export function formatLiveReport({ header, databases: dbs, targets }: LiveReport): string {
  const each = (cell: (db: LiveDatabaseFigures) => string) => dbs.map(cell);
  const streams = dbs[0]?.fanOut.streams ?? 0;
  const p99 = (sorted: ArrayLike<number>) => percentile(sorted, 99);
  const ratios = (phase: PhaseFigures, floors: PhaseFigures[]) => `${floors.map((floor) => (p99(phase.post.latencies) / p99(floor.post.latencies)).toFixed(2)).join(" / ")} ×`;
  const cores = (phase: PhaseFigures) => `${(phase.appCores * 100).toFixed(0)} %, ${phase.appCpuMs.toFixed(1)} ms`;
  const out = [
    ...header,
    "",
    line("", each((db) => db.label)),
    line("floor: the intake alone, no stream: POST answered p50/p99/max", each((db) => spread(db.alone.post.latencies))),
    line("  again, after the fan-out", each((db) => spread(db.aloneAfter.post.latencies))),
    line("floor: one stream: POST sent → item delivered, both kinds", each((db) => spread(bothFromSend(delivered(db.one))))),
    line("  receivedAt (stored) → the notification item delivered", each((db) => spread(delivered(db.one).notificationFromReceived))),
    line(`${streams} streams (target p99 ≤ ${targets.p99Ms} ms): POST sent → delivered`, each((db) => held(bothFromSend(delivered(db.fanOut)), targets.p99Ms))),
    line("  the notification item alone", each((db) => spread(delivered(db.fanOut).notificationFromSend))),
    line("  the order's event (FACT_APPLIED) alone", each((db) => spread(delivered(db.fanOut).orderFromSend))),
    line("  receivedAt (stored) → the notification item delivered", each((db) => held(delivered(db.fanOut).notificationFromReceived, targets.p99Ms))),
    line("  p99 × the one-stream floor (both kinds, from the send)", each((db) => `${(p99(bothFromSend(delivered(db.fanOut))) / p99(bothFromSend(delivered(db.one)))).toFixed(2)} ×`)),
    line("  each stream's own p99: fastest / slowest stream", each((db) => `${ms(delivered(db.fanOut).streamP99.min)} / ${ms(delivered(db.fanOut).streamP99.max)} ms`)),
    line("  POST answered meanwhile; p99 × alone, before / after", each((db) => `${spread(db.fanOut.post.latencies)}; ${ratios(db.fanOut, [db.alone, db.aloneAfter])}`)),
    line("  frames per stream per second (the feed's deliveries)", each((db) => framesPerSecond(db.fanOut))),
    line("items delivered / owed, all streams; streams with all of theirs", each((db) => completeness(delivered(db.fanOut)))),
    line("  the one-stream floor", each((db) => completeness(delivered(db.one)))),
    line(`peak app RSS over the whole run (target ≤ ${targets.rssMb} MB)`, each((db) => `${db.memory.peakMb.toFixed(0)} MB ${verdict(db.memory.peakMb <= targets.rssMb)}`)),
    line(`  once started; largest while the ${streams} streams ran`, each((db) => `${db.memory.startMb.toFixed(0)} MB; ${db.fanOut.memory.largestSampleMb.toFixed(0)} MB`)),
    line("app CPU, share of a core and per notification: alone", each((db) => cores(db.alone))),
    line("  one stream", each((db) => cores(db.one))),
    line(`  ${streams} streams`, each((db) => cores(db.fanOut))),
    line("  alone again", each((db) => cores(db.aloneAfter))),
    line(`stream reader's CPU (its own process), ${streams} streams`, each((db) => `${((db.fanOut.readerCores ?? 0) * 100).toFixed(0)} % of a core`)),
    line("load average (1 min) as each phase began; as the last ended", each((db) => `${[db.alone, db.one, db.fanOut, db.aloneAfter].map((p) => p.load[0].toFixed(1)).join(", ")}; ${db.aloneAfter.load[1].toFixed(1)}`)),
  ];
  const problems = dbs.flatMap(problemsOf);
  out.push("", problems.length === 0 ? "no errors: every stream received every item owed to it, once, in every phase" : `PROBLEMS:\n  ${problems.join("\n  ")}`);
  return out.join("\n");
}
