import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export interface DrainResult {
  ms: number;
  /** Connections still open at the deadline, closed by force (their requests cut off). */
  forced: number;
}

/**
 * Graceful stop of the API's HTTP server on SIGTERM, so that a rolling restart drops no request:
 * stop accepting connections (under API_PROCESSES > 1 the cluster primary then hands new ones to
 * the sibling processes), answer every request still open and every request that still arrives on
 * an open connection with `Connection: close`, and resolve once every connection has ended.
 *
 * Idle keep-alive connections are not cut: a client may be writing its next request on one at
 * that very moment, and would see a connection reset. They end when the client closes them or when
 * Node's keepAliveTimeout (5 s, the `Keep-Alive: timeout=5` hint clients follow) closes them, as at
 * any other time. Whatever is still open at the deadline is closed by force.
 */
export class HttpDrain {
  private draining = false;
  private readonly open = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly server: Server) {
    // First listener, ahead of Express: a response Express sends synchronously gets the header too.
    server.prependListener('request', (_req, res: ServerResponse) => {
      if (this.draining) res.setHeader('Connection', 'close');
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get inFlight(): number {
    return this.open.size;
  }

  get connections(): number {
    return this.sockets.size;
  }

  drain(timeoutMs: number): Promise<DrainResult> {
    const started = Date.now();
    this.draining = true;
    for (const res of this.open) if (!res.headersSent) res.setHeader('Connection', 'close');
    return new Promise((resolve) => {
      let done = false;
      const finish = (forced: number) => {
        if (done) return;
        done = true;
        resolve({ ms: Date.now() - started, forced });
      };
      const deadline = setTimeout(() => {
        const forced = this.sockets.size;
        this.server.closeAllConnections();
        finish(forced);
      }, timeoutMs);
      deadline.unref();
      // net.Server's close, not http.Server's: the latter also drops idle keep-alive connections at
      // once (Node ≥ 19), the race described above. The callback runs when the last connection ends.
      NetServer.prototype.close.call(this.server, () => {
        clearTimeout(deadline);
        finish(0);
      });
    });
  }
}
