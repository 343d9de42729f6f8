-- External clusters over SSL / SASL_SSL: the CA certificate(s) (PEM) their brokers' certificates chain to (issue 20 point 4).
-- AlterTable
ALTER TABLE "KafkaCluster" ADD COLUMN     "externalCaCert" TEXT;
