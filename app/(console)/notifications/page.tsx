// /notifications – the raw notification log, newest first: every request that reached the notify URL,
// with its signature verdict and what became of it; live.
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { LiveRefresh } from "@/components/live/live-refresh";
import { NotificationFilters } from "@/components/notifications/notification-filters";
import { OutcomeBadge, VerdictBadge } from "@/components/notifications/verdict-badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requireOperator } from "@/lib/auth/session";
import { notificationSearch, parseNotificationQuery } from "@/lib/console/notification-query";
import { listNotifications } from "@/lib/console/notifications";
import { getDb } from "@/lib/db";
import { formatCursor } from "@/lib/events/cursor";
import { feedHead } from "@/lib/events/feed";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Notifications");
  return { title: t("title") };
}

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { query, problems } = parseNotificationQuery(await searchParams);
  await requireOperator(`/notifications${notificationSearch(query)}`);
  const db = getDb();
  const since = formatCursor(await feedHead(db));
  const [t, format, page] = await Promise.all([getTranslations("Notifications"), getFormatter(), listNotifications(db, query)]);

  return (
    <main className="mx-auto w-full max-w-7xl space-y-5 px-4 py-8 sm:px-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("description")}</p>
        <LiveRefresh since={since} topics={[{ kind: "notification" }]} />
      </div>
      {problems.length > 0 ? (
        <Alert variant="destructive">
          <AlertTitle>{t("problems")}</AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-5">
              {problems.map((problem) => (
                <li key={problem.field}>
                  <code>{problem.field}</code>: {problem.reason}
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}
      <NotificationFilters query={query} />
      <div className="overflow-x-auto rounded-lg border">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>#</TableHead>
              <TableHead>{t("columns.receivedAt")}</TableHead>
              <TableHead>{t("columns.order")}</TableHead>
              <TableHead>{t("columns.tradeStatus")}</TableHead>
              <TableHead>{t("columns.signature")}</TableHead>
              <TableHead>{t("columns.outcome")}</TableHead>
              <TableHead>{t("columns.reply")}</TableHead>
              <TableHead>{t("columns.source")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={8} className="text-muted-foreground h-24 text-center">
                  {t("empty")}
                </TableCell>
              </TableRow>
            ) : (
              page.rows.map((row) => (
                <TableRow key={row.id} data-notification={row.id} data-order={row.outTradeNo ?? ""}>
                  <TableCell>
                    <Link href={`/notifications/${row.id}`} className="font-mono font-medium hover:underline">
                      #{row.id}
                    </Link>
                  </TableCell>
                  <TableCell className="text-sm whitespace-nowrap tabular-nums">{format.dateTime(new Date(row.receivedAt), "short")}</TableCell>
                  <TableCell>
                    {row.orderId ? (
                      <Link href={`/orders/${row.orderId}`} className="font-mono text-sm hover:underline">
                        {row.outTradeNo}
                      </Link>
                    ) : (
                      <span className="font-mono text-sm">{row.outTradeNo ?? "—"}</span>
                    )}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{row.tradeStatus ?? "—"}</TableCell>
                  <TableCell>
                    <VerdictBadge verdict={row.signature} />
                  </TableCell>
                  <TableCell>
                    <OutcomeBadge outcome={row.outcome} />
                  </TableCell>
                  <TableCell className="font-mono text-xs">{row.reply ?? "—"}</TableCell>
                  <TableCell className="text-muted-foreground text-xs">{row.sourceAddress ?? "—"}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      <nav aria-label={t("pagination")} className="flex justify-end gap-2">
        {query.before ? (
          <Button asChild variant="outline" size="sm">
            <Link href={`/notifications${notificationSearch(query, { before: null })}`}>{t("newest")}</Link>
          </Button>
        ) : null}
        {page.nextBefore ? (
          <Button asChild variant="outline" size="sm">
            <Link href={`/notifications${notificationSearch(query, { before: page.nextBefore })}`}>{t("older")}</Link>
          </Button>
        ) : null}
      </nav>
    </main>
  );
}
