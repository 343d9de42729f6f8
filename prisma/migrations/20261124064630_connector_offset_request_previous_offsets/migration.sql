-- AlterTable
ALTER TABLE "ConnectorOffsetRequest" ADD COLUMN     "previousOffsets" JSONB;
