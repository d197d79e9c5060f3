import { describe, expect, it } from "vitest";
import { formatCsvRecord } from "@/lib/orders/csv";
import { fundsCsvRows } from "./csv";
import { buildReport, cellsOf } from "./report";

describe("the fund flow's CSV", () => {
  it("writes a record per bucket, store and till, in yuan, a negative net as a number, an unknown fee empty", () => {
    const cells = cellsOf(
      {
        payments: [
          { slot: "2026-12-05 09", storeId: "=cmd", terminalId: "T1", count: 2, amountFen: 1_000, feeFen: 6 },
          { slot: "2026-12-06 10", storeId: null, terminalId: null, count: 1, amountFen: 50, feeFen: 0 },
        ],
        refunds: [{ slot: "2026-12-05 11", storeId: "=cmd", terminalId: "T1", count: 1, amountFen: 1_500, feeFen: 9 }],
        billFees: [{ slot: "2026-12-06 10", storeId: null, terminalId: null, feeFen: -1 }],
        billedDays: new Set(["2026-12-06"]),
      },
      null,
    );
    const report = buildReport(cells, "month", ["2026-12-05", "2026-12-06"], null);
    const lines = fundsCsvRows(report, (source) => `<${source}>`).map(formatCsvRecord);
    expect(lines).toEqual([
      "2026-12-05,'=cmd,T1,2,10.00,1,15.00,-5.00,,<none>,\r\n",
      "2026-12-06,,,1,0.50,0,0.00,0.50,0.01,<bill>,0.49\r\n",
    ]);
  });
});
