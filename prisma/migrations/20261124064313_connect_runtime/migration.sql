-- CreateEnum
CREATE TYPE "ConnectorType" AS ENUM ('SOURCE', 'SINK');

-- CreateEnum
CREATE TYPE "ConnectorTargetState" AS ENUM ('RUNNING', 'PAUSED', 'STOPPED');

-- CreateEnum
CREATE TYPE "ConnectRuntimeState" AS ENUM ('UNASSIGNED', 'PROVISIONING', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED');

-- CreateEnum
CREATE TYPE "OffsetRequestType" AS ENUM ('PATCH', 'DELETE');

-- CreateEnum
CREATE TYPE "OffsetRequestStatus" AS ENUM ('PENDING', 'APPLIED', 'FAILED');

-- CreateTable
CREATE TABLE "Connector" (
    "id" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "environmentId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pluginClass" TEXT NOT NULL,
    "type" "ConnectorType" NOT NULL,
    "config" JSONB NOT NULL,
    "targetState" "ConnectorTargetState" NOT NULL DEFAULT 'RUNNING',
    "generation" INTEGER NOT NULL DEFAULT 1,
    "state" "ConnectRuntimeState" NOT NULL DEFAULT 'PROVISIONING',
    "trace" TEXT,
    "workerId" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Connector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectorTask" (
    "connectorId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "generation" INTEGER NOT NULL,
    "state" "ConnectRuntimeState" NOT NULL DEFAULT 'UNASSIGNED',
    "workerId" TEXT,
    "trace" TEXT,
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "restartCount" INTEGER NOT NULL DEFAULT 0,
    "nextRestartAt" TIMESTAMPTZ(6),
    "message" TEXT,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "ConnectorTask_pkey" PRIMARY KEY ("connectorId","taskId")
);

-- CreateTable
CREATE TABLE "SourceOffset" (
    "connectorId" TEXT NOT NULL,
    "partition" TEXT NOT NULL,
    "offset" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "SourceOffset_pkey" PRIMARY KEY ("connectorId","partition")
);

-- CreateTable
CREATE TABLE "ConnectorOffsetRequest" (
    "id" TEXT NOT NULL,
    "connectorId" TEXT NOT NULL,
    "type" "OffsetRequestType" NOT NULL,
    "offsets" JSONB,
    "status" "OffsetRequestStatus" NOT NULL DEFAULT 'PENDING',
    "previousState" "ConnectorTargetState" NOT NULL,
    "error" TEXT,
    "requestedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMPTZ(6),

    CONSTRAINT "ConnectorOffsetRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Connector_organizationId_clusterId_idx" ON "Connector"("organizationId", "clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "Connector_clusterId_name_key" ON "Connector"("clusterId", "name");

-- CreateIndex
CREATE INDEX "ConnectorTask_state_idx" ON "ConnectorTask"("state");

-- CreateIndex
CREATE INDEX "ConnectorOffsetRequest_connectorId_requestedAt_idx" ON "ConnectorOffsetRequest"("connectorId", "requestedAt");

-- AddForeignKey
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "KafkaCluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectorTask" ADD CONSTRAINT "ConnectorTask_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceOffset" ADD CONSTRAINT "SourceOffset_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectorOffsetRequest" ADD CONSTRAINT "ConnectorOffsetRequest_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;
