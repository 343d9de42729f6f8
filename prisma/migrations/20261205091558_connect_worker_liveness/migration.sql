-- CreateTable
CREATE TABLE "ConnectWorker" (
    "id" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectWorker_pkey" PRIMARY KEY ("id")
);
