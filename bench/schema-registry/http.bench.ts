// Schema Registry over HTTP, against the real API (own process, LOG_LEVEL=warn, Postgres + Redis):
//   1. GET /schemas/ids/{id} with autocannon (what every deserializer does on a cache miss);
//   2. POST /subjects/{s}/versions of an identical schema (what every auto-registering producer does);
//   3. in this process, HttpSchemaRegistryClient / SchemaRegistrySerializer cache hits after one
//      real round trip (no I/O per call).
//   node scripts/run.js bench/schema-registry/http.bench.ts [seconds=15] [connections=50]
import autocannon from 'autocannon';
import { HttpSchemaRegistryClient, SchemaRegistryDeserializer, SchemaRegistrySerializer } from '@libs/schema-registry';
import { basic, http } from '../../test/support/http-client';
import { startBenchApi } from '../support/api-process';

const SECONDS = Number(process.argv[2] ?? 15);
const CONNECTIONS = Number(process.argv[3] ?? 50);

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Pageview',
  namespace: 'io.example',
  fields: [
    { name: 'user', type: 'string' },
    { name: 'page', type: 'string' },
    { name: 'ms', type: 'long' },
  ],
});

async function main(): Promise<void> {
  const api = await startBenchApi('sr-bench');
  const { base, admin } = api;
  try {
    const envRes = await http(base, 'POST', '/org/v2/environments', {
      auth: admin,
      body: { display_name: 'sr-bench' },
    });
    const clusters = await http(base, 'GET', `/srcm/v3/clusters?environment=${envRes.body.id}`, { auth: admin });
    const lsrc = clusters.body.data[0].id as string;
    const keyRes = await http(base, 'POST', '/iam/v2/api-keys', {
      auth: admin,
      body: {
        spec: {
          display_name: 'sr',
          owner: { id: api.adminServiceAccountId },
          resource: { id: lsrc, environment: envRes.body.id },
        },
      },
    });
    const key = { key: keyRes.body.id as string, secret: keyRes.body.spec.secret as string };
    const reg = await http(base, 'POST', '/subjects/pageviews-value/versions', { auth: key, body: { schema: AVRO } });
    if (reg.status !== 200) throw new Error(`register: ${reg.status} ${reg.text}`);
    const id = reg.body.id as number;
    const auth = basic(key);

    const run = async (title: string, opts: autocannon.Options) => {
      const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
      console.log(
        `${title.padEnd(42)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}  errors ${result.errors}`,
      );
    };
    await run('baseline: GET /healthz (no auth, no DB)', { url: `${base}/healthz` });
    await run('GET /schemas/ids/{id}', { url: `${base}/schemas/ids/${id}`, headers: { authorization: auth } });
    await run('GET /subjects/{s}/versions/latest', {
      url: `${base}/subjects/pageviews-value/versions/latest`,
      headers: { authorization: auth },
    });
    await run('POST /subjects/{s}/versions (identical)', {
      url: `${base}/subjects/pageviews-value/versions`,
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: AVRO }),
    });

    // Client-side caches after one real round trip each.
    const client = new HttpSchemaRegistryClient({ baseUrl: base, auth: { username: key.key, password: key.secret } });
    await client.getSchemaById(id);
    const N = 2_000_000;
    let t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await client.getSchemaById(id);
    let s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(
      `${'HttpSchemaRegistryClient.getSchemaById (cached)'.padEnd(42)} ${(N / s / 1e6).toFixed(2)} M lookups/s`,
    );

    const input = { schema: AVRO, schemaType: 'AVRO' as const };
    await client.register('pageviews-value', input);
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await client.register('pageviews-value', input);
    s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(
      `${'HttpSchemaRegistryClient.register (cached id)'.padEnd(42)} ${(N / s / 1e6).toFixed(2)} M lookups/s`,
    );

    const deser = new SchemaRegistryDeserializer(client);
    const ser = new SchemaRegistrySerializer(client);
    const value = { user: 'ada', page: '/home', ms: 1234 };
    const bytes = await ser.serialize('pageviews', value, { schema: AVRO, schemaType: 'AVRO' });
    await deser.deserialize(bytes);
    const M = 500_000;
    t = process.hrtime.bigint();
    for (let i = 0; i < M; i++) await ser.serialize('pageviews', value, { schema: AVRO, schemaType: 'AVRO' });
    s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`${'serializer: cached id + Avro encode'.padEnd(42)} ${(M / s / 1e6).toFixed(2)} M records/s`);
    t = process.hrtime.bigint();
    for (let i = 0; i < M; i++) await deser.deserialize(bytes);
    s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`${'deserializer: cached schema + Avro decode'.padEnd(42)} ${(M / s / 1e6).toFixed(2)} M records/s`);
  } finally {
    api.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
