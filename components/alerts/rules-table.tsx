"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { postConsole } from "@/components/orders/console-request";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AlertRule } from "@/lib/alerts/rules";

type RuleRow = { rule: AlertRule; enabled: boolean; threshold: number; windowMinutes: number; unit: string; kind: string };

function RuleForm({ row, editable }: { row: RuleRow; editable: boolean }) {
  const t = useTranslations("Alerts");
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await postConsole(`/api/console/alert-rules/${row.rule}`, { enabled: form.get("enabled") === "on", threshold: Number(form.get("threshold")), windowMinutes: Number(form.get("windowMinutes")) });
    setMessage(result.ok ? t("rules.saved") : result.error.message);
    if (result.ok) router.refresh();
  }

  const label = t(`ruleNames.${row.rule}.title`);
  return (
    <TableRow data-rule-setting={row.rule}>
      <TableCell className="font-medium">{label}</TableCell>
      <TableCell colSpan={4}>
        <form onSubmit={save} aria-label={label} className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name="enabled" defaultChecked={row.enabled} disabled={!editable} className="size-4" />
            {t("rules.enabled")}
          </label>
          {row.kind === "event" ? (
            // Raised where it happens, not counted: only on or off. The form still sends the (unused) figures.
            <>
              <input type="hidden" name="threshold" value={row.threshold} />
              <input type="hidden" name="windowMinutes" value={row.windowMinutes} />
              <span className="text-muted-foreground text-sm">{t("rules.onEvent")}</span>
            </>
          ) : (
            <>
              <label className="flex items-center gap-1.5 text-sm">
                <span className="sr-only">{t("rules.threshold")}</span>
                <Input name="threshold" type="number" min={1} defaultValue={row.threshold} disabled={!editable} className="h-8 w-28" aria-label={`${label} · ${t("rules.threshold")}`} />
                <span className="text-muted-foreground">{t(`rules.units.${row.unit as "notifications"}`)}</span>
              </label>
              <label className="flex items-center gap-1.5 text-sm">
                <span className="text-muted-foreground">{t("rules.window")}</span>
                <Input name="windowMinutes" type="number" min={1} defaultValue={row.windowMinutes} disabled={!editable} className="h-8 w-24" aria-label={`${label} · ${t("rules.window")}`} />
              </label>
            </>
          )}
          {editable ? (
            <Button size="sm" type="submit" variant="outline">
              {t("rules.save")}
            </Button>
          ) : null}
          <span role="status" className="text-muted-foreground text-xs">
            {message}
          </span>
        </form>
      </TableCell>
    </TableRow>
  );
}

/** The rules with their thresholds and windows: a form per rule for an admin, read-only for the others. */
export function RulesTable({ rules, editable }: { rules: RuleRow[]; editable: boolean }) {
  const t = useTranslations("Alerts.rules");
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("rule")}</TableHead>
            <TableHead colSpan={4}>
              {t("threshold")} · {t("window")}
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rules.map((row) => (
            <RuleForm key={row.rule} row={row} editable={editable} />
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
