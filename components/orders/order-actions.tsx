"use client";

import { Ban, CircleCheck, LoaderCircle, RefreshCw, Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

import { postConsole, type ConsoleError } from "./console-request";

type Preview = {
  alipay: string;
  trade: { tradeStatus: string | null; totalAmount: string | null; tradeNo: string | null; buyerLogonId: string | null } | null;
  outcome: string;
  changes: string[];
  anomalies: string[];
};

type Props = {
  orderId: string;
  status: string;
  amount: string;
  refundable: string;
  ours: { status: string; paid: string; refunded: string; tradeNo: string | null };
  allowed: { sync: boolean; close: boolean; refund: boolean };
};

const ERROR_CODES = [
  "FORBIDDEN",
  "CROSS_SITE",
  "UNAUTHENTICATED",
  "NOT_FOUND",
  "INVALID_REQUEST",
  "REFUND_EXCEEDS_PAID",
  "ORDER_NOT_REFUNDABLE",
  "ORDER_NOT_PAYABLE",
  "CONFLICT",
  "GATEWAY_ERROR",
  "GATEWAY_UNKNOWN",
  "GATEWAY_REJECTED",
  "NOT_CONFIGURED",
  "NETWORK",
  "INTERNAL",
] as const;
type ErrorCode = (typeof ERROR_CODES)[number];
const isErrorCode = (value: string): value is ErrorCode => (ERROR_CODES as readonly string[]).includes(value);

/** A refund request number made when the form opens: resubmitting the same form refunds once. */
function newRequestNo(): string {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) => (byte % 10).toString()).join("");
  return `RC${stamp}${random}`;
}

function ErrorAlert({ error }: { error: ConsoleError }) {
  const t = useTranslations("Actions.errors");
  return (
    <Alert variant="destructive">
      <AlertTitle>{isErrorCode(error.code) ? t(error.code) : t("INTERNAL")}</AlertTitle>
      <AlertDescription>{error.message}</AlertDescription>
    </Alert>
  );
}

