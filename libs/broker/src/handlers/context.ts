// What request handlers get to see.
import type { Msg } from '@libs/kafka-protocol';
import type { BrokerMetrics } from '../metrics';
import type { Logger } from '../options';
import type { Tenant, Tenants } from '../tenants';
import type { TopicTrafficCounters } from '../topic-traffic';

export interface BrokerContext {
  tenants: Tenants;
  metrics: BrokerMetrics;
  topicTraffic: TopicTrafficCounters;
  logger: Logger;
  nodeId: number;
  advertised(): { host: string; port: number };
  autoCreate(tenant: string): boolean;
  defaultPartitions: number;
  validateCrc: boolean;
  allocateProducerId(): number;
}

export interface RequestContext {
  broker: BrokerContext;
  tenant: Tenant;
  version: number;
  clientId: string;
  clientHost: string;
  // Registers a callback for when the connection closes (long-polls stop waiting); returns an
  // unsubscribe function so idle long-polls do not accumulate listeners.
  onClose(cb: () => void): () => void;
  isClosed(): boolean;
}

export type Handler = (ctx: RequestContext, body: Msg) => Promise<Msg | null> | Msg | null;
