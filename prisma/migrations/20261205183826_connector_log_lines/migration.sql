-- A connector's own log lines, searched by the logs API (issue 17 point 2).
-- CreateTable
CREATE TABLE "ConnectorLogLine" (
    "id" BIGSERIAL NOT NULL,
    "connectorId" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "taskId" INTEGER,
    "time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "exception" TEXT,

    CONSTRAINT "ConnectorLogLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConnectorLogLine_connectorId_time_id_idx" ON "ConnectorLogLine"("connectorId", "time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ConnectorLogLine_time_idx" ON "ConnectorLogLine"("time");

-- AddForeignKey
ALTER TABLE "ConnectorLogLine" ADD CONSTRAINT "ConnectorLogLine_connectorId_organizationId_fkey" FOREIGN KEY ("connectorId", "organizationId") REFERENCES "Connector"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;
