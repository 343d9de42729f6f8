-- AlterTable
ALTER TABLE "SrConfig" ADD COLUMN     "compatibilityGroup" TEXT,
ADD COLUMN     "defaultMetadata" JSONB,
ADD COLUMN     "defaultRuleSet" JSONB,
ADD COLUMN     "overrideMetadata" JSONB,
ADD COLUMN     "overrideRuleSet" JSONB;
