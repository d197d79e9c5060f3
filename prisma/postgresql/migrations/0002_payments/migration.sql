-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
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
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "tradeNo" TEXT,
    "scanned" BOOLEAN NOT NULL DEFAULT false,
    "finished" BOOLEAN NOT NULL DEFAULT false,
    "buyerId" TEXT,
    "buyerLogonId" TEXT,
    "paidFen" BIGINT NOT NULL DEFAULT 0,
    "refundedFen" BIGINT NOT NULL DEFAULT 0,
    "refundPendingFen" BIGINT NOT NULL DEFAULT 0,
    "anomalies" TEXT NOT NULL DEFAULT '',
    "paidAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "nextCheckAt" TIMESTAMP(3),
    "checkCount" INTEGER NOT NULL DEFAULT 0,
    "lastCheckAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrecreateAttempt" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "alipayOutTradeNo" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING',
    "code" TEXT,
    "subCode" TEXT,
    "message" TEXT,
    "qrCode" TEXT,
    "gatewayCallId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PrecreateAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatewayCall" (
    "id" TEXT NOT NULL,
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
    "responseBody" BYTEA,
    "wireAttempts" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GatewayCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rawBody" BYTEA NOT NULL,
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
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
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
    "nextCheckAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderEvent" (
    "id" SERIAL NOT NULL,
    "orderId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "notificationId" INTEGER,

    CONSTRAINT "OrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppliedFact" (
    "orderId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "notificationId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppliedFact_pkey" PRIMARY KEY ("orderId","key")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "PrecreateAttempt" ADD CONSTRAINT "PrecreateAttempt_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GatewayCall" ADD CONSTRAINT "GatewayCall_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderEvent" ADD CONSTRAINT "OrderEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppliedFact" ADD CONSTRAINT "AppliedFact_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Integrity rules Prisma cannot model, for PostgreSQL (prisma/drift.ts checks the migrations create them).

-- Money on an order: refunded (as Alipay confirmed it) never exceeds what was paid.
ALTER TABLE "Order" ADD CONSTRAINT "Order_amounts_check"
  CHECK ("amountFen" >= 1 AND "paidFen" >= 0 AND "refundedFen" >= 0 AND "refundPendingFen" >= 0 AND "refundedFen" <= "paidFen");

ALTER TABLE "Refund" ADD CONSTRAINT "Refund_amount_check" CHECK ("amountFen" >= 1);

-- A refund's amount never changes once stored, and the event history is append-only.
CREATE FUNCTION "reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$;

CREATE TRIGGER "Refund_amount_update" BEFORE UPDATE OF "amountFen" ON "Refund"
  FOR EACH ROW WHEN (NEW."amountFen" <> OLD."amountFen")
  EXECUTE FUNCTION "reject_change"('Refund_amount_check: a refund''s amount never changes once stored');

CREATE TRIGGER "OrderEvent_append_only_update" BEFORE UPDATE ON "OrderEvent"
  FOR EACH ROW EXECUTE FUNCTION "reject_change"('OrderEvent is append-only');
