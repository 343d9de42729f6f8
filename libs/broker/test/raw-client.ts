// Minimal raw Kafka client for protocol-level tests (frames built with our own codec).
import { connect, Socket } from 'node:net';
import { api, decodeResponse, encodeRequestFrame, Msg } from '@libs/kafka-protocol';

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: ((f: Buffer) => void)[] = [];
  private frames: Buffer[] = [];
  closed = false;
  private closeWaiters: (() => void)[] = [];
  private corr = 1;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readInt32BE(0)) {
        const n = this.buf.readInt32BE(0);
        const f = this.buf.subarray(4, 4 + n);
        this.buf = this.buf.subarray(4 + n);
        const w = this.waiters.shift();
        if (w) w(f);
        else this.frames.push(f);
      }
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.closeWaiters) w();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  nextFrame(timeoutMs = 3000): Promise<Buffer> {
    const f = this.frames.shift();
    if (f) return Promise.resolve(f);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no response')), timeoutMs);
      this.waiters.push((fr) => {
        clearTimeout(t);
        resolve(fr);
      });
    });
  }

  whenClosed(timeoutMs = 3000): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.closeWaiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  write(b: Buffer): void {
    this.socket.write(b);
  }

  send(apiKey: number, version: number, body: Msg): number {
    const correlationId = this.corr++;
    this.write(encodeRequestFrame(api(apiKey)!, version, { correlationId, clientId: 'raw' }, body));
    return correlationId;
  }

  async request(apiKey: number, version: number, body: Msg): Promise<Msg> {
    const corr = this.send(apiKey, version, body);
    const frame = await this.nextFrame();
    const r = decodeResponse(frame, api(apiKey)!, version);
    if (r.correlationId !== corr) throw new Error(`correlation id ${r.correlationId} != ${corr}`);
    return r.body;
  }

  async authenticate(username: string, password: string): Promise<Msg> {
    await this.request(17, 1, { mechanism: 'PLAIN' });
    return this.request(36, 1, { authBytes: Buffer.from(`\u0000${username}\u0000${password}`) });
  }

  close(): void {
    this.socket.destroy();
  }
}
