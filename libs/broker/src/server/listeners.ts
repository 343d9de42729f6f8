// The broker's listeners: the main one (PLAINTEXT / SASL_PLAINTEXT) and an optional TLS one
// (SSL / SASL_SSL) with its own advertised address and its own rule for connections without SASL.
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { BrokerContext } from '../handlers/context';
import { BrokerOptions, DEFAULTS } from '../options';
import type { ConnectionHooks } from './connection';

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export interface TlsListener {
  server: TlsServer;
  host: string;
  port: number;
  boundPort(): number;
}

type Accept = (ctx: BrokerContext, hooks: ConnectionHooks) => (socket: Socket) => void;

/** The TLS server of options.tls; throws (before anything listens) when the certificate or key is unusable. */
export function tlsListener(
  options: BrokerOptions,
  ctx: BrokerContext,
  hooks: ConnectionHooks,
  accept: Accept,
): TlsListener {
  const tls = options.tls!;
  const host = tls.host ?? options.host;
  let server: TlsServer;
  try {
    server = createTlsServer(
      // an unauthenticated client gets as long for the TLS handshake as for SASL
      { cert: tls.cert, key: tls.key, handshakeTimeout: options.authTimeoutMs ?? DEFAULTS.authTimeoutMs },
    );
  } catch (e) {
    throw new Error(`broker TLS listener: unusable certificate or key: ${(e as Error).message}`, { cause: e });
  }
  // Metadata and FindCoordinator answer with this listener's address (Kafka advertises per listener);
  // the rest of the context is the broker's own, read through the prototype so it is always current.
  const listenerCtx = Object.assign(Object.create(ctx) as BrokerContext, {
    advertised: () => ({
      host: tls.advertisedHost ?? options.advertisedHost ?? host,
      port: tls.advertisedPort ?? boundPort(),
    }),
  });
  server.on('secureConnection', accept(listenerCtx, { ...hooks, plaintextTenant: tls.anonymousTenant }));
  // a failed handshake (untrusted certificate, plain Kafka on the TLS port) closes that socket only
  server.on('tlsClientError', (err, socket) => {
    ctx.metrics.protocolErrors++;
    ctx.logger.debug?.({ client: socket.remoteAddress, reason: err.message }, 'TLS handshake failed');
    socket.destroy();
  });
  const boundPort = () => (server.address() as AddressInfo | null)?.port ?? tls.port;
  return { server, host, port: tls.port, boundPort };
}
