import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Figures, StoreFigures } from "@/lib/funds/report";
import { formatYuan } from "@/lib/money";
import { cn } from "@/lib/utils";

const COLUMNS = ["payments", "paid", "refunds", "refunded", "net", "fee", "settlement"] as const;

/** An amount, or — when not known; an estimated fee (or one partly estimated) is written ≈, and said so to screen readers. */
function Amount({ fen, estimated, estimateLabel }: { fen: number | null; estimated?: boolean; estimateLabel?: string }) {
  if (fen === null) return <span className="text-muted-foreground">—</span>;
  return (
    <span className={cn(fen < 0 && "text-destructive")}>
      {estimated ? <span aria-hidden>≈</span> : null}¥{formatYuan(fen)}
      {estimated ? <span className="sr-only"> ({estimateLabel})</span> : null}
    </span>
  );
}

function FigureCells({ figures, estimateLabel }: { figures: Figures; estimateLabel: string }) {
  const estimated = figures.feeSources.includes("estimate");
  return (
    <>
      <TableCell className="text-right tabular-nums">{figures.payments}</TableCell>
      <TableCell className="text-right tabular-nums">
        <Amount fen={figures.paidFen} />
      </TableCell>
      <TableCell className="text-right tabular-nums">{figures.refunds}</TableCell>
      <TableCell className="text-right tabular-nums">
        <Amount fen={figures.refundedFen} />
      </TableCell>
      <TableCell className="text-right font-medium tabular-nums">
        <Amount fen={figures.netFen} />
      </TableCell>
      <TableCell className="text-right tabular-nums">
        <Amount fen={figures.feeFen} estimated={estimated} estimateLabel={estimateLabel} />
      </TableCell>
      <TableCell className="text-right tabular-nums">
        <Amount fen={figures.settlementFen} estimated={estimated} estimateLabel={estimateLabel} />
      </TableCell>
    </>
  );
}

async function FiguresTable({ first, rows, total, caption }: { first: ReactNode; rows: ReactNode; total: ReactNode; caption: string }) {
  const t = await getTranslations("Funds.table");
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <caption className="sr-only">{caption}</caption>
        <TableHeader>
          <TableRow>
            {first}
            {COLUMNS.map((column) => (
              <TableHead key={column} className="text-right">
                {t(column)}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>{rows}</TableBody>
        <TableFooter>{total}</TableFooter>
      </Table>
    </div>
  );
}

/** Every bucket of the period (empty ones muted), then the total. */
export async function BucketsTable({ buckets, total }: { buckets: Array<Figures & { key: string; label: string }>; total: Figures }) {
  const [t, tSource] = await Promise.all([getTranslations("Funds.table"), getTranslations("Funds.feeSource")]);
  const estimate = tSource("estimate");
  return (
    <FiguresTable
      caption={t("title")}
      first={<TableHead>{t("period")}</TableHead>}
      rows={buckets.map((bucket) => {
        const empty = bucket.payments === 0 && bucket.refunds === 0 && (bucket.feeFen ?? 0) === 0;
        return (
          <TableRow key={bucket.key} data-bucket={bucket.key} className={cn(empty && "text-muted-foreground")}>
            <TableHead scope="row" className="font-normal tabular-nums">
              {bucket.label}
            </TableHead>
            <FigureCells figures={bucket} estimateLabel={estimate} />
          </TableRow>
        );
      })}
      total={
        <TableRow data-bucket="total">
          <TableHead scope="row">{t("total")}</TableHead>
          <FigureCells figures={total} estimateLabel={estimate} />
        </TableRow>
      }
    />
  );
}

/** Each store with its figures, then its tills; the money taken without a store last. */
export async function StoresTable({ stores, total, filtered }: { stores: StoreFigures[]; total: Figures; filtered: boolean }) {
  const [t, tTable, tSource] = await Promise.all([getTranslations("Funds.stores"), getTranslations("Funds.table"), getTranslations("Funds.feeSource")]);
  const estimate = tSource("estimate");
  if (stores.length === 0) return <p className="text-muted-foreground rounded-lg border p-6 text-center text-sm">{t(filtered ? "emptyStore" : "empty")}</p>;
  return (
    <FiguresTable
      caption={t("title")}
      first={
        <>
          <TableHead>{t("store")}</TableHead>
          <TableHead>{t("terminal")}</TableHead>
        </>
      }
      rows={stores.flatMap((store) => [
        <TableRow key={`store:${store.storeId}`} data-store={store.storeId ?? ""} className="bg-muted/40">
          <TableHead scope="row" className="font-semibold">
            {store.storeId ?? t("noStore")}
          </TableHead>
          <TableCell />
          <FigureCells figures={store} estimateLabel={estimate} />
        </TableRow>,
        ...store.terminals.map((till) => (
          <TableRow key={`till:${store.storeId}:${till.terminalId}`} data-store={store.storeId ?? ""} data-terminal={till.terminalId ?? ""}>
            <TableCell />
            <TableHead scope="row" className="text-muted-foreground font-normal">
              {till.terminalId ?? t("noTerminal")}
            </TableHead>
            <FigureCells figures={till} estimateLabel={estimate} />
          </TableRow>
        )),
      ])}
      total={
        <TableRow data-store="total">
          <TableHead scope="row" colSpan={2}>
            {tTable("total")}
          </TableHead>
          <FigureCells figures={total} estimateLabel={estimate} />
        </TableRow>
      }
    />
  );
}
