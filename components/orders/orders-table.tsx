"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";

import { AnomalyBadges, OrderStatusBadge } from "@/components/orders/order-status-badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { OrderRowView } from "@/lib/console/orders";
import { orderListPages, orderListSearch, SORT_FIELDS, type OrderListQuery, type SortField, type TabCount } from "@/lib/orders/list-query";

function SortIcon({ direction }: { direction: false | "asc" | "desc" }) {
  if (direction === "asc") return <ArrowUp aria-hidden />;
  if (direction === "desc") return <ArrowDown aria-hidden />;
  return <ArrowUpDown aria-hidden className="opacity-40" />;
}

/** One page of orders; sorting and paging are the server's (the URL changes, the server answers). */
export function OrdersTable({ rows, total, query }: { rows: OrderRowView[]; total: TabCount; query: OrderListQuery }) {
  const t = useTranslations("Orders");
  const format = useFormatter();
  const router = useRouter();
  const sorting: SortingState = [{ id: query.sort, desc: query.desc }];

  const columns = useMemo<ColumnDef<OrderRowView>[]>(
    () => [
      {
        id: "outTradeNo",
        header: t("columns.outTradeNo"),
        cell: ({ row }) => (
          <div className="min-w-0">
            <Link href={`/orders/${row.original.id}`} className="font-mono text-sm font-medium hover:underline">
              {row.original.outTradeNo}
            </Link>
            <div className="text-muted-foreground max-w-56 truncate text-xs">{row.original.subject}</div>
          </div>
        ),
      },
      {
        id: "status",
        header: t("columns.status"),
        cell: ({ row }) => (
          <div className="flex flex-col items-start gap-1">
            <OrderStatusBadge status={row.original.status} partlyRefunded={row.original.refunded !== "0.00"} />
            <AnomalyBadges anomalies={row.original.anomalies} />
          </div>
        ),
      },
      {
        id: "amountFen",
        header: t("columns.amount"),
        enableSorting: true,
        cell: ({ row }) => (
          <div className="text-right tabular-nums">
            <div>¥{row.original.amount}</div>
            {row.original.refunded !== "0.00" ? <div className="text-muted-foreground text-xs">{t("refundedAmount", { amount: row.original.refunded })}</div> : null}
          </div>
        ),
      },
      {
        id: "tradeNo",
        header: t("columns.tradeNo"),
        cell: ({ row }) => <span className="font-mono text-xs">{row.original.tradeNo ?? "—"}</span>,
      },
      {
        id: "buyer",
        header: t("columns.buyer"),
        cell: ({ row }) => <span className="text-sm">{row.original.buyerLogonId ?? "—"}</span>,
      },
      {
        id: "createdAt",
        header: t("columns.createdAt"),
        enableSorting: true,
        cell: ({ row }) => <time dateTime={row.original.createdAt} className="text-sm whitespace-nowrap tabular-nums">{format.dateTime(new Date(row.original.createdAt), "short")}</time>,
      },
      {
        id: "paidAt",
        header: t("columns.paidAt"),
        enableSorting: true,
        cell: ({ row }) =>
          row.original.paidAt ? <time dateTime={row.original.paidAt} className="text-sm whitespace-nowrap tabular-nums">{format.dateTime(new Date(row.original.paidAt), "short")}</time> : "—",
      },
    ],
    [t, format],
  );

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    // Past the count's cap the number of pages is unknown: -1, as TanStack Table takes it.
    ...(total.more ? { pageCount: -1 } : { rowCount: total.count }),
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting, pagination: { pageIndex: query.page - 1, pageSize: query.size } },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (!first || !(SORT_FIELDS as readonly string[]).includes(first.id)) return;
      router.push(`/orders${orderListSearch(query, { sort: first.id as SortField, desc: first.desc, page: 1 })}`, { scroll: false });
    },
  });

  const { pages, hasNext } = orderListPages(total, query, rows.length);
  const go = (page: number) => router.push(`/orders${orderListSearch(query, { page })}`, { scroll: false });

  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border">
        <Table>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => {
                  const sortable = (SORT_FIELDS as readonly string[]).includes(header.column.id);
                  const direction = header.column.getIsSorted();
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <TableHead
                      key={header.id}
                      className={header.column.id === "amountFen" ? "text-right" : undefined}
                      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined}
                    >
                      {sortable ? (
                        <Button variant="ghost" size="sm" className="-mx-2 h-8" onClick={header.column.getToggleSortingHandler()}>
                          {label}
                          <SortIcon direction={direction} />
                        </Button>
                      ) : (
                        label
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={columns.length} className="text-muted-foreground h-24 text-center">
                  {t("empty")}
                </TableCell>
              </TableRow>
            ) : (
              table.getRowModel().rows.map((row) => (
                <TableRow key={row.id} data-order={row.original.outTradeNo} data-status={row.original.status}>
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      <nav aria-label={t("pagination.label")} className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <span className="text-muted-foreground">
          {pages === null ? t("pagination.summaryMore", { total: total.count, page: query.page }) : t("pagination.summary", { total: total.count, page: query.page, pages })}
        </span>
        <div className="flex gap-2">
          <Button variant="outline" size="sm" disabled={query.page <= 1} onClick={() => go(query.page - 1)}>
            {t("pagination.previous")}
          </Button>
          <Button variant="outline" size="sm" disabled={!hasNext} onClick={() => go(query.page + 1)}>
            {t("pagination.next")}
          </Button>
        </div>
      </nav>
    </div>
  );
}
