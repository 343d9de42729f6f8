// Egress policy for connection targets (database hosts now, HTTP endpoints later): a tenant's
// connector must not reach the platform's own services. Operators configure EGRESS_ALLOW /
// EGRESS_DENY (comma lists of IPs, CIDRs, host names or *.suffix wildcards); in production mode
// loopback, link-local, private, CGNAT, unspecified and multicast addresses are denied unless
// allowed explicitly; dev mode (`npm start`) allows them. Host names are resolved (all addresses)
// before deciding, and callers should connect to the returned addresses (no DNS rebinding window).
// The platform's own endpoints (Postgres, Redis, API, broker, metrics) are never a target, whatever
// EGRESS_ALLOW or dev mode say: see platform-endpoints.ts.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { parseEnv, type Env } from '@libs/config';
import { installEgressGuard } from '@libs/kafka-clients';
import { normalizeAddress } from './address';
import { PlatformEndpoints, platformEndpoints } from './platform-endpoints';

export type Lookup = (host: string) => Promise<string[]>;

export interface EgressPolicyOptions {
  allow?: readonly string[];
  deny?: readonly string[];
  /** Dev mode allows internal ranges (EGRESS_DENY still applies). */
  devMode: boolean;
  lookup?: Lookup;
  /** The platform's own endpoints ("host:port"), denied in every mode. */
  platform?: readonly string[];
}

export type EgressDecision =
  { allowed: true; addresses: string[] } | { allowed: false; reason: string; addresses: string[] };

const INTERNAL_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
];
const INTERNAL_V6 = ['::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8', '64:ff9b::/96'];

function internalBlockList(): BlockList {
  const b = new BlockList();
  for (const c of INTERNAL_V4) addCidr(b, c);
  for (const c of INTERNAL_V6) addCidr(b, c);
  return b;
}

function addCidr(b: BlockList, cidr: string): boolean {
  const [ip, bits] = cidr.split('/');
  const family = isIP(ip);
  if (!family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) b.addAddress(ip, type);
  else b.addSubnet(ip, Number(bits), type);
  return true;
}

class Matcher {
  private readonly nets = new BlockList();
  private readonly names = new Set<string>();
  private readonly suffixes: string[] = [];
  private hasNets = false;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const e = raw.trim().toLowerCase();
      if (!e) continue;
      if (isIP(e.split('/')[0]) && addCidr(this.nets, e)) this.hasNets = true;
      else if (e.startsWith('*.')) this.suffixes.push(e.slice(1));
      else this.names.add(e.replace(/\.$/, ''));
    }
  }

  get empty(): boolean {
    return !this.hasNets && this.names.size === 0 && this.suffixes.length === 0;
  }

  matchesHost(host: string): boolean {
    const h = host.toLowerCase().replace(/\.$/, '');
    return this.names.has(h) || this.suffixes.some((s) => h.endsWith(s));
  }

  matchesAddress(a: string): boolean {
    if (!this.hasNets) return false;
    const family = isIP(a);
    return family ? this.nets.check(a, family === 6 ? 'ipv6' : 'ipv4') : false;
  }
}

const INTERNAL = internalBlockList();

export function isInternalAddress(address: string): boolean {
  const a = normalizeAddress(address);
  const family = isIP(a);
  if (!family) return false;
  return INTERNAL.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

export class EgressPolicy {
  private readonly allow: Matcher;
  private readonly deny: Matcher;
  readonly devMode: boolean;
  private readonly lookup: Lookup;
  private readonly platform: PlatformEndpoints;

  constructor(options: EgressPolicyOptions) {
    this.allow = new Matcher(options.allow ?? []);
    this.deny = new Matcher(options.deny ?? []);
    this.devMode = options.devMode;
    this.lookup =
      options.lookup ?? (async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((r) => r.address));
    this.platform = new PlatformEndpoints(options.platform ?? [], this.lookup);
  }

  /** From the loaded config: EGRESS_ALLOW / EGRESS_DENY, dev mode and the platform's own endpoints. */
  static fromConfig(config: Env & { devMode: boolean }): EgressPolicy {
    return new EgressPolicy({
      allow: config.EGRESS_ALLOW,
      deny: config.EGRESS_DENY,
      devMode: config.devMode,
      platform: platformEndpoints(config),
    });
  }

  /** The same from raw variables, validated by the config schema; dev mode: DEV_MODE, else NODE_ENV !== production. */
  static fromEnv(env: Record<string, string | undefined> = process.env): EgressPolicy {
    const e = parseEnv(env);
    return EgressPolicy.fromConfig({ ...e, devMode: e.DEV_MODE ?? e.NODE_ENV !== 'production' });
  }

  /**
   * Whether `host` may be reached. With `port`, the platform's own endpoints are refused too (a
   * caller that knows the port should always pass it).
   */
  async check(host: string, port?: number): Promise<EgressDecision> {
    const h = normalizeAddress(host.trim());
    if (!h) return { allowed: false, reason: 'no host given', addresses: [] };
    if (this.deny.matchesHost(h))
      return { allowed: false, reason: `host ${h} is denied by the egress policy`, addresses: [] };
    let addresses: string[];
    if (isIP(h)) addresses = [h];
    else {
      try {
        addresses = (await this.lookup(h)).map(normalizeAddress);
      } catch (e) {
        return {
          allowed: false,
          reason: `host ${h} could not be resolved (${(e as { code?: string }).code ?? (e as Error).message})`,
          addresses: [],
        };
      }
      if (addresses.length === 0) return { allowed: false, reason: `host ${h} could not be resolved`, addresses };
    }
    const denied = addresses.find((a) => this.deny.matchesAddress(a));
    if (denied)
      return { allowed: false, reason: `address ${denied} of ${h} is denied by the egress policy`, addresses };
    if (port !== undefined && (await this.platform.includes(h, addresses, port)))
      return {
        allowed: false,
        reason: `${h}:${port} is one of the platform's own services, which the egress policy denies`,
        addresses,
      };
    if (this.allow.matchesHost(h)) return { allowed: true, addresses };
    if (this.devMode) return { allowed: true, addresses };
    // production: every address must be public or explicitly allowed
    const internal = addresses.find((a) => isInternalAddress(a) && !this.allow.matchesAddress(a));
    if (internal)
      return {
        allowed: false,
        reason: `address ${internal} of ${h} is in a private, loopback or link-local range, which the egress policy denies`,
        addresses,
      };
    return { allowed: true, addresses };
  }

  /** The validation message for `property` (e.g. connection.host), or null when allowed. */
  async validationError(property: string, host: string, port?: number): Promise<string | null> {
    const d = await this.check(host, port);
    return d.allowed ? null : `Invalid value ${host} for configuration ${property}: ${d.reason}`;
  }
}

let defaultPolicy: EgressPolicy | null = null;

/** The process-wide policy (API and worker set it at start-up from AppConfig; else from env). */
export function egressPolicy(): EgressPolicy {
  return (defaultPolicy ??= EgressPolicy.fromEnv());
}

/** Also the policy of every connection to an external Kafka cluster (libs/kafka-clients). */
export function setEgressPolicy(policy: EgressPolicy | null): void {
  defaultPolicy = policy;
  installEgressGuard(policy);
}
