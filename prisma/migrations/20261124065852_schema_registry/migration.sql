-- CreateTable
CREATE TABLE "SrSchema" (
    "organizationId" UUID NOT NULL,
    "registryId" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "schemaType" TEXT NOT NULL,
    "schema" TEXT NOT NULL,
    "identityHash" TEXT NOT NULL,
    "references" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SrSchema_pkey" PRIMARY KEY ("registryId","id")
);

-- CreateTable
CREATE TABLE "SrSubjectVersion" (
    "organizationId" UUID NOT NULL,
    "registryId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "schemaId" INTEGER NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SrSubjectVersion_pkey" PRIMARY KEY ("registryId","subject","version")
);

-- CreateTable
CREATE TABLE "SrConfig" (
    "organizationId" UUID NOT NULL,
    "registryId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "compatibility" TEXT,
    "mode" TEXT,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "SrConfig_pkey" PRIMARY KEY ("registryId","subject")
);

-- CreateTable
CREATE TABLE "SrRegistrySequence" (
    "registryId" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "nextSchemaId" INTEGER NOT NULL DEFAULT 100001,

    CONSTRAINT "SrRegistrySequence_pkey" PRIMARY KEY ("registryId")
);

-- CreateIndex
CREATE INDEX "SrSchema_registryId_identityHash_idx" ON "SrSchema"("registryId", "identityHash");

-- CreateIndex
CREATE INDEX "SrSchema_organizationId_idx" ON "SrSchema"("organizationId");

-- CreateIndex
CREATE INDEX "SrSubjectVersion_registryId_schemaId_idx" ON "SrSubjectVersion"("registryId", "schemaId");

-- CreateIndex
CREATE INDEX "SrSubjectVersion_organizationId_idx" ON "SrSubjectVersion"("organizationId");

-- CreateIndex
CREATE INDEX "SrConfig_organizationId_idx" ON "SrConfig"("organizationId");
