import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  InMemorySchemaRegistry,
  parseCompatibilityLevel,
  SchemaRegistryError,
  type SchemaInput,
} from '@libs/schema-registry';

// Test double: just enough of the Schema Registry REST API, over InMemorySchemaRegistry, for
// the real @kafkajs/confluent-schema-registry client and our HTTP client. Not the product's API.

export interface FakeRegistryServer {
  url: string;
  registry: InMemorySchemaRegistry;
  requests: string[];
  close(): Promise<void>;
}

const JSON_TYPE = 'application/vnd.schemaregistry.v1+json';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': JSON_TYPE });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? JSON.parse(text) : {};
}

export async function startFakeRegistryServer(
  credentials = { username: 'SRKEY', password: 'srsecret' },
): Promise<FakeRegistryServer> {
  const registry = new InMemorySchemaRegistry();
  const requests: string[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${url.pathname}`);
      if (req.headers.authorization !== expectedAuth)
        return send(res, 401, { error_code: 401, message: 'Unauthorized' });
      const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
      try {
        if (req.method === 'GET' && parts[0] === 'schemas' && parts[1] === 'ids') {
          const s = await registry.getSchemaById(Number(parts[2]));
          return send(res, 200, {
            schema: s.schema,
            ...(s.schemaType !== 'AVRO' ? { schemaType: s.schemaType } : {}),
            ...(s.references?.length ? { references: s.references } : {}),
          });
        }
        if (parts[0] === 'config' && parts[1]) {
          if (req.method === 'PUT') {
            const body = (await readBody(req)) as { compatibility: string };
            registry.setCompatibility(parts[1], parseCompatibilityLevel(body.compatibility));
            return send(res, 200, { compatibility: body.compatibility });
          }
          const level = registry.getCompatibility(parts[1]);
          if (!level)
            return send(res, 404, {
              error_code: 40408,
              message: `Subject '${parts[1]}' does not have subject-level compatibility configured`,
            });
          return send(res, 200, { compatibilityLevel: level });
        }
        if (parts[0] === 'subjects' && parts[1]) {
          const subject = parts[1];
          if (req.method === 'POST' && parts[2] === 'versions') {
            return send(res, 200, { id: await registry.register(subject, (await readBody(req)) as SchemaInput) });
          }
          if (req.method === 'POST' && parts.length === 2) {
            return send(res, 200, await registry.lookup(subject, (await readBody(req)) as SchemaInput));
          }
          if (req.method === 'GET' && parts[2] === 'versions' && parts[3]) {
            return send(
              res,
              200,
              await registry.getVersion(subject, parts[3] === 'latest' ? 'latest' : Number(parts[3])),
            );
          }
        }
        send(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' });
      } catch (e) {
        if (e instanceof SchemaRegistryError)
          return send(res, e.httpStatus, { error_code: e.errorCode, message: e.message });
        send(res, 500, { error_code: 50001, message: String(e) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registry,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
