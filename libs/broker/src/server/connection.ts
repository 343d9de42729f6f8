// One client connection: framing, SASL state, and strictly in-order request processing.
import { Socket } from 'node:net';
import {
  api,
  ApiDef,
  ApiKey,
  apis,
  decodeRequest,
  encodeResponseFrame,
  ErrorCode,
  Msg,
  peekHeader,
  ProtocolError,
} from '@libs/kafka-protocol';
import { parsePlainToken, SaslPlainAuthenticator } from '../auth';
import { BrokerContext, RequestContext } from '../handlers/context';
import { HANDLERS } from '../handlers';
import { FrameReader } from './frame-reader';
import { readPool } from '../log/read-pool';

type SaslState = 'start' | 'awaitRawToken' | 'awaitAuthenticate' | 'authenticated';

const PRE_AUTH_MAX_FRAME = 512 * 1024;

export interface ConnectionHooks {
  authenticator: SaslPlainAuthenticator;
  plaintextTenant?: string;
  maxRequestBytes: number;
  authTimeoutMs: number;
  idleTimeoutMs: number;
  onAuthenticated(conn: Connection): void;
  onClose(conn: Connection): void;
}

export class Connection {
  private readonly reader = new FrameReader(PRE_AUTH_MAX_FRAME);
  private readonly queue: Buffer[] = [];
  private processing = false;
  private sasl: SaslState = 'start';
  private closedFlag = false;
  private closeListeners = new Set<() => void>();
  private authTimer?: NodeJS.Timeout;
  tenant?: string;
  username?: string;
  readonly clientHost: string;

  constructor(
    readonly socket: Socket,
    private readonly broker: BrokerContext,
    private readonly hooks: ConnectionHooks,
  ) {
    this.clientHost = `/${socket.remoteAddress ?? 'unknown'}`;
    // In PLAINTEXT dev mode any connection may send large requests straight away.
    if (hooks.plaintextTenant) this.reader.setMaxFrame(hooks.maxRequestBytes);
    else {
      this.authTimer = setTimeout(() => {
        if (this.sasl !== 'authenticated') this.protocolError('authentication timed out');
      }, hooks.authTimeoutMs);
      this.authTimer.unref();
    }
    // A parked request (long-poll Fetch, JoinGroup) is not idleness.
    socket.setTimeout(hooks.idleTimeoutMs, () => {
      if (!this.processing && this.queue.length === 0) this.close();
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  onClose(cb: () => void): () => void {
    if (this.closedFlag) {
      cb();
      return () => {};
    }
    this.closeListeners.add(cb);
    return () => this.closeListeners.delete(cb);
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.authTimer) clearTimeout(this.authTimer);
    this.queue.length = 0;
    this.socket.destroy();
    for (const l of this.closeListeners) l();
    this.closeListeners.clear();
    this.hooks.onClose(this);
  }

  private protocolError(reason: string): void {
    this.broker.metrics.protocolErrors++;
    this.broker.logger.debug?.({ client: this.clientHost, reason }, 'closing connection');
    this.close();
  }

  private onData(chunk: Buffer): void {
    if (this.closedFlag) return;
    this.reader.push(chunk);
    try {
      for (let f = this.reader.next(); f; f = this.reader.next()) this.queue.push(f);
    } catch (e) {
      this.protocolError((e as Error).message);
      return;
    }
    // Stop reading while requests pile up (e.g. behind a long-polling Fetch).
    if (this.queue.length > 64) this.socket.pause();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0 && !this.closedFlag) {
        const frame = this.queue.shift()!;
        await this.handle(frame);
        if (this.socket.writableNeedDrain && !this.closedFlag) {
          await new Promise<void>((r) => {
            const off = this.onClose(r);
            this.socket.once('drain', () => {
              off();
              r();
            });
          });
        }
        if (this.queue.length <= 16 && this.socket.isPaused()) this.socket.resume();
      }
    } catch (e) {
      this.broker.logger.error({ err: e, client: this.clientHost }, 'request failed');
      this.close();
    } finally {
      this.processing = false;
    }
  }

  private send(chunks: Buffer[]): void {
    if (this.closedFlag) return;
    this.socket.cork();
    for (const c of chunks) {
      if (c.length >= 512) this.socket.write(c, () => readPool.release(c));
      else this.socket.write(c);
    }
    this.socket.uncork();
  }

  private respond(def: ApiDef, version: number, correlationId: number, body: Msg): void {
    this.send(encodeResponseFrame(def, version, correlationId, body));
  }

