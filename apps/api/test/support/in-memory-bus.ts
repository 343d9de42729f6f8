import type { Channel, RedisService } from '@libs/redis';
import { partialStandIn } from './stand-ins';

export interface Published {
  channel: string;
  message: string;
}

/**
 * RedisService's pub/sub as the use cases use it (publish; subscribe and resync by caches at start),
 * in memory: every published message is recorded for the test to assert on, and delivered to this
 * process's subscribers as Redis would.
 */
export class InMemoryBus {
  readonly published: Published[] = [];
  private readonly handlers = new Map<string, Array<(message: string) => void>>();

  async publish<M extends string>(name: Channel<M>, message: M): Promise<boolean> {
    this.published.push({ channel: name, message });
    for (const h of this.handlers.get(name) ?? []) h(message);
    return true;
  }

  async subscribe<M extends string>(name: Channel<M>, handler: (message: M) => void): Promise<void> {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler as (message: string) => void]);
  }

  onResync(_handler: () => void): void {}

  /** Messages published on one channel, in order. */
  on(channel: Channel<string>): string[] {
    return this.published.filter((p) => p.channel === channel).map((p) => p.message);
  }

  asRedis(): RedisService {
    return partialStandIn<RedisService>()({
      publish: this.publish.bind(this),
      subscribe: this.subscribe.bind(this),
      onResync: this.onResync.bind(this),
    });
  }
}
