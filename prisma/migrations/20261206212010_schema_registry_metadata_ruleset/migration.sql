-- AlterTable
ALTER TABLE "SrSchema" ADD COLUMN     "metadata" JSONB,
ADD COLUMN     "ruleSet" JSONB;
