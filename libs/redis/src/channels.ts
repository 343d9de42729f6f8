// Every Redis pub/sub channel the processes (api, worker, broker) share, with the message each one
// carries. Publishers and subscribers name a channel only through these constants. Names are
// prefixed with REDIS_PREFIX on the wire (RedisService.channel, or `${prefix}${CHANNEL}` for code
// holding its own ioredis connection). Every announcement is best effort: subscribers also act on
// their periodic pass, TTL or resync, so a lost message only delays them.

/**
 * A channel name tagged with the type of its message (type-only: at run time it is the plain
 * name), so RedisService.publish/subscribe check the message against the channel.
 */
export type Channel<Message extends string> = string & { readonly __message?: Message };

const channel = <Message extends string>(name: string): Channel<Message> => name as Channel<Message>;

/** An API key id, or `org:<organization id>` for every key of a suspended or deleted organization. */
export type ApiKeyInvalidation = string;
/** API → every API instance and the broker: forget a verified key (the broker also closes its connections). */
export const API_KEY_INVALIDATION_CHANNEL = channel<ApiKeyInvalidation>('apikeys:invalidate');

/** `<organization id>/<principal>`: the principal whose role bindings changed. */
export type RoleBindingInvalidation = string;
/** API → every API instance: forget a principal's cached access scopes. */
export const ROLE_BINDING_INVALIDATION_CHANNEL = channel<RoleBindingInvalidation>('rolebindings:invalidate');

/** `<organization id>/<environment id>`, or `org:<organization id>` for all of a deleted organization's. */
export type EnvironmentInvalidation = string;
/** API → every API instance: forget a cached environment row. */
export const ENVIRONMENT_INVALIDATION_CHANNEL = channel<EnvironmentInvalidation>('environments:invalidate');

/** The deleted Kafka cluster's id (lkc-…). */
export type ClusterDeleted = string;
/** API → API instances (drop cached Kafka clients) and the broker (delete the tenant's data). */
export const CLUSTER_DELETED_CHANNEL = channel<ClusterDeleted>('clusters:deleted');

/** The connector's id (lcc-…). */
export type ConnectorId = string;
/** API → workers, after every desired-state write (see connector.repository.ts): the reconciler and the workers holding its tasks act at once. */
export const CONNECTOR_CHANGED_CHANNEL = channel<ConnectorId>('connectors:changed');
/** API → workers, after a connector's row was deleted: stop its tasks, delete its sink group. */
export const CONNECTOR_DELETED_CHANNEL = channel<ConnectorId>('connectors:deleted');

/** Reconciler → every worker: task jobs or rows changed, check the tasks you run now. No payload. */
export const TASKS_CHANGED_CHANNEL = channel<''>('connect:tasks:changed');
