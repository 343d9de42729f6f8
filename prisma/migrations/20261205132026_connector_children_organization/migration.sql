-- Connector's child rows (tasks, source offsets, offset requests) carry the organization id, as
-- every tenant row does (issue 13). The column is backfilled from the parent connector before it
-- becomes NOT NULL, and the foreign key becomes (connectorId, organizationId) → Connector(id,
-- organizationId), so a child row can never name another organization than its connector's.

-- DropForeignKey
ALTER TABLE "ConnectorTask" DROP CONSTRAINT "ConnectorTask_connectorId_fkey";

-- DropForeignKey
ALTER TABLE "SourceOffset" DROP CONSTRAINT "SourceOffset_connectorId_fkey";

-- DropForeignKey
ALTER TABLE "ConnectorOffsetRequest" DROP CONSTRAINT "ConnectorOffsetRequest_connectorId_fkey";

-- AlterTable (nullable first: existing rows are backfilled below)
ALTER TABLE "ConnectorTask" ADD COLUMN     "organizationId" UUID;

-- AlterTable
ALTER TABLE "SourceOffset" ADD COLUMN     "organizationId" UUID;

-- AlterTable
ALTER TABLE "ConnectorOffsetRequest" ADD COLUMN     "organizationId" UUID;

-- Backfill from the parent connector
UPDATE "ConnectorTask" t SET "organizationId" = c."organizationId" FROM "Connector" c WHERE c.id = t."connectorId";
UPDATE "SourceOffset" o SET "organizationId" = c."organizationId" FROM "Connector" c WHERE c.id = o."connectorId";
UPDATE "ConnectorOffsetRequest" r SET "organizationId" = c."organizationId" FROM "Connector" c WHERE c.id = r."connectorId";

ALTER TABLE "ConnectorTask" ALTER COLUMN "organizationId" SET NOT NULL;
ALTER TABLE "SourceOffset" ALTER COLUMN "organizationId" SET NOT NULL;
ALTER TABLE "ConnectorOffsetRequest" ALTER COLUMN "organizationId" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Connector_id_organizationId_key" ON "Connector"("id", "organizationId");

-- AddForeignKey
ALTER TABLE "ConnectorTask" ADD CONSTRAINT "ConnectorTask_connectorId_organizationId_fkey" FOREIGN KEY ("connectorId", "organizationId") REFERENCES "Connector"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceOffset" ADD CONSTRAINT "SourceOffset_connectorId_organizationId_fkey" FOREIGN KEY ("connectorId", "organizationId") REFERENCES "Connector"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectorOffsetRequest" ADD CONSTRAINT "ConnectorOffsetRequest_connectorId_organizationId_fkey" FOREIGN KEY ("connectorId", "organizationId") REFERENCES "Connector"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;