  private async handle(frame: Buffer): Promise<void> {
    if (this.sasl === 'awaitRawToken') return this.rawAuthenticate(frame);
    if (frame.length < 8) return this.protocolError('frame shorter than a request header');
    const { apiKey, apiVersion, correlationId } = peekHeader(frame);
    const def = api(apiKey);
    if (!def) return this.protocolError(`unknown api key ${apiKey}`);
    if (apiKey === ApiKey.ApiVersions && (apiVersion > def.maxVersion || apiVersion < 0)) {
      // Answer with a v0 body so any client can read it, then let it retry with a lower version.
      this.respond(def, 0, correlationId, {
        errorCode: ErrorCode.UNSUPPORTED_VERSION,
        apiKeys: this.apiVersionsList(),
      });
      return;
    }
    if (apiVersion < def.minVersion || apiVersion > def.maxVersion)
      return this.protocolError(`unsupported ${def.name} v${apiVersion}`);
    const preAuth =
      apiKey === ApiKey.ApiVersions || apiKey === ApiKey.SaslHandshake || apiKey === ApiKey.SaslAuthenticate;
    if (this.sasl !== 'authenticated' && !preAuth) {
      if (this.hooks.plaintextTenant && this.sasl === 'start') this.authenticated(this.hooks.plaintextTenant, '');
      else return this.protocolError(`${def.name} before authentication`);
    }
    let header;
    let body: Msg;
    try {
      ({ header, body } = decodeRequest(frame, def));
    } catch (e) {
      if (e instanceof ProtocolError || e instanceof RangeError)
        return this.protocolError(`malformed ${def.name} v${apiVersion}: ${(e as Error).message}`);
      throw e;
    }
    const started = process.hrtime.bigint();
    let response: Msg | null;
    switch (apiKey) {
      case ApiKey.ApiVersions:
        response = { errorCode: ErrorCode.NONE, apiKeys: this.apiVersionsList(), throttleTimeMs: 0 };
        break;
      case ApiKey.SaslHandshake:
        response = this.handshake(body, apiVersion);
        break;
      case ApiKey.SaslAuthenticate:
        response = await this.saslAuthenticate(body);
        break;
      default: {
        const ctx: RequestContext = {
          broker: this.broker,
          tenant: this.broker.tenants.get(this.tenant!),
          version: apiVersion,
          clientId: header.clientId ?? '',
          clientHost: this.clientHost,
          onClose: (cb) => this.onClose(cb),
          isClosed: () => this.closedFlag,
        };
        response = await HANDLERS.get(apiKey)!(ctx, body);
      }
    }
    this.broker.metrics.observe(def.name, Number(process.hrtime.bigint() - started) / 1e9);
    if (response !== null) this.respond(def, apiVersion, correlationId, response);
    if (response?.closeAfter) this.socket.end(() => this.close());
  }

  private apiVersionsList(): Msg[] {
    return [...apis().values()].map((d) => ({ apiKey: d.key, minVersion: d.minVersion, maxVersion: d.maxVersion }));
  }

  private handshake(body: Msg, version: number): Msg {
    if (this.sasl === 'authenticated') return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: ['PLAIN'] };
    if (body.mechanism !== 'PLAIN') return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: ['PLAIN'] };
    // v0: the token follows as a raw (unframed) packet; v1: inside SaslAuthenticate.
    this.sasl = version === 0 ? 'awaitRawToken' : 'awaitAuthenticate';
    return { errorCode: ErrorCode.NONE, mechanisms: ['PLAIN'] };
  }

  private async check(token: Buffer): Promise<{ ok: true } | { ok: false; message: string }> {
    const parsed = parsePlainToken(token);
    if ('error' in parsed) return { ok: false, message: parsed.error };
    const r = await this.hooks.authenticator.authenticate(parsed.username, parsed.password);
    if (!r.ok) return r;
    this.authenticated(r.tenant, parsed.username);
    return { ok: true };
  }

  private authenticated(tenant: string, username: string): void {
    this.sasl = 'authenticated';
    this.tenant = tenant;
    this.username = username;
    this.reader.setMaxFrame(this.hooks.maxRequestBytes);
    this.broker.tenants.get(tenant);
    this.hooks.onAuthenticated(this);
  }

  private async rawAuthenticate(token: Buffer): Promise<void> {
    const r = await this.check(token);
    if (!r.ok) {
      this.broker.metrics.authFailures++;
      return this.close();
    }
    this.send([Buffer.alloc(4)]); // empty server token
  }

  private async saslAuthenticate(body: Msg): Promise<Msg> {
    if (this.sasl !== 'awaitAuthenticate') {
      return {
        errorCode: ErrorCode.ILLEGAL_SASL_STATE,
        errorMessage: 'SaslAuthenticate without SaslHandshake',
        authBytes: Buffer.alloc(0),
        sessionLifetimeMs: 0,
        closeAfter: true,
      };
    }
    const r = await this.check(body.authBytes as Buffer);
    if (!r.ok) {
      this.broker.metrics.authFailures++;
      return {
        errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
        errorMessage: r.message,
        authBytes: Buffer.alloc(0),
        sessionLifetimeMs: 0,
        closeAfter: true,
      };
    }
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
  }
}
