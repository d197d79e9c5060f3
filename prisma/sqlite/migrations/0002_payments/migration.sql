-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "outTradeNo" TEXT NOT NULL,
    "alipayOutTradeNo" TEXT,
    "amountFen" BIGINT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT,
    "returnUrl" TEXT,
    "timeoutMinutes" INTEGER NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "qrCode" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "tradeNo" TEXT,
    "scanned" BOOLEAN NOT NULL DEFAULT false,
    "finished" BOOLEAN NOT NULL DEFAULT false,
    "buyerId" TEXT,
    "buyerLogonId" TEXT,
    "paidFen" BIGINT NOT NULL DEFAULT 0,
    "refundedFen" BIGINT NOT NULL DEFAULT 0,
    "refundPendingFen" BIGINT NOT NULL DEFAULT 0,
    "anomalies" TEXT NOT NULL DEFAULT '',
    "paidAt" DATETIME,
    "closedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "nextCheckAt" DATETIME,
    "checkCount" INTEGER NOT NULL DEFAULT 0,
    "lastCheckAt" DATETIME,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PrecreateAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "alipayOutTradeNo" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING',
    "code" TEXT,
    "subCode" TEXT,
    "message" TEXT,
    "qrCode" TEXT,
    "gatewayCallId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "PrecreateAttempt_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GatewayCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT,
    "method" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "code" TEXT,
    "subCode" TEXT,
    "verdict" TEXT,
    "error" TEXT,
    "requestUrl" TEXT,
    "requestBody" TEXT,
    "responseStatus" INTEGER,
    "responseBody" BLOB,
    "wireAttempts" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GatewayCall_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rawBody" BLOB NOT NULL,
    "bodySize" INTEGER NOT NULL,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "contentType" TEXT,
    "sourceAddress" TEXT,
    "charset" TEXT,
    "notifyId" TEXT,
    "notifyType" TEXT,
    "appId" TEXT,
    "outTradeNo" TEXT,
    "tradeNo" TEXT,
    "tradeStatus" TEXT,
    "outBizNo" TEXT,
    "signature" TEXT,
    "checks" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'RECEIVED',
    "error" TEXT,
    "reply" TEXT,
    "orderId" TEXT,
    "processedAt" DATETIME,
    CONSTRAINT "Notification_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "outRequestNo" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "reason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "code" TEXT,
    "subCode" TEXT,
    "message" TEXT,
    "refundFeeFen" BIGINT,
    "callCount" INTEGER NOT NULL DEFAULT 0,
    "nextCheckAt" DATETIME,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" DATETIME,
    CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "notificationId" INTEGER,
    CONSTRAINT "OrderEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppliedFact" (
    "orderId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "notificationId" INTEGER,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("orderId", "key"),
    CONSTRAINT "AppliedFact_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_outTradeNo_key" ON "Order"("outTradeNo");

-- CreateIndex
CREATE UNIQUE INDEX "Order_alipayOutTradeNo_key" ON "Order"("alipayOutTradeNo");

-- CreateIndex
CREATE INDEX "Order_status_createdAt_idx" ON "Order"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Order_nextCheckAt_idx" ON "Order"("nextCheckAt");

-- CreateIndex
CREATE INDEX "Order_createdAt_idx" ON "Order"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PrecreateAttempt_alipayOutTradeNo_key" ON "PrecreateAttempt"("alipayOutTradeNo");

-- CreateIndex
CREATE UNIQUE INDEX "PrecreateAttempt_orderId_number_key" ON "PrecreateAttempt"("orderId", "number");

-- CreateIndex
CREATE INDEX "GatewayCall_orderId_createdAt_idx" ON "GatewayCall"("orderId", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayCall_createdAt_idx" ON "GatewayCall"("createdAt");

-- CreateIndex
CREATE INDEX "Notification_outTradeNo_id_idx" ON "Notification"("outTradeNo", "id");

-- CreateIndex
CREATE INDEX "Notification_orderId_id_idx" ON "Notification"("orderId", "id");

-- CreateIndex
CREATE INDEX "Notification_signature_id_idx" ON "Notification"("signature", "id");

-- CreateIndex
CREATE INDEX "Notification_outcome_id_idx" ON "Notification"("outcome", "id");

-- CreateIndex
CREATE INDEX "Refund_status_nextCheckAt_idx" ON "Refund"("status", "nextCheckAt");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_orderId_outRequestNo_key" ON "Refund"("orderId", "outRequestNo");

-- CreateIndex
CREATE INDEX "OrderEvent_orderId_id_idx" ON "OrderEvent"("orderId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- Integrity rules Prisma cannot model, for SQLite (prisma/drift.ts checks the migrations create them).
-- SQLite cannot add a CHECK constraint to an existing table, so these are triggers. A migration that
-- redefines one of these tables drops its triggers: recreate them in that migration.

-- Money on an order: refunded (as Alipay confirmed it) never exceeds what was paid.
CREATE TRIGGER "Order_amounts_insert" BEFORE INSERT ON "Order"
WHEN NEW."amountFen" < 1 OR NEW."paidFen" < 0 OR NEW."refundedFen" < 0 OR NEW."refundPendingFen" < 0 OR NEW."refundedFen" > NEW."paidFen"
BEGIN
  SELECT RAISE(ABORT, 'Order_amounts_check: amounts must be positive and refundedFen <= paidFen');
END;

CREATE TRIGGER "Order_amounts_update" BEFORE UPDATE ON "Order"
WHEN NEW."amountFen" < 1 OR NEW."paidFen" < 0 OR NEW."refundedFen" < 0 OR NEW."refundPendingFen" < 0 OR NEW."refundedFen" > NEW."paidFen"
BEGIN
  SELECT RAISE(ABORT, 'Order_amounts_check: amounts must be positive and refundedFen <= paidFen');
END;

CREATE TRIGGER "Refund_amount_insert" BEFORE INSERT ON "Refund"
WHEN NEW."amountFen" < 1
BEGIN
  SELECT RAISE(ABORT, 'Refund_amount_check: amountFen must be at least 1');
END;

CREATE TRIGGER "Refund_amount_update" BEFORE UPDATE ON "Refund"
WHEN NEW."amountFen" <> OLD."amountFen"
BEGIN
  SELECT RAISE(ABORT, 'Refund_amount_check: a refund''s amount never changes once stored');
END;

-- The event history is append-only.
CREATE TRIGGER "OrderEvent_append_only_update" BEFORE UPDATE ON "OrderEvent"
BEGIN
  SELECT RAISE(ABORT, 'OrderEvent is append-only');
END;
