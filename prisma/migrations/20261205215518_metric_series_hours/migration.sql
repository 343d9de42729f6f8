-- Metrics API time series: one row per series and hour, minutes in an array (issue 17 point 1).
-- CreateTable
CREATE TABLE "MetricSeriesHour" (
    "organizationId" UUID NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "labelsKey" TEXT NOT NULL DEFAULT '',
    "labels" JSONB NOT NULL DEFAULT '{}',
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "minutes" DOUBLE PRECISION[],

    CONSTRAINT "MetricSeriesHour_pkey" PRIMARY KEY ("resourceId","metric","hour","labelsKey")
);

-- CreateIndex
CREATE INDEX "MetricSeriesHour_hour_idx" ON "MetricSeriesHour"("hour");

-- Each flush rewrites the hour's row: room on the page keeps those updates HOT (no index writes).
ALTER TABLE "MetricSeriesHour" SET (fillfactor = 50);
