-- AlterTable
ALTER TABLE "SrSchema" ADD COLUMN     "guid" UUID NOT NULL DEFAULT gen_random_uuid();

-- CreateIndex
CREATE INDEX "SrSchema_registryId_guid_idx" ON "SrSchema"("registryId", "guid");
