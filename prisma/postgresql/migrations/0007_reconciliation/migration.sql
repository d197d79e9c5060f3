-- CreateTable
CREATE TABLE "BillFile" (
    "id" TEXT NOT NULL,
    "billDate" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "receivedBy" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedAt" TIMESTAMP(3),
    "rowCount" INTEGER,
    "problem" TEXT,
    "problemLine" INTEGER,
    "problemText" TEXT,

    CONSTRAINT "BillFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillRow" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "storeId" TEXT,
    "storeName" TEXT,
    "operatorId" TEXT,
    "terminalId" TEXT,
    "buyerLogonId" TEXT,
    "subject" TEXT,
    "remark" TEXT,

    CONSTRAINT "BillRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationDay" (
    "billDate" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "billFileId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "summary" TEXT,
    "reconciledAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReconciliationDay_pkey" PRIMARY KEY ("billDate")
);

-- CreateTable
CREATE TABLE "ReconciliationException" (
    "id" TEXT NOT NULL,
    "billDate" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "orderId" TEXT,
    "outTradeNo" TEXT,
    "tradeNo" TEXT,
    "outRequestNo" TEXT,
    "oursFen" BIGINT,
    "billFen" BIGINT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "note" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconciliationException_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BillFile_billDate_receivedAt_idx" ON "BillFile"("billDate", "receivedAt");

-- CreateIndex
CREATE INDEX "BillRow_billFileId_line_idx" ON "BillRow"("billFileId", "line");

-- CreateIndex
CREATE INDEX "BillRow_tradeNo_idx" ON "BillRow"("tradeNo");

-- CreateIndex
CREATE INDEX "ReconciliationDay_status_nextAttemptAt_idx" ON "ReconciliationDay"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ReconciliationException_status_billDate_idx" ON "ReconciliationException"("status", "billDate");

-- CreateIndex
CREATE INDEX "ReconciliationException_orderId_idx" ON "ReconciliationException"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ReconciliationException_billDate_kind_key_key" ON "ReconciliationException"("billDate", "kind", "key");

-- AddForeignKey
ALTER TABLE "BillRow" ADD CONSTRAINT "BillRow_billFileId_fkey" FOREIGN KEY ("billFileId") REFERENCES "BillFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
