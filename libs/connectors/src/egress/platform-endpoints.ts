// The platform's own services as egress targets: a tenant's connector or external cluster pointed
// at Postgres, Redis, the API, the broker or a metrics port would make the platform a port scanner
// (or worse) against itself, so these host:port pairs are refused in every mode, even when a broad
// EGRESS_ALLOW or dev mode would allow the address.
import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import type { Env } from '@libs/config';
import { normalizeAddress } from './address';
import type { Lookup } from './egress-policy';

/** host:port of every listener and dependency the platform is configured with (env schema defaults applied). */
export function platformEndpoints(e: Env): string[] {
  const fromUrl = (url: string, defaultPort: number): string[] => {
    try {
      const u = new URL(url);
      return u.hostname ? [`${u.hostname}:${u.port || defaultPort}`] : [];
    } catch {
      return [];
    }
  };
  return [
    ...fromUrl(e.DATABASE_URL, 5432),
    ...fromUrl(e.REDIS_URL, 6379),
    `${e.HOST}:${e.PORT}`,
    `${e.HOST}:${e.WORKER_METRICS_PORT}`,
    `${e.BROKER_HOST}:${e.BROKER_PORT}`,
    `${e.BROKER_ADVERTISED_HOST}:${e.BROKER_ADVERTISED_PORT ?? e.BROKER_PORT}`,
    `${e.BROKER_HOST}:${e.BROKER_METRICS_PORT}`,
  ];
}

function isUnspecified(a: string): boolean {
  return a === '0.0.0.0' || a === '::';
}

/** Loopback, a wildcard address, or one of this machine's interfaces: anything listening here answers on it. */
function isThisMachine(a: string): boolean {
  if (isUnspecified(a) || a === '::1' || a.startsWith('127.')) return true;
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => normalizeAddress(i.address) === a));
}

export class PlatformEndpoints {
  private readonly hostsByPort = new Map<number, string[]>();
  private readonly resolved = new Map<string, string[]>();

  constructor(
    endpoints: readonly string[],
    private readonly lookup: Lookup,
  ) {
    for (const raw of endpoints) {
      const at = raw.lastIndexOf(':');
      const port = Number(raw.slice(at + 1));
      const host = normalizeAddress(raw.slice(0, at).trim().toLowerCase());
      if (at <= 0 || !Number.isInteger(port) || port <= 0) continue;
      this.hostsByPort.set(port, [...(this.hostsByPort.get(port) ?? []), host]);
    }
  }

  /** Whether `host` (resolved to `addresses`) on `port` reaches one of the platform's endpoints. */
  async includes(host: string, addresses: readonly string[], port: number): Promise<boolean> {
    const hosts = this.hostsByPort.get(port);
    if (!hosts) return false;
    const name = host.toLowerCase().replace(/\.$/, '');
    for (const h of hosts) {
      if (h === name) return true;
      const own = await this.addressesOf(h);
      if (addresses.some((a) => own.includes(a))) return true;
      // A service on this machine may listen on every local address, so any address of this
      // machine on that port counts as the service.
      if (own.some(isThisMachine) && addresses.some(isThisMachine)) return true;
    }
    return false;
  }

  private async addressesOf(host: string): Promise<string[]> {
    if (isIP(host)) return [host];
    const known = this.resolved.get(host);
    if (known) return known;
    try {
      const addresses = (await this.lookup(host)).map(normalizeAddress);
      this.resolved.set(host, addresses);
      return addresses;
    } catch {
      return []; // unresolvable now: the name itself still matches; try again next time
    }
  }
}
