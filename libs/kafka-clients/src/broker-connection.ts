// One TCP connection to one broker speaking our own protocol codec: SASL/PLAIN when configured,
// requests pipelined and answered in order (Kafka guarantees per-connection ordering), a timeout
// per request. Used where kafkajs does too much per call (the connector runtime's producer) or
// cannot do the call at all (group-less fetch for the transform preview).
import { Socket } from 'node:net';
import { api, ApiKey, decodeResponse, encodeRequestChunks, type Msg } from '@libs/kafka-protocol';

export interface BrokerTarget {
  host: string;
  port: number;
  sasl?: { username: string; password: string } | null;
}

export interface BrokerConnectionOptions {
  clientId: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

interface Pending {
  correlationId: number;
  apiKey: number;
  version: number;
  resolve(body: Msg): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class BrokerConnection {
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private correlation = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly opts: Required<BrokerConnectionOptions>,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.drain();
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects and, with `sasl`, authenticates with PLAIN. */
  static async open(target: BrokerTarget, options: BrokerConnectionOptions): Promise<BrokerConnection> {
    const opts = { connectTimeoutMs: 3000, requestTimeoutMs: 30_000, ...options };
    const socket = await connect(target, opts.connectTimeoutMs);
    const conn = new BrokerConnection(socket, opts);
    try {
      if (target.sasl) {
        const hs = await conn.request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' });
        if (hs.errorCode !== 0) throw new Error(`SASL handshake failed (error ${String(hs.errorCode)})`);
        const auth = await conn.request(ApiKey.SaslAuthenticate, 1, {
          authBytes: Buffer.from(`\u0000${target.sasl.username}\u0000${target.sasl.password}`, 'utf8'),
        });
        if (auth.errorCode !== 0)
          throw new Error(`SASL authentication failed: ${String(auth.errorMessage ?? auth.errorCode)}`);
      }
      return conn;
    } catch (e) {
      conn.close();
      throw e;
    }
  }

  /** False once the socket failed or was closed; a new connection is needed then. */
  get usable(): boolean {
    return this.failure === null;
  }

  request(apiKey: number, version: number, body: Msg): Promise<Msg> {
    if (this.failure) return Promise.reject(this.failure);
    const def = api(apiKey);
    if (!def) return Promise.reject(new Error(`unknown api ${apiKey}`));
    const correlationId = ++this.correlation;
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`request ${def.name} timed out after ${this.opts.requestTimeoutMs} ms`)),
        this.opts.requestTimeoutMs,
      );
      this.pending.push({ correlationId, apiKey, version, resolve, reject, timer });
      const chunks = encodeRequestChunks(def, version, { correlationId, clientId: this.opts.clientId }, body);
      if (chunks.length === 1) this.socket.write(chunks[0]!);
      else {
        this.socket.cork(); // one writev of the frame's chunks
        for (const c of chunks) this.socket.write(c);
        this.socket.uncork();
      }
    });
  }

  close(): void {
    this.fail(new Error('connection closed'));
  }

  private drain(): void {
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) return;
      const frame = this.buf.subarray(4, 4 + size);
      this.buf = this.buf.subarray(4 + size);
      const p = this.pending.shift();
      if (!p) return this.fail(new Error('response without a request'));
      clearTimeout(p.timer);
      try {
        const res = decodeResponse(frame, api(p.apiKey)!, p.version);
        if (res.correlationId !== p.correlationId)
          throw new Error(`correlation id ${res.correlationId}, expected ${p.correlationId}`);
        p.resolve(res.body);
      } catch (e) {
        p.reject(e as Error);
        return this.fail(e as Error);
      }
    }
  }

  private fail(e: Error): void {
    if (!this.failure) this.failure = e;
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(this.failure);
    }
    this.socket.destroy();
  }
}

function connect(target: BrokerTarget, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error(`timed out connecting to ${target.host}:${target.port}`));
    }, timeoutMs);
    s.once('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    s.connect(target.port, target.host, () => {
      clearTimeout(t);
      resolve(s);
    });
  });
}
