-- AlterTable
ALTER TABLE "Order" ADD COLUMN "storeId" TEXT;
ALTER TABLE "Order" ADD COLUMN "terminalId" TEXT;
