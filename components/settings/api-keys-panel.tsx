"use client";

import { KeyRound, LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { postConsole, type ConsoleError } from "@/components/orders/console-request";
import { ConsoleErrorAlert } from "@/components/settings/console-error-alert";
import { SecretOnce } from "@/components/settings/secret-once";
import { SettingsCard } from "@/components/settings/settings-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type ApiKeyRow = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

/** API keys for the shop's calls to /api/v1: created and shown once, listed by prefix, revocable. */
export function ApiKeysPanel({ apiKeys }: { apiKeys: ApiKeyRow[] }) {
  const t = useTranslations("Settings.apiKeys");
  const format = useFormatter();
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), "short") : t("never"));

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setBusy("create");
    setError(null);
    const result = await postConsole<{ apiKey: { name: string }; key: string }>("/api/console/api-keys", { name: String(new FormData(formElement).get("name") ?? "").trim() });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    formElement.reset();
    setSecret({ name: result.data.apiKey.name, key: result.data.key });
    router.refresh();
  }

  async function revoke(key: ApiKeyRow) {
    if (!window.confirm(t("confirmRevoke", { name: key.name, prefix: key.prefix }))) return;
    setBusy(key.id);
    setError(null);
    const result = await postConsole(`/api/console/api-keys/${key.id}/revoke`);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    router.refresh();
  }

  return (
    <SettingsCard title={t("title")} description={t("description")}>
      {secret ? <SecretOnce title={t("keyFor", { name: secret.name })} secret={secret.key} onDone={() => setSecret(null)} /> : null}
      {error ? <ConsoleErrorAlert error={error} /> : null}
      {apiKeys.length === 0 ? (
        <p className="text-muted-foreground text-sm">{t("none")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("name")}</TableHead>
                <TableHead>{t("prefix")}</TableHead>
                <TableHead>{t("created")}</TableHead>
                <TableHead>{t("lastUsed")}</TableHead>
                <TableHead>{t("state")}</TableHead>
                <TableHead className="text-right">{t("actions")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {apiKeys.map((key) => (
                <TableRow key={key.id} data-api-key={key.prefix}>
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell>
                    <code className="text-xs">{key.prefix}…</code>
                  </TableCell>
                  <TableCell className="text-muted-foreground text-sm whitespace-nowrap">{when(key.createdAt)}</TableCell>
                  <TableCell className="text-muted-foreground text-sm whitespace-nowrap">{when(key.lastUsedAt)}</TableCell>
                  <TableCell>{key.revokedAt ? <Badge variant="danger">{t("revokedAt", { at: when(key.revokedAt) })}</Badge> : <Badge variant="success">{t("active")}</Badge>}</TableCell>
                  <TableCell className="text-right">
                    {key.revokedAt ? null : (
                      <Button size="sm" variant="ghost" className="text-destructive" disabled={busy !== null} onClick={() => void revoke(key)} aria-label={t("revokeOf", { name: key.name })}>
                        {busy === key.id ? <LoaderCircle aria-hidden className="animate-spin" /> : null}
                        {t("revoke")}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <form onSubmit={create} className="flex flex-col gap-3 rounded-lg border p-4 sm:flex-row sm:items-end" aria-label={t("createLabel")}>
        <div className="flex-1 space-y-1.5">
          <Label htmlFor="new-api-key-name">{t("name")}</Label>
          <Input id="new-api-key-name" name="name" required maxLength={100} placeholder={t("namePlaceholder")} autoComplete="off" />
        </div>
        <Button type="submit" disabled={busy !== null}>
          {busy === "create" ? <LoaderCircle aria-hidden className="animate-spin" /> : <KeyRound aria-hidden />}
          {t("create")}
        </Button>
      </form>
    </SettingsCard>
  );
}
