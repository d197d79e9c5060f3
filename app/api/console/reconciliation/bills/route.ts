// POST /api/console/reconciliation/bills – an operator uploads a trade bill saved from Alipay's merchant
// site (multipart: billDate, file): kept, imported and its day run; a bill that cannot be read is refused
// with its line and reason, nothing of it imported.
import { ApiError, json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { uploadBill } from "@/lib/console/reconciliation-actions";
import { getPayments } from "@/lib/payments/context";
import { isRealDay } from "@/lib/url-params";

export const dynamic = "force-dynamic";

/** Larger than any day's bill of a shop this console serves; the worker's downloads allow more. */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

export const POST = consoleRoute({ permission: "reconciliation.run", audit: { action: "reconciliation.upload" } }, async (request, { operator, origin }) => {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) throw new ApiError(413, "TOO_LARGE", `A bill upload is limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const form = await request.formData().catch(() => null);
  const billDate = form?.get("billDate");
  const file = form?.get("file");
  if (typeof billDate !== "string" || !isRealDay(billDate)) throw new ApiError(400, "INVALID_REQUEST", "billDate must be a day, yyyy-MM-dd", { billDate: "required" });
  if (!(file instanceof File) || file.size === 0) throw new ApiError(400, "INVALID_REQUEST", "Choose the bill file (the .csv.zip from Alipay, or its 业务明细 .csv)", { file: "required" });
  if (file.size > MAX_UPLOAD_BYTES) throw new ApiError(413, "TOO_LARGE", `A bill upload is limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const ctx = getPayments();
  const { imported, run } = await uploadBill({ ctx, operator, origin }, billDate, file.name.slice(0, 200), Buffer.from(await file.arrayBuffer()));
  if (!imported.ok) throw new ApiError(422, "BILL_REFUSED", imported.reason, { problem: imported.problem, line: imported.line, billFileId: imported.billFileId });
  return json({ billFileId: imported.billFileId, rows: imported.summary.rows, run }, 201);
});