export function OrderActions({ orderId, status, amount, refundable, ours, allowed }: Props) {
  const t = useTranslations("Actions");
  const router = useRouter();
  const [busy, setBusy] = useState<null | "query" | "apply" | "close" | "refund">(null);
  const [panel, setPanel] = useState<null | "preview" | "refund" | "close">(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [requestNo, setRequestNo] = useState<string>("");

  async function query() {
    setBusy("query");
    setError(null);
    setNotice(null);
    const result = await postConsole<Preview>(`/api/console/orders/${orderId}/query`);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setPreview(result.data);
    setPanel("preview");
    router.refresh();
  }

  async function apply() {
    setBusy("apply");
    const result = await postConsole<{ changes: string[] }>(`/api/console/orders/${orderId}/sync`);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setPanel(null);
    setNotice(result.data.changes.length > 0 ? t("applied", { changes: result.data.changes.join(", ") }) : t("nothingChanged"));
    router.refresh();
  }

  async function close() {
    setBusy("close");
    setError(null);
    const result = await postConsole(`/api/console/orders/${orderId}/close`);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setPanel(null);
    setNotice(t("closed"));
    router.refresh();
  }

  async function refund(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy("refund");
    setError(null);
    const result = await postConsole<{ refund: { status: string; amount: string } }>(`/api/console/orders/${orderId}/refunds`, {
      amount: String(form.get("amount") ?? "").trim(),
      reason: String(form.get("reason") ?? "").trim() || undefined,
      requestNo,
    });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setPanel(null);
    setNotice(t(`refund.result.${result.data.refund.status === "SUCCEEDED" ? "SUCCEEDED" : result.data.refund.status === "PENDING" ? "PENDING" : "FAILED"}`, { amount: result.data.refund.amount }));
    router.refresh();
  }

  const canRefund = allowed.refund && status === "PAID" && refundable !== "0.00";
  const canClose = allowed.close && status === "PENDING";

  return (
    <section aria-label={t("label")} className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {allowed.sync ? (
          <Button onClick={query} disabled={busy !== null}>
            {busy === "query" ? <LoaderCircle aria-hidden className="animate-spin" /> : <RefreshCw aria-hidden />}
            {t("query")}
          </Button>
        ) : null}
        {canRefund ? (
          <Button
            variant="outline"
            disabled={busy !== null}
            onClick={() => {
              setRequestNo(newRequestNo());
              setError(null);
              setPanel("refund");
            }}
          >
            <Undo2 aria-hidden />
            {t("refund.open")}
          </Button>
        ) : null}
        {canClose ? (
          <Button variant="outline" disabled={busy !== null} onClick={() => setPanel("close")}>
            <Ban aria-hidden />
            {t("close.open")}
          </Button>
        ) : null}
      </div>

      {error ? <ErrorAlert error={error} /> : null}
      {notice ? (
        <Alert>
          <CircleCheck aria-hidden />
          <AlertDescription>{notice}</AlertDescription>
        </Alert>
      ) : null}

      {panel === "preview" && preview ? (
        <div className="bg-card space-y-3 rounded-lg border p-4" role="region" aria-label={t("preview.title")}>
          <h3 className="font-semibold">{t("preview.title")}</h3>
          <div className="grid gap-3 sm:grid-cols-2">
            <dl className="space-y-1 text-sm">
              <dt className="text-muted-foreground text-xs font-medium uppercase">{t("preview.alipay")}</dt>
              <dd data-testid="alipay-says">{preview.alipay === "NOT_SCANNED" ? t("preview.notScanned") : preview.alipay === "UNKNOWN" ? t("preview.unknown") : preview.trade?.tradeStatus}</dd>
              {preview.trade ? (
                <dd className="text-muted-foreground">
                  ¥{preview.trade.totalAmount} · <span className="font-mono">{preview.trade.tradeNo}</span>
                  {preview.trade.buyerLogonId ? ` · ${preview.trade.buyerLogonId}` : ""}
                </dd>
              ) : null}
            </dl>
            <dl className="space-y-1 text-sm">
              <dt className="text-muted-foreground text-xs font-medium uppercase">{t("preview.ours")}</dt>
              <dd>{ours.status}</dd>
              <dd className="text-muted-foreground">
                {t("preview.oursAmounts", { paid: ours.paid, refunded: ours.refunded })}
                {ours.tradeNo ? <span className="font-mono"> · {ours.tradeNo}</span> : null}
              </dd>
            </dl>
          </div>
          {preview.changes.length > 0 ? (
            <div className="space-y-1">
              <p className="text-sm font-medium">{t("preview.wouldChange")}</p>
              <ul className="flex flex-wrap gap-1.5" data-testid="would-change">
                {preview.changes.map((change) => (
                  <li key={change}>
                    <code className="bg-muted rounded px-1.5 py-0.5 text-xs">{change}</code>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-muted-foreground text-sm">{preview.anomalies.length > 0 ? t("preview.anomalies", { anomalies: preview.anomalies.join(", ") }) : t("preview.inAgreement")}</p>
          )}
          <div className="flex gap-2">
            {preview.changes.length > 0 ? (
              <Button onClick={apply} disabled={busy !== null}>
                {busy === "apply" ? <LoaderCircle aria-hidden className="animate-spin" /> : null}
                {t("preview.apply")}
              </Button>
            ) : null}
            <Button variant="ghost" onClick={() => setPanel(null)}>
              {t("dismiss")}
            </Button>
          </div>
        </div>
      ) : null}

      {panel === "refund" ? (
        <form onSubmit={refund} className="bg-card space-y-3 rounded-lg border p-4" aria-label={t("refund.title")}>
          <h3 className="font-semibold">{t("refund.title")}</h3>
          <p className="text-muted-foreground text-sm">{t("refund.refundable", { refundable, amount })}</p>
          <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
            <div className="space-y-1.5">
              <Label htmlFor="refund-amount">{t("refund.amount")}</Label>
              <Input id="refund-amount" name="amount" inputMode="decimal" defaultValue={refundable} required pattern="\d+(\.\d{1,2})?" />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="refund-reason">{t("refund.reason")}</Label>
              <Textarea id="refund-reason" name="reason" maxLength={256} rows={2} />
            </div>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="confirm" required className="size-4" />
            {t("refund.confirm")}
          </label>
          <p className="text-muted-foreground text-xs">{t("refund.requestNo", { requestNo })}</p>
          <div className="flex gap-2">
            <Button type="submit" variant="destructive" disabled={busy !== null}>
              {busy === "refund" ? <LoaderCircle aria-hidden className="animate-spin" /> : <Undo2 aria-hidden />}
              {t("refund.submit")}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setPanel(null)}>
              {t("dismiss")}
            </Button>
          </div>
        </form>
      ) : null}

      {panel === "close" ? (
        <div className="bg-card space-y-3 rounded-lg border p-4" role="region" aria-label={t("close.title")}>
          <h3 className="font-semibold">{t("close.title")}</h3>
          <p className="text-muted-foreground text-sm">{t("close.explanation")}</p>
          <div className="flex gap-2">
            <Button variant="destructive" onClick={close} disabled={busy !== null}>
              {busy === "close" ? <LoaderCircle aria-hidden className="animate-spin" /> : <Ban aria-hidden />}
              {t("close.submit")}
            </Button>
            <Button variant="ghost" onClick={() => setPanel(null)}>
              {t("dismiss")}
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
