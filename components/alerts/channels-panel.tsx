"use client";

import { Plus, Send, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { postConsole } from "@/components/orders/console-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Channel = { id: string; kind: string; name: string; url: string; signed: boolean; lastSentAt: string | null; lastError: string | null };

/** The robots alerts go to (admin): add one, send it a test, remove it. */
export function ChannelsPanel({ channels }: { channels: Channel[] }) {
  const t = useTranslations("Alerts.channels");
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await postConsole("/api/console/alert-channels", { kind: form.get("kind"), name: form.get("name"), url: form.get("url"), secret: form.get("secret") || undefined });
    setMessage(result.ok ? null : result.error.message);
    if (result.ok) {
      (event.target as HTMLFormElement).reset();
      router.refresh();
    }
  }

  async function test(id: string) {
    const result = await postConsole<{ ok: boolean; response: string }>(`/api/console/alert-channels/${id}/test`);
    setMessage(!result.ok ? result.error.message : result.data.ok ? t("testOk") : t("testFailed", { response: result.data.response }));
    router.refresh();
  }

  async function remove(id: string) {
    const response = await fetch(`/api/console/alert-channels/${id}`, { method: "DELETE" }).catch(() => null);
    if (response?.ok) router.refresh();
  }

  return (
    <div className="space-y-4">
      {channels.length === 0 ? <p className="text-muted-foreground text-sm">{t("empty")}</p> : null}
      <ul className={channels.length > 0 ? "divide-y rounded-lg border" : "hidden"}>
        {channels.map((channel) => (
          <li key={channel.id} data-channel={channel.id} className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">
            <div className="min-w-0 space-y-0.5">
              <div className="flex items-center gap-2 font-medium">
                {channel.name}
                <Badge variant="secondary">{t(`kinds.${channel.kind === "WECOM" ? "WECOM" : "DINGTALK"}`)}</Badge>
                {channel.signed ? <Badge variant="outline">{t("signed")}</Badge> : null}
              </div>
              <div className="text-muted-foreground font-mono text-xs [overflow-wrap:anywhere]">{channel.url}</div>
              {channel.lastError ? <div className="text-destructive text-xs">{t("lastError", { error: channel.lastError })}</div> : channel.lastSentAt ? <div className="text-muted-foreground text-xs">{t("lastSent", { at: new Date(channel.lastSentAt).toLocaleString() })}</div> : null}
            </div>
            <div className="flex gap-1.5">
              <Button size="sm" variant="outline" onClick={() => test(channel.id)}>
                <Send aria-hidden />
                {t("test")}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => remove(channel.id)} aria-label={`${t("remove")} ${channel.name}`}>
                <Trash2 aria-hidden />
                {t("remove")}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <form onSubmit={add} aria-label={t("add")} className="grid gap-3 sm:grid-cols-[9rem_12rem_minmax(0,1fr)] sm:items-end">
        <div className="space-y-1.5">
          <Label htmlFor="channel-kind">{t("kind")}</Label>
          <select id="channel-kind" name="kind" className="border-input bg-background h-9 w-full rounded-md border px-2 text-sm">
            <option value="DINGTALK">{t("kinds.DINGTALK")}</option>
            <option value="WECOM">{t("kinds.WECOM")}</option>
          </select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="channel-name">{t("name")}</Label>
          <Input id="channel-name" name="name" required maxLength={64} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="channel-url">{t("url")}</Label>
          <Input id="channel-url" name="url" type="url" required placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" />
        </div>
        <div className="space-y-1.5 sm:col-span-2">
          <Label htmlFor="channel-secret">{t("secret")}</Label>
          <Input id="channel-secret" name="secret" type="password" autoComplete="off" placeholder="SEC…" />
        </div>
        <Button type="submit">
          <Plus aria-hidden />
          {t("add")}
        </Button>
      </form>
      <p role="status" className="text-sm">
        {message}
      </p>
    </div>
  );
}
