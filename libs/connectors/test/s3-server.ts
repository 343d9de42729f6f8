// An S3-compatible server for the S3 sink's tests and benchmarks: @20minutes/s3rver in this process,
// on a free port of 127.0.0.1, storing in a temp dir removed on close. Credentials are s3rver's
// (S3RVER / S3RVER; signatures are not checked, see below); buckets are created up front. Also an S3 client for reading objects back.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package ships no types
const S3rver = require('@20minutes/s3rver') as S3rverClass;

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3 {
  url: string;
  port: number;
  client: S3Client;
  /** Every key under `prefix`, sorted. */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  get(bucket: string, key: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function startS3(buckets: string[]): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: dir,
    silent: true,
    // s3rver 4.0.4 refuses the signature of every ListObjectsV2 request the AWS SDK sends (the
    // sink itself never lists; only the tests' reader does)
    allowMismatchedSignatures: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: url,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  return {
    url,
    port,
    client,
    async keys(bucket, prefix) {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of res.Contents ?? []) out.push(o.Key!);
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return out.sort();
    },
    async get(bucket, key) {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await res.Body!.transformToByteArray());
    },
    async close() {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// the same server in a child process (benchmarks: its own event loop, not the measured one's)
const CHILD = `
const S3rver = require('@20minutes/s3rver');
const [dir, buckets] = process.argv.slice(1);
new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true, allowMismatchedSignatures: true,
  configureBuckets: buckets.split(',').map((name) => ({ name })) }).run().then((a) => process.stdout.write(a.port + '\\n'));
`;

/** s3rver in a child process on a free port of 127.0.0.1; its URL, and close() to stop it and remove its files. */
export async function startS3Child(buckets: string[]): Promise<{ url: string; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const child = spawn(process.execPath, ['-e', CHILD, dir, buckets.join(',')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    url: `http://127.0.0.1:${Number(line.toString().trim())}`,
    close() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
