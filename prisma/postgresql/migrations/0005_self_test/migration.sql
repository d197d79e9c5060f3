-- CreateTable
CREATE TABLE "SelfTest" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "publicKey" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "notificationId" INTEGER,
    "receivedAt" TIMESTAMP(3),

    CONSTRAINT "SelfTest_pkey" PRIMARY KEY ("id")
);
