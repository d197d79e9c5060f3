-- DropIndex
DROP INDEX "Order_status_createdAt_idx";

-- DropIndex
DROP INDEX "Order_createdAt_idx";

-- DropIndex
DROP INDEX "Order_paidAt_idx";

-- CreateIndex
CREATE INDEX "Order_status_createdAt_id_idx" ON "Order"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Order_createdAt_id_idx" ON "Order"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Order_amountFen_id_idx" ON "Order"("amountFen", "id");

-- CreateIndex
CREATE INDEX "Order_paidAt_id_idx" ON "Order"("paidAt", "id");

-- CreateIndex
CREATE INDEX "Order_anomalies_idx" ON "Order"("anomalies");
