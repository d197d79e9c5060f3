import { getFormatter, getTranslations } from "next-intl/server";

import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ReconciliationDayView } from "@/lib/console/reconciliation";

/** Every bill file received for the day, kept as received: which is in use, which were refused and why. */
export async function BillFilesTable({ files, inUse }: { files: ReconciliationDayView["files"]; inUse: string | null }) {
  const [t, format] = await Promise.all([getTranslations("Reconciliation.files"), getFormatter()]);
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("received")}</TableHead>
            <TableHead>{t("source")}</TableHead>
            <TableHead>{t("file")}</TableHead>
            <TableHead className="text-right">{t("rows")}</TableHead>
            <TableHead>{t("result")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {files.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5} className="text-muted-foreground h-16 text-center">
                {t("empty")}
              </TableCell>
            </TableRow>
          ) : (
            files.map((file) => (
              <TableRow key={file.id} data-bill-file={file.id} data-problem={file.problem ?? ""} className="[&>td]:align-top">
                <TableCell className="text-sm whitespace-nowrap tabular-nums">{format.dateTime(new Date(file.receivedAt), "short")}</TableCell>
                <TableCell className="text-sm">{file.source === "UPLOAD" ? t("UPLOAD", { who: file.receivedBy ?? "—" }) : t("DOWNLOAD")}</TableCell>
                <TableCell className="text-sm">
                  <div className="font-mono text-xs [overflow-wrap:anywhere]">{file.fileName}</div>
                  <div className="text-muted-foreground font-mono text-xs">
                    {format.number(file.size)} B · sha256 {file.sha256.slice(0, 12)}…
                  </div>
                </TableCell>
                <TableCell className="text-right text-sm tabular-nums">{file.rowCount ?? "—"}</TableCell>
                <TableCell className="max-w-96 text-sm whitespace-normal">
                  {file.problem ? (
                    <div className="space-y-0.5">
                      <Badge variant="danger">{t("refused")}</Badge>
                      <p className="text-xs">{file.problemLine ? t("refusedAt", { line: file.problemLine, reason: file.problemText ?? file.problem }) : (file.problemText ?? file.problem)}</p>
                    </div>
                  ) : file.importedAt ? (
                    <Badge variant={file.id === inUse ? "success" : "secondary"}>{file.id === inUse ? t("inUse") : t("imported")}</Badge>
                  ) : (
                    "—"
                  )}
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}
