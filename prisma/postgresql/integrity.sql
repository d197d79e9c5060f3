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

-- A bill's rows name their file (BillRow.billFileId), on delete and on a change of id as the models' key
-- says (cascading), but checked once per statement: a foreign key is checked row by row, a query each,
-- and for a day's 100,000 rows that was half of what their COPY cost the server. Each statement's rows
-- are checked against the files they name, each file locked as the key would lock it (FOR KEY SHARE), so
-- that it cannot be deleted under rows not yet committed. The same as the key under READ COMMITTED, as the
-- console runs (it never deletes a file); unlike it, a file deleted in a REPEATABLE READ or SERIALIZABLE
-- transaction leaves the rows committed after that transaction began, and TRUNCATE is not refused. The
-- functions keep the schema they were created in (search_path), as a key is bound to its tables.
ALTER TABLE "BillRow" DROP CONSTRAINT "BillRow_billFileId_fkey";

CREATE FUNCTION "BillRow_file_check"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  file text;
BEGIN
  FOR file IN SELECT DISTINCT "billFileId" FROM new_rows LOOP
    PERFORM 1 FROM "BillFile" WHERE "id" = file FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'insert or update on table "BillRow" violates foreign key constraint "BillRow_billFileId_fkey"'
        USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key ("billFileId")=(%s) is not present in table "BillFile".', file),
          CONSTRAINT = 'BillRow_billFileId_fkey', TABLE = 'BillRow', SCHEMA = TG_TABLE_SCHEMA;
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "BillRow_file_insert" AFTER INSERT ON "BillRow" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "BillRow_file_check"();

CREATE TRIGGER "BillRow_file_update" AFTER UPDATE ON "BillRow" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "BillRow_file_check"();

CREATE FUNCTION "BillFile_rows_cascade"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "BillRow" WHERE "billFileId" = OLD."id";
    RETURN OLD;
  END IF;
  UPDATE "BillRow" SET "billFileId" = NEW."id" WHERE "billFileId" = OLD."id";
  RETURN NEW;
END;
$$;

CREATE TRIGGER "BillFile_rows_delete" AFTER DELETE ON "BillFile"
  FOR EACH ROW EXECUTE FUNCTION "BillFile_rows_cascade"();

CREATE TRIGGER "BillFile_rows_update" AFTER UPDATE OF "id" ON "BillFile"
  FOR EACH ROW WHEN (NEW."id" <> OLD."id") EXECUTE FUNCTION "BillFile_rows_cascade"();

-- A bill file is kept as received, a zip: already compressed, so TOAST stores it without trying again
-- (trying cost the server as much as the rest of storing it).
ALTER TABLE "BillFile" ALTER COLUMN "content" SET STORAGE EXTERNAL;
