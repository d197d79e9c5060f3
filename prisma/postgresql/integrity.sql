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

-- The audit log is append-only.
CREATE TRIGGER "AuditEntry_append_only_update" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "reject_change"('AuditEntry is append-only');
