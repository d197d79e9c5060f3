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

-- The audit log is append-only.
CREATE TRIGGER "AuditEntry_append_only_update" BEFORE UPDATE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'AuditEntry is append-only');
END;

CREATE TRIGGER "AuditEntry_append_only_delete" BEFORE DELETE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'AuditEntry is append-only');
END;
