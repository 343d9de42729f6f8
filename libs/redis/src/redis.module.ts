import { Global, Inject, Injectable, Logger, Module, OnModuleDestroy } from '@nestjs/common';
import { Redis, ReplyError } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import type { Channel } from './channels';
import { CircuitBreaker, RedisUnavailableError } from './circuit-breaker';
import { reportConnectionOutages, type OutageLog } from './connection-outages';

// Longest a request waits on Redis. Without it a command waits out ioredis's reconnect attempts
// (about ten seconds) while Redis is down, or forever while it hangs.
const COMMAND_TIMEOUT_MS = 200;
// After a failure, calls fail at once for this long before one probes Redis again.
const BREAKER_OPEN_MS = 1000;

/** One command connection (auto-pipelined) and one subscriber connection, both under REDIS_PREFIX. */
@Injectable()
export class RedisService implements OnModuleDestroy {
  readonly client: Redis;
  readonly prefix: string;
  private readonly logger = new Logger('Redis');
  private readonly breaker = new CircuitBreaker(BREAKER_OPEN_MS, (err) => err instanceof ReplyError);
  private subscriber?: Redis;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly resyncHandlers = new Set<() => void>();
  private readonly outageLog: OutageLog = (level, event, fields) =>
    this.logger[level === 'warn' ? 'warn' : 'log'](`${event} ${JSON.stringify(fields)}`);

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.REDIS_PREFIX;
    this.client = new Redis(config.REDIS_URL, {
      keyPrefix: this.prefix,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 2,
      commandTimeout: COMMAND_TIMEOUT_MS,
      lazyConnect: false,
    });
    // readiness reports it too; ioredis reconnects by itself
    reportConnectionOutages(this.client, 'commands', this.outageLog);
  }

  /** False while Redis is known to be unreachable: callers take their fallback without waiting. */
  get available(): boolean {
    return this.client.status === 'ready' && !this.breaker.isOpen;
  }

  /**
   * Runs a command on the request path: refused at once (RedisUnavailableError) while the connection
   * is down or the breaker is open, and never waits more than COMMAND_TIMEOUT_MS.
   */
  run<T>(op: (client: Redis) => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') return Promise.reject(new RedisUnavailableError(this.client.status));
    return this.breaker.run(() => op(this.client));
  }

  /** Channel names are prefixed too (keyPrefix does not apply to pub/sub). */
  channel(name: string): string {
    return `${this.prefix}${name}`;
  }

  /**
   * Best effort: the change being announced is already committed, so a Redis outage must not fail
   * the request. Subscribers that missed it resync when their connection comes back (onResync).
   */
  async publish<M extends string>(name: Channel<M>, message: M): Promise<boolean> {
    try {
      await this.run((c) => c.publish(this.channel(name), message));
      return true;
    } catch (err) {
      this.logger.warn(`publish on ${name} lost: ${(err as Error).message}`);
      return false;
    }
  }

  async subscribe<M extends string>(name: Channel<M>, handler: (message: M) => void): Promise<void> {
    const channel = this.channel(name);
    if (!this.subscriber) {
      // No command timeout here: SUBSCRIBE may sit in the offline queue while the connection opens.
      const subscriber = this.client.duplicate({ keyPrefix: '', commandTimeout: undefined });
      this.subscriber = subscriber;
      reportConnectionOutages(subscriber, 'subscriber', this.outageLog);
      subscriber.on('message', (ch: string, msg: string) => this.handlers.get(ch)?.forEach((h) => h(msg)));
      let connected = false;
      subscriber.on('ready', () => {
        // Messages published while the connection was down are lost: caches start over.
        if (connected) this.resyncHandlers.forEach((h) => h());
        connected = true;
      });
    }
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    // The channel's message type is the publishers' contract; on the wire it is any string.
    set.add(handler as (message: string) => void);
  }

  /** Called whenever the subscriber connection comes back after a loss (invalidations may have been missed). */
  onResync(handler: () => void): void {
    this.resyncHandlers.add(handler);
  }

  async ping(): Promise<boolean> {
    return (await this.client.ping()) === 'PONG';
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
    this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
