-- Connector events: failures and recoveries as CloudEvents (issue 17 point 3).
-- CreateTable
CREATE TABLE "ConnectorEvent" (
    "id" BIGSERIAL NOT NULL,
    "connectorId" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "taskId" INTEGER,
    "time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message" TEXT NOT NULL,
    "rootCause" TEXT,

    CONSTRAINT "ConnectorEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConnectorEvent_connectorId_time_idx" ON "ConnectorEvent"("connectorId", "time" DESC);

-- AddForeignKey
ALTER TABLE "ConnectorEvent" ADD CONSTRAINT "ConnectorEvent_connectorId_organizationId_fkey" FOREIGN KEY ("connectorId", "organizationId") REFERENCES "Connector"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;
