-- CreateTable
CREATE TABLE "SelfTest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "publicKey" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "notificationId" INTEGER,
    "receivedAt" DATETIME
);
