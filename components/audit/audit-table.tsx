import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Fragment } from "react";

import { AuditEntryDetail } from "@/components/audit/audit-entry-detail";
import { AuditOutcomeBadge } from "@/components/audit/audit-outcome-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit";
import { isRole } from "@/lib/auth/roles";
import type { AuditEntryView } from "@/lib/console/audit-log";

const isAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);
const COLUMNS = 6;

function Target({ target }: { target: NonNullable<AuditEntryView["target"]> }) {
  if (target.type === "order") {
    return (
      <Link href={`/orders/${encodeURIComponent(target.id)}`} className="font-mono text-sm hover:underline">
        {target.label}
      </Link>
    );
  }
  return <code className="text-xs [overflow-wrap:anywhere]">{`${target.type}:${target.label}`}</code>;
}

/** One page of the audit log, newest first; each entry's snapshots fold out beneath it. */
export async function AuditTable({ rows }: { rows: AuditEntryView[] }) {
  const [t, tAction, tRoles, format] = await Promise.all([getTranslations("Audit"), getTranslations("AuditAction"), getTranslations("Roles"), getFormatter()]);
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("columns.time")}</TableHead>
            <TableHead>{t("columns.actor")}</TableHead>
            <TableHead>{t("columns.action")}</TableHead>
            <TableHead>{t("columns.outcome")}</TableHead>
            <TableHead>{t("columns.target")}</TableHead>
            <TableHead>{t("columns.address")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={COLUMNS} className="text-muted-foreground h-24 text-center">
                {t("empty")}
              </TableCell>
            </TableRow>
          ) : (
            rows.map((entry) => (
              <Fragment key={entry.id}>
                <TableRow data-audit={entry.id} data-action={entry.action} data-outcome={entry.outcome} data-actor={entry.actor.email} className="border-b-0">
                  <TableCell className="text-sm whitespace-nowrap tabular-nums">
                    <time dateTime={entry.at}>{format.dateTime(new Date(entry.at), "short")}</time>
                  </TableCell>
                  <TableCell>
                    <div className="text-sm">{entry.actor.email}</div>
                    {entry.actor.role ? <div className="text-muted-foreground text-xs">{isRole(entry.actor.role) ? tRoles(entry.actor.role) : entry.actor.role}</div> : null}
                  </TableCell>
                  <TableCell className="text-sm">{isAction(entry.action) ? tAction(entry.action) : <code className="text-xs">{entry.action}</code>}</TableCell>
                  <TableCell>
                    <AuditOutcomeBadge outcome={entry.outcome} />
                  </TableCell>
                  <TableCell>{entry.target ? <Target target={entry.target} /> : "—"}</TableCell>
                  <TableCell className="font-mono text-xs">{entry.address ?? "—"}</TableCell>
                </TableRow>
                <TableRow className="hover:bg-transparent">
                  <TableCell colSpan={COLUMNS} className="pt-0 whitespace-normal">
                    <AuditEntryDetail entry={entry} />
                  </TableCell>
                </TableRow>
              </Fragment>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}
