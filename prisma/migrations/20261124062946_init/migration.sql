-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrganizationState" AS ENUM ('ACTIVE', 'SUSPENDED');

-- CreateEnum
CREATE TYPE "ApiKeyResourceKind" AS ENUM ('CLOUD', 'KAFKA_CLUSTER', 'SCHEMA_REGISTRY');

-- CreateEnum
CREATE TYPE "ClusterBackend" AS ENUM ('EMBEDDED', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "ClusterPhase" AS ENUM ('PROVISIONING', 'PROVISIONED', 'FAILED', 'DEPROVISIONING');

-- CreateTable
CREATE TABLE "Organization" (
    "id" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "jitEnabled" BOOLEAN NOT NULL DEFAULT false,
    "state" "OrganizationState" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Environment" (
    "id" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "streamGovernancePackage" TEXT,
    "schemaRegistryId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Environment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceAccount" (
    "id" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "ServiceAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "ownerId" TEXT NOT NULL,
    "resourceKind" "ApiKeyResourceKind" NOT NULL,
    "resourceId" TEXT,
    "environmentId" TEXT,
    "secretHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleBinding" (
    "id" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "principal" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "crnPattern" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "RoleBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KafkaCluster" (
    "id" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "environmentId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "availability" TEXT NOT NULL,
    "cloud" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "deletionProtection" BOOLEAN NOT NULL DEFAULT false,
    "phase" "ClusterPhase" NOT NULL DEFAULT 'PROVISIONING',
    "backend" "ClusterBackend" NOT NULL DEFAULT 'EMBEDDED',
    "externalBootstrap" TEXT,
    "externalProtocol" TEXT,
    "externalMechanism" TEXT,
    "externalUsername" TEXT,
    "externalPassword" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "KafkaCluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "organizationId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT,
    "result" TEXT NOT NULL,
    "requestId" TEXT,
    "details" JSONB,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Environment_schemaRegistryId_key" ON "Environment"("schemaRegistryId");

-- CreateIndex
CREATE INDEX "Environment_organizationId_createdAt_id_idx" ON "Environment"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ServiceAccount_organizationId_createdAt_id_idx" ON "ServiceAccount"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceAccount_organizationId_displayName_key" ON "ServiceAccount"("organizationId", "displayName");

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_createdAt_id_idx" ON "ApiKey"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ApiKey_resourceId_idx" ON "ApiKey"("resourceId");

-- CreateIndex
CREATE INDEX "RoleBinding_organizationId_createdAt_id_idx" ON "RoleBinding"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "RoleBinding_principal_idx" ON "RoleBinding"("principal");

-- CreateIndex
CREATE UNIQUE INDEX "RoleBinding_organizationId_principal_roleName_crnPattern_key" ON "RoleBinding"("organizationId", "principal", "roleName", "crnPattern");

-- CreateIndex
CREATE INDEX "KafkaCluster_organizationId_environmentId_createdAt_id_idx" ON "KafkaCluster"("organizationId", "environmentId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_at_idx" ON "AuditEvent"("organizationId", "at");

-- AddForeignKey
ALTER TABLE "Environment" ADD CONSTRAINT "Environment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceAccount" ADD CONSTRAINT "ServiceAccount_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "ServiceAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleBinding" ADD CONSTRAINT "RoleBinding_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KafkaCluster" ADD CONSTRAINT "KafkaCluster_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KafkaCluster" ADD CONSTRAINT "KafkaCluster_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
