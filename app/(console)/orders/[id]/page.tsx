// /orders/{id} – one order: its facts, its refunds, everything that happened to it and who caused it,
// and the actions the operator's role allows.
import { ArrowLeft, ExternalLink } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";

import { LiveRefresh } from "@/components/live/live-refresh";
import { OrderActions } from "@/components/orders/order-actions";
import { AnomalyBadges, OrderStatusBadge } from "@/components/orders/order-status-badge";
import { OrderTimeline } from "@/components/orders/order-timeline";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can } from "@/lib/auth/roles";
import { requireOperator } from "@/lib/auth/session";
import { authSettings } from "@/lib/auth/settings";
import { getOrderDetail } from "@/lib/console/order-detail";
import { getDb } from "@/lib/db";
import { formatCursor } from "@/lib/events/cursor";
import { feedHead } from "@/lib/events/feed";
import { Fact } from "@/components/console/fact";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params) {
  const { id } = await params;
  const order = await getDb().order.findUnique({ where: { id }, select: { outTradeNo: true } });
  return { title: order?.outTradeNo ?? id };
}

export default async function OrderPage({ params }: Params) {
  const { id } = await params;
  const operator = await requireOperator(`/orders/${id}`);
  const db = getDb();
  const since = formatCursor(await feedHead(db));
  const { appUrl } = authSettings();
  const [detail, t, tRefund, format] = await Promise.all([getOrderDetail(db, id, appUrl), getTranslations("OrderDetail"), getTranslations("RefundStatus"), getFormatter()]);
  if (!detail) notFound();
  const { order } = detail;
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), "short") : "—");

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <Link href="/orders" className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm">
        <ArrowLeft aria-hidden className="size-4" />
        {t("back")}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="font-mono text-2xl font-semibold tracking-tight">{order.outTradeNo}</h1>
            <OrderStatusBadge status={order.status} partlyRefunded={order.refunded !== "0.00"} />
            <AnomalyBadges anomalies={order.anomalies} />
          </div>
          <p className="text-muted-foreground">
            {order.subject} · <span className="text-foreground font-medium tabular-nums">¥{order.amount}</span>
          </p>
          <LiveRefresh since={since} topics={[{ kind: "order", orderId: order.id }, { kind: "notification", orderId: order.id }]} />
        </div>
      </div>
      <OrderActions
        orderId={order.id}
        status={order.status}
        amount={order.amount}
        refundable={order.refundable}
        ours={{ status: order.status, paid: order.paid, refunded: order.refunded, tradeNo: order.tradeNo }}
        allowed={{ sync: can(operator.role, "order.sync"), close: can(operator.role, "order.close"), refund: can(operator.role, "order.refund") }}
      />
      <div className="grid gap-6 lg:grid-cols-[26rem_1fr]">
        <div className="space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>{t("facts")}</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
                <Fact label={t("amount")}>¥{order.amount}</Fact>
                <Fact label={t("paid")}>¥{order.paid}</Fact>
                <Fact label={t("refunded")}>¥{order.refunded}</Fact>
                <Fact label={t("refundPending")}>¥{order.refundPending}</Fact>
                <Fact label={t("tradeNo")}>
                  <span className="font-mono text-xs">{order.tradeNo ?? "—"}</span>
                </Fact>
                <Fact label={t("alipayOutTradeNo")}>
                  <span className="font-mono text-xs">{order.alipayOutTradeNo ?? "—"}</span>
                </Fact>
                <Fact label={t("buyer")}>{order.buyerLogonId ?? "—"}</Fact>
                <Fact label={t("shop")}>{[order.storeId, order.terminalId].filter(Boolean).join(" · ") || "—"}</Fact>
                <Fact label={t("scanned")}>{order.scanned ? t("yes") : t("no")}</Fact>
                <Fact label={t("createdAt")}>{when(order.createdAt)}</Fact>
                <Fact label={t("expiresAt")}>{when(order.expiresAt)}</Fact>
                <Fact label={t("paidAt")}>{when(order.paidAt)}</Fact>
                <Fact label={t("closedAt")}>{when(order.closedAt)}</Fact>
                <Fact label={t("nextCheckAt")}>{when(order.nextCheckAt)}</Fact>
                <Fact label={t("attempts")}>{order.attempts}</Fact>
              </dl>
              <a href={order.checkoutUrl} target="_blank" rel="noreferrer" className="text-primary mt-4 inline-flex items-center gap-1 text-sm hover:underline">
                {t("checkout")}
                <ExternalLink aria-hidden className="size-3.5" />
              </a>
            </CardContent>
          </Card>
          {detail.refunds.length > 0 ? (
            <Card>
              <CardHeader>
                <CardTitle>{t("refunds")}</CardTitle>
              </CardHeader>
              <CardContent>
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>{t("refundNo")}</TableHead>
                      <TableHead className="text-right">{t("refundAmount")}</TableHead>
                      <TableHead>{t("refundState")}</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {detail.refunds.map((refund) => (
                      <TableRow key={refund.requestNo} data-refund={refund.requestNo}>
                        <TableCell className="font-mono text-xs">{refund.requestNo}</TableCell>
                        <TableCell className="text-right tabular-nums">¥{refund.amount}</TableCell>
                        <TableCell>{refund.status === "SUCCEEDED" || refund.status === "PENDING" || refund.status === "FAILED" ? tRefund(refund.status) : refund.status}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          ) : null}
        </div>
        <Card>
          <CardHeader>
            <CardTitle>{t("timeline")}</CardTitle>
          </CardHeader>
          <CardContent>
            <OrderTimeline entries={detail.timeline} />
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
