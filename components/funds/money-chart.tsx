import { formatYuan } from "@/lib/money";

export type MoneyBar = {
  key: string;
  /** The axis label under the bar, or null for none (every bar cannot have one). */
  tick: string | null;
  /** The bar's period in words, for its tooltip and the table. */
  label: string;
  paidFen: number;
  refundedFen: number;
  /** Drawn as a line over the bars when given. */
  netFen?: number;
};

export type MoneyChartLabels = { title: string; period: string; paid: string; refunded: string; net?: string };

const WIDTH = 720;
const HEIGHT = 160;

/**
 * Paid and refunded amounts per period as bars, the net as a line when given (below the axis when
 * negative); the same figures as a table for screen readers.
 */
export function MoneyChart({ bars, labels }: { bars: MoneyBar[]; labels: MoneyChartLabels }) {
  const withNet = labels.net !== undefined && bars.some((bar) => bar.netFen !== undefined);
  const values = bars.flatMap((bar) => [bar.paidFen, bar.refundedFen, ...(withNet && bar.netFen !== undefined ? [bar.netFen] : [])]);
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const scale = (HEIGHT - 8) / (max - min);
  const y = (fen: number) => 4 + (max - fen) * scale;
  const base = y(0);
  const slot = WIDTH / Math.max(1, bars.length);
  const bar = Math.max(1, (slot - Math.min(6, slot / 4)) / 2);
  const left = (index: number) => index * slot + (slot - 2 * bar) / 2;
  const net = withNet ? bars.map((item, index) => `${left(index) + bar},${y(item.netFen ?? 0)}`).join(" ") : "";
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 18}`} className="h-auto w-full" role="img" aria-label={labels.title}>
        <line x1={0} y1={base} x2={WIDTH} y2={base} className="stroke-border" />
        {bars.map((item, index) => {
          const x = left(index);
          const paid = item.paidFen * scale;
          const refunded = item.refundedFen * scale;
          return (
            <g key={item.key}>
              <rect x={x} y={base - paid} width={bar} height={paid} rx={Math.min(2, bar / 2)} className="fill-success">
                <title>{`${item.label} · ${labels.paid} ¥${formatYuan(item.paidFen)}`}</title>
              </rect>
              <rect x={x + bar} y={base - refunded} width={bar} height={refunded} rx={Math.min(2, bar / 2)} className="fill-muted-foreground/50">
                <title>{`${item.label} · ${labels.refunded} ¥${formatYuan(item.refundedFen)}`}</title>
              </rect>
              {item.tick !== null ? (
                <text x={x + bar} y={HEIGHT + 14} textAnchor="middle" className="fill-muted-foreground text-[10px]">
                  {item.tick}
                </text>
              ) : null}
            </g>
          );
        })}
        {withNet ? <polyline points={net} fill="none" strokeWidth={1.5} strokeLinejoin="round" className="stroke-primary" /> : null}
      </svg>
      <figcaption className="text-muted-foreground flex items-center gap-4 text-xs">
        <span className="flex items-center gap-1.5">
          <span className="bg-success size-2.5 rounded-sm" aria-hidden />
          {labels.paid}
        </span>
        <span className="flex items-center gap-1.5">
          <span className="bg-muted-foreground/50 size-2.5 rounded-sm" aria-hidden />
          {labels.refunded}
        </span>
        {withNet ? (
          <span className="flex items-center gap-1.5">
            <span className="bg-primary h-0.5 w-3 rounded-sm" aria-hidden />
            {labels.net}
          </span>
        ) : null}
      </figcaption>
      <table className="sr-only">
        <caption>{labels.title}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.period}</th>
            <th scope="col">{labels.paid}</th>
            <th scope="col">{labels.refunded}</th>
            {withNet ? <th scope="col">{labels.net}</th> : null}
          </tr>
        </thead>
        <tbody>
          {bars.map((item) => (
            <tr key={item.key}>
              <th scope="row">{item.label}</th>
              <td>¥{formatYuan(item.paidFen)}</td>
              <td>¥{formatYuan(item.refundedFen)}</td>
              {withNet ? <td>¥{formatYuan(item.netFen ?? 0)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
