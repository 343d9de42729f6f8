// The bucket of one S3 sink task, through @aws-sdk/client-s3. Every new connection (AWS or the
// store.url endpoint) is first checked against the egress policy and then made to the checked
// addresses (no DNS rebinding window). Objects are written create-only: a HEAD first (S3-compatible
// stores such as s3rver ignore If-None-Match on writes), then PutObject — or a multipart upload for
// files above s3.part.size — with If-None-Match: * so a store that supports conditional writes
// refuses to replace an object (412: already there, as the HEAD would have said).
import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type ObjectCannedACL,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import type { EgressPolicy } from '../egress/egress-policy';
import type { S3SinkConfig } from './s3-sink-config';

export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
}

/** How a write ended: uploaded now, or the object was already there (a rewrite after a restart). */
export type PutOutcome = 'uploaded' | 'exists';

const PART_CONCURRENCY = 4;
const MAX_SOCKETS = 16;

type CreateConnection = (
  options: Record<string, unknown>,
  cb: (err: Error | null, s?: Socket) => void,
) => Socket | undefined;

/** An http(s) Agent whose sockets go only where the egress policy allows, to the addresses it checked. */
function egressAgent<A extends typeof HttpAgent | typeof HttpsAgent>(
  Base: A,
  policy: EgressPolicy,
  defaultPort: number,
) {
  const agent = new Base({ keepAlive: true, maxSockets: MAX_SOCKETS } as AgentOptions);
  const create = (agent as unknown as { createConnection: CreateConnection }).createConnection.bind(agent);
  (agent as unknown as { createConnection: CreateConnection }).createConnection = (options, cb) => {
    const host = String(options.host ?? options.hostname ?? '').replace(/^\[|\]$/g, '');
    const port = Number(options.port) || defaultPort;
    policy.check(host, port).then(
      (d) => {
        if (!d.allowed) return cb(new EgressRefusedError(`egress to ${host}:${port} refused: ${d.reason}`));
        const lookup: LookupFunction = (_h, opts, done) => {
          const all = d.addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
          if ((opts as { all?: boolean }).all) (done as (e: null, a: typeof all) => void)(null, all);
          else done(null, all[0].address, all[0].family);
        };
        try {
          const socket = create({ ...options, lookup }, cb);
          if (socket) cb(null, socket);
        } catch (e) {
          cb(e as Error);
        }
      },
      (e: Error) => cb(e),
    );
    return undefined;
  };
  return agent;
}

export class S3Store {
  private readonly client: S3Client;
  private readonly agents: (HttpAgent | HttpsAgent)[];

  constructor(
    private readonly config: S3SinkConfig,
    policy: EgressPolicy,
  ) {
    const httpAgent = egressAgent(HttpAgent, policy, 80);
    const httpsAgent = egressAgent(HttpsAgent, policy, 443);
    this.agents = [httpAgent, httpsAgent];
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint.toString().replace(/\/$/, '') } : {}),
      forcePathStyle: config.pathStyle,
      // always the connector's own keys, never the SDK's default chain (the platform host's identity)
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      maxAttempts: 5,
      requestHandler: { httpAgent, httpsAgent, requestTimeout: 120_000 },
    });
  }

  private get extra() {
    const c = this.config;
    return {
      ...(c.sse ? { ServerSideEncryption: c.sse as ServerSideEncryption } : {}),
      ...(c.kmsKeyId ? { SSEKMSKeyId: c.kmsKeyId } : {}),
      ...(c.acl ? { ACL: c.acl as ObjectCannedACL } : {}),
    };
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return true;
    } catch (e) {
      if (e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 404 || e.name === 'NotFound'))
        return false;
      throw e;
    }
  }

  /** Writes `body` at `key` unless an object is already there. */
  async putIfAbsent(key: string, body: Buffer): Promise<PutOutcome> {
    if (await this.exists(key)) return 'exists';
    try {
      if (body.length <= this.config.partSize) {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: body, IfNoneMatch: '*', ...this.extra }),
        );
      } else await this.multipart(key, body);
      return 'uploaded';
    } catch (e) {
      if (e instanceof S3ServiceException && e.$metadata.httpStatusCode === 412) return 'exists';
      throw e;
    }
  }

  /** A multipart upload in s3.part.size parts (a few at once), aborted if any part fails. */
  private async multipart(key: string, body: Buffer): Promise<void> {
    const Bucket = this.config.bucket;
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ...this.extra }));
    try {
      const size = this.config.partSize;
      const count = Math.ceil(body.length / size);
      const parts: { ETag: string; PartNumber: number }[] = new Array(count);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < count; i = next++) {
          const res = await this.client.send(
            new UploadPartCommand({
              Bucket,
              Key: key,
              UploadId,
              PartNumber: i + 1,
              Body: body.subarray(i * size, Math.min(body.length, (i + 1) * size)),
            }),
          );
          parts[i] = { ETag: res.ETag!, PartNumber: i + 1 };
        }
      };
      await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, count) }, worker));
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: key,
          UploadId,
          IfNoneMatch: '*',
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (e) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId })).catch(() => undefined);
      throw e;
    }
  }

  close(): void {
    this.client.destroy();
    for (const a of this.agents) a.destroy();
  }
}
