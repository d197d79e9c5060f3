-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "storeId" TEXT,
ADD COLUMN     "terminalId" TEXT;
