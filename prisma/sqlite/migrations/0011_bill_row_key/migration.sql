-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BillRow" (
    "billFileId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "tradeNo" TEXT NOT NULL,
    "outTradeNo" TEXT,
    "outRequestNo" TEXT,
    "amountFen" BIGINT NOT NULL,
    "receiptFen" BIGINT NOT NULL,
    "merchantDiscountFen" BIGINT NOT NULL,
    "feeFen" BIGINT NOT NULL,
    "createdAt" DATETIME,
    "finishedAt" DATETIME NOT NULL,
    "storeId" TEXT,
    "storeName" TEXT,
    "operatorId" TEXT,
    "terminalId" TEXT,
    "buyerLogonId" TEXT,
    "subject" TEXT,
    "remark" TEXT,

    PRIMARY KEY ("billFileId", "line"),
    CONSTRAINT "BillRow_billFileId_fkey" FOREIGN KEY ("billFileId") REFERENCES "BillFile" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BillRow" ("amountFen", "billFileId", "buyerLogonId", "createdAt", "feeFen", "finishedAt", "kind", "line", "merchantDiscountFen", "operatorId", "outRequestNo", "outTradeNo", "receiptFen", "remark", "storeId", "storeName", "subject", "terminalId", "tradeNo") SELECT "amountFen", "billFileId", "buyerLogonId", "createdAt", "feeFen", "finishedAt", "kind", "line", "merchantDiscountFen", "operatorId", "outRequestNo", "outTradeNo", "receiptFen", "remark", "storeId", "storeName", "subject", "terminalId", "tradeNo" FROM "BillRow";
DROP TABLE "BillRow";
ALTER TABLE "new_BillRow" RENAME TO "BillRow";
CREATE INDEX "BillRow_tradeNo_idx" ON "BillRow"("tradeNo");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
