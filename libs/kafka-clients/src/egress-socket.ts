// kafkajs connects to the bootstrap servers and then to whatever brokers their Metadata responses
// advertise; an external cluster could advertise 127.0.0.1:5432. This socket factory puts every one
// of those connections through the egress policy first, and connects to the addresses it checked
// (no second DNS answer in between).
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** The egress policy as kafka-clients needs it (libs/connectors' EgressPolicy fits). */
export interface EgressGuard {
  check(host: string, port?: number): Promise<{ allowed: boolean; reason?: string; addresses: string[] }>;
}

export class EgressDeniedError extends Error {
  constructor(host: string, port: number, reason: string) {
    super(`connection to ${host}:${port} refused by the egress policy: ${reason}`);
    this.name = 'EgressDeniedError';
  }
}

const KEEP_ALIVE_DELAY_MS = 60_000; // as kafkajs's own factory

let installed: EgressGuard | null = null;

/** The process's policy (libs/connectors' setEgressPolicy installs it at API and worker start-up). */
export function installEgressGuard(guard: EgressGuard | null): void {
  installed = guard;
}

const notInstalled: EgressGuard = {
  check: async () => ({ allowed: false, reason: 'no egress policy is installed in this process', addresses: [] }),
};

/** `guard`, else the installed one, read at each connection; none at all refuses (fail closed). */
export function egressSocketFactory(guard?: EgressGuard): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const policy = guard ?? installed ?? notInstalled;
    // The TCP socket is created unconnected and connected once the policy agreed; TLS is layered on
    // it at once (tls.connect accepts a socket that connects later) so kafkajs gets its socket now.
    const raw = new Socket();
    raw.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    const socket = ssl
      ? tlsConnect(
          {
            ...(isIP(host) ? {} : { servername: host }),
            ...(typeof ssl === 'object' ? (ssl as ConnectionOptions) : {}),
            host,
            port,
            socket: raw,
          },
          onConnect,
        )
      : raw;
    if (!ssl) raw.once('connect', onConnect);
    policy.check(host, port).then(
      (decision) => {
        if (socket.destroyed) return;
        if (decision.allowed) return void raw.connect({ host: decision.addresses[0] ?? host, port });
        socket.destroy(new EgressDeniedError(host, port, decision.reason ?? 'denied'));
        raw.destroy();
      },
      (err: Error) => {
        socket.destroy(err);
        raw.destroy();
      },
    );
    return socket;
  };
}
