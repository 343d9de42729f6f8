-- KIP-558 active topics: what each connector actually produced to or consumed from (issue 17).
-- CreateTable
CREATE TABLE "ConnectorActiveTopic" (
    "connectorId" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectorActiveTopic_pkey" PRIMARY KEY ("connectorId","topic")
);

-- AddForeignKey
ALTER TABLE "ConnectorActiveTopic" ADD CONSTRAINT "ConnectorActiveTopic_connectorId_organizationId_fkey" FOREIGN KEY ("connectorId", "organizationId") REFERENCES "Connector"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;
