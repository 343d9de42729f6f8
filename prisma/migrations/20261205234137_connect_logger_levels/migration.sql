-- Kafka Connect logger levels per Kafka cluster, set through the worker REST API's /admin/loggers (issue 17 points 2 and 4).
-- CreateTable
CREATE TABLE "ConnectLoggerLevel" (
    "organizationId" UUID NOT NULL,
    "clusterId" TEXT NOT NULL,
    "logger" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "lastModified" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectLoggerLevel_pkey" PRIMARY KEY ("clusterId","logger")
);

-- AddForeignKey
ALTER TABLE "ConnectLoggerLevel" ADD CONSTRAINT "ConnectLoggerLevel_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "KafkaCluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
