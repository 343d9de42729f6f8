-- Deleted connectors awaiting their plugin's clean-up (Connector.onDelete: PostgresCdcSourceV2 drops its replication slot), issue 15.
-- CreateTable
CREATE TABLE "ConnectorDeletion" (
    "connectorId" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pluginClass" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "tasks" JSONB NOT NULL,
    "deletedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,

    CONSTRAINT "ConnectorDeletion_pkey" PRIMARY KEY ("connectorId")
);

-- CreateIndex
CREATE INDEX "ConnectorDeletion_nextAttemptAt_idx" ON "ConnectorDeletion"("nextAttemptAt");

-- AddForeignKey
ALTER TABLE "ConnectorDeletion" ADD CONSTRAINT "ConnectorDeletion_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "KafkaCluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
