// Topic, produce/consume, Schema Registry, connector and offset commands in-process against the
// real stack (API + embedded broker + a connect worker with the test plugins): human and JSON
// shapes of CLI.md §7–§9, and the CONNECTPLANE_* variables as a context.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectRuntime } from '@libs/connect-runtime';
import {
  provisionCluster,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { waitFor } from '../../support/wait-for';
import { execFile } from 'node:child_process';
import { stringify } from 'yaml';
import { inProcessCli, ok, type Cli } from './cli-runner';
import { BIN, cliEnv, spawnedCli } from './spawn-cli';

describe('connectplane CLI: topics, records, Schema Registry, connectors', () => {
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let c: ProvisionedCluster;
  let cli: Cli;
  let dir: string;
  let lcc = '';
  const json = async (args: string[], opts?: Parameters<Cli>[1]) =>
    JSON.parse(ok(await cli([...args, '-o', 'json'], opts)).stdout);

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant('cli-data');
    c = await provisionCluster(stack.api, t, 'cli-data');
    ({ cli, configHome: dir } = inProcessCli());
    ok(await cli(['login', '--url', stack.api.baseUrl, '--api-key', t.admin.key, '--api-secret', t.admin.secret]));
    ok(await cli(['environment', 'use', c.environmentId]));
    ok(await cli(['kafka', 'cluster', 'use', c.clusterId]));
  });
  after(async () => {
    await rt?.close().catch(() => undefined);
    await stack?.close();
  });

  it('without a selected key, Kafka REST commands say which resource needs one', async () => {
    const r = await cli(['kafka', 'topic', 'list']);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(`^Error: no API key selected for resource "${c.clusterId}"\\n\\nSuggestions:\\n {4}`),
    );
    const stored = ok(await cli(['api-key', 'store', c.key.key, c.key.secret, '--resource', c.clusterId]));
    assert.equal(stored.stderr, `Stored secret for API key "${c.key.key}".\n`);
    const again = await cli(['api-key', 'store', c.key.key, c.key.secret, '--resource', c.clusterId]);
    assert.equal(again.code, 1);
    ok(await cli(['api-key', 'use', c.key.key]));
  });

  it('topic create --partitions --config, update prints the changed configs, list JSON', async () => {
    assert.equal(
      ok(await cli(['kafka', 'topic', 'create', 'orders', '--partitions', '1', '--config', 'retention.ms=100000']))
        .stdout,
      'Created topic "orders".\n',
    );
    ok(await cli(['kafka', 'topic', 'create', 'orders', '--if-not-exists']));
    const upd = ok(await cli(['kafka', 'topic', 'update', 'orders', '--config', 'retention.ms=200000']));
    assert.equal(upd.stderr, 'Updated the following configuration values for topic "orders":\n');
    assert.equal(
      upd.stdout,
      [
        '      Name     | Value  | Read-Only  ',
        '---------------+--------+------------',
        '  retention.ms | 200000 | false      ',
        '',
      ].join('\n'),
    );
    assert.equal((await json(['kafka', 'cluster', 'describe'])).topic_count, 1, 'Topic Count through Kafka REST');
    const list = await json(['kafka', 'topic', 'list']);
    assert.deepEqual(list, [
      { name: 'orders', is_internal: false, replication_factor: list[0].replication_factor, partition_count: 1 },
    ]);
  });

  it('produce --parse-key from stdin, consume --from-beginning --print-key', async () => {
    const p = ok(await cli(['kafka', 'topic', 'produce', 'orders', '--parse-key'], { stdin: 'k1:hello\nk2:a:b\n' }));
    assert.equal(p.stderr, 'Starting Kafka Producer. Use Ctrl-C or Ctrl-D to exit.\n');
    const r = ok(await cli(['kafka', 'topic', 'consume', 'orders', '-b', '--print-key', '--max-messages', '2']));
    assert.equal(r.stderr, 'Starting Kafka Consumer. Use Ctrl-C to exit.\n');
    assert.equal(r.stdout, 'k1\thello\nk2\ta:b\n');
    const o = ok(await cli(['kafka', 'topic', 'consume', 'orders', '-b', '--print-offset', '--max-messages', '1']));
    assert.equal(o.stdout, 'Partition:0 Offset:0\thello\n');
  });

  it('Avro through the Schema Registry: produce --schema registers, consume decodes; SR commands', async () => {
    const sr = await json(['schema-registry', 'cluster', 'describe']);
    await json(['api-key', 'create', '--resource', sr.cluster]);
    const schema = join(dir, 'payment.avsc');
    writeFileSync(
      schema,
      JSON.stringify({
        type: 'record',
        name: 'Payment',
        fields: [
          { name: 'id', type: 'string' },
          { name: 'amount', type: 'double' },
        ],
      }),
    );
    ok(await cli(['kafka', 'topic', 'create', 'payments', '--partitions', '1']));
    const p = ok(
      await cli(['kafka', 'topic', 'produce', 'payments', '--value-format', 'avro', '--schema', schema], {
        stdin: '{"id":"p1","amount":1.5}\n',
      }),
    );
    assert.match(p.stdout, /^Successfully registered schema with ID "\d+"\.\n$/);
    const r = ok(
      await cli(['kafka', 'topic', 'consume', 'payments', '-b', '--value-format', 'avro', '--max-messages', '1']),
    );
    assert.equal(r.stdout, '{"id":"p1","amount":1.5}\n');

    assert.equal(
      ok(await cli(['schema-registry', 'subject', 'list'])).stdout,
      ['     Subject      ', '------------------', '  payments-value  ', ''].join('\n'),
    );

    // Protobuf the same way (its own topic, so the subject list above stays one subject long)
    const proto = join(dir, 'refund.proto');
    writeFileSync(proto, 'syntax = "proto3";\npackage demo;\nmessage Refund { string id = 1; int32 cents = 2; }\n');
    ok(await cli(['kafka', 'topic', 'create', 'refunds', '--partitions', '1']));
    ok(
      await cli(['kafka', 'topic', 'produce', 'refunds', '--value-format', 'protobuf', '--schema', proto], {
        stdin: '{"id":"r1","cents":250}\n',
      }),
    );
    // and with --schema-id-header (message indexes in the header after the GUID)
    ok(
      await cli(
        ['kafka', 'topic', 'produce', 'refunds', '--value-format', 'protobuf', '--schema', proto, '--schema-id-header'],
        { stdin: '{"id":"r2","cents":5}\n' },
      ),
    );
    const pr = ok(
      await cli(['kafka', 'topic', 'consume', 'refunds', '-b', '--value-format', 'protobuf', '--max-messages', '2']),
    );
    assert.equal(pr.stdout, '{"id":"r1","cents":250}\n{"id":"r2","cents":5}\n');
    assert.deepEqual(await json(['schema-registry', 'subject', 'describe', 'payments-value']), [{ version: 1 }]);
    const schemas = await json(['schema-registry', 'schema', 'list']);
    assert.deepEqual(
      schemas.map((x: { subject: string; version: number }) => [x.subject, x.version]),
      [
        ['payments-value', 1],
        ['refunds-value', 1],
      ],
    );
    assert.equal(typeof schemas[0].id, 'number');
    const d = ok(
      await cli(['schema-registry', 'schema', 'describe', '--subject', 'payments-value', '--version', '1']),
    ).stdout;
    assert.match(d, /^Schema ID: \d+\nType: AVRO\nSchema:\n\{\n {4}"type": "record",/);
    assert.equal(
      ok(await cli(['schema-registry', 'subject', 'update', 'payments-value', '--compatibility', 'backward'])).stdout,
      'Successfully updated subject-level compatibility to "BACKWARD" for subject "payments-value".\n',
    );
  });

  it('schema create --references/--normalize/--metadata/--ruleset, subject update; produce --references and --schema-id-header', async () => {
    const address = join(dir, 'address.avsc');
    writeFileSync(
      address,
      JSON.stringify({
        type: 'record',
        name: 'Address',
        namespace: 'demo',
        fields: [{ name: 'city', type: 'string' }],
      }),
    );
    const created = await json(['schema-registry', 'schema', 'create', '--subject', 'address', '--schema', address]);
    assert.deepEqual(Object.keys(created), ['id']);
    const refs = join(dir, 'refs.json');
    writeFileSync(refs, JSON.stringify([{ name: 'demo.Address', subject: 'address', version: 1 }]));
    const customer = join(dir, 'customer.avsc');
    writeFileSync(
      customer,
      JSON.stringify({
        type: 'record',
        name: 'Customer',
        namespace: 'demo',
        fields: [
          { name: 'name', type: 'string' },
          { name: 'address', type: 'demo.Address' },
        ],
      }),
    );
    const meta = join(dir, 'metadata.json');
    writeFileSync(meta, JSON.stringify({ properties: { owner: 'team-a' } }));
    const rules = join(dir, 'ruleset.json');
    writeFileSync(rules, JSON.stringify({ domainRules: [] }));
    const withRefs = ok(
      await cli([
        'schema-registry',
        'schema',
        'create',
        '--subject',
        'customers-value',
        '--schema',
        customer,
        '--references',
        refs,
        '--metadata',
        meta,
        '--ruleset',
        rules,
        '--normalize',
      ]),
    );
    assert.match(withRefs.stdout, /^Successfully registered schema with ID "\d+"\.\n$/);
    const d = ok(
      await cli(['schema-registry', 'schema', 'describe', '--subject', 'customers-value', '--version', 'latest']),
    );
    // the registry keeps --metadata and --ruleset with the schema; describe prints them after the references
    assert.match(
      d.stdout,
      /\nReferences:\n\tdemo\.Address -> address 1\nMetadata:\n\{\n {4}"properties": \{\n {8}"owner": "team-a"\n {4}\}\n\}\nRuleset:\n\{\n {4}"domainRules": \[\]\n\}\n$/,
    );
    const described = await json(['schema-registry', 'schema', 'describe', '--subject', 'customers-value']);
    assert.deepEqual(
      [described.metadata, described.ruleSet],
      [{ properties: { owner: 'team-a' } }, { domainRules: [] }],
    );
    const graph = JSON.parse(
      ok(
        await cli([
          'schema-registry',
          'schema',
          'describe',
          '--subject',
          'customers-value',
          '--version',
          'latest',
          '--show-references',
        ]),
      ).stdout,
    );
    assert.deepEqual(
      graph.schemas.map((x: { subject: string; version: number }) => [x.subject, x.version]),
      [
        ['customers-value', 1],
        ['address', 1],
      ],
    );
    // subject update: compatibility group and metadata/ruleset defaults, merged into the next registration
    const defaults = join(dir, 'metadata-defaults.json');
    writeFileSync(defaults, JSON.stringify({ properties: { 'major.version': '1', owner: 'default' } }));
    const overrides = join(dir, 'ruleset-overrides.json');
    writeFileSync(
      overrides,
      JSON.stringify({ domainRules: [{ name: 'r', kind: 'CONDITION', type: 'CEL', expr: 'true' }] }),
    );
    const grouped = ok(
      await cli([
        'schema-registry',
        'subject',
        'update',
        'address',
        '--compatibility-group',
        'major.version',
        '--metadata-defaults',
        defaults,
        '--ruleset-overrides',
        overrides,
      ]),
    );
    assert.equal(grouped.stdout, 'Successfully updated subject-level compatibility settings for subject "address".\n');
    const address2 = join(dir, 'address2.avsc');
    writeFileSync(
      address2,
      JSON.stringify({
        type: 'record',
        name: 'Address',
        namespace: 'demo',
        fields: [{ name: 'zip', type: 'int' }],
      }),
    );
    // version 1 has no group: version 2 (group 1, from the defaults) is not checked against it
    ok(await cli(['sr', 'schema', 'create', '--subject', 'address', '--schema', address2]));
    // a breaking change is refused within group 1 (BACKWARD), accepted as major version 2
    const address3 = join(dir, 'address3.avsc');
    writeFileSync(
      address3,
      JSON.stringify({ type: 'record', name: 'Address', namespace: 'demo', fields: [{ name: 'zip', type: 'string' }] }),
    );
    const major2 = join(dir, 'major2.json');
    writeFileSync(major2, JSON.stringify({ properties: { 'major.version': '2' } }));
    const refused = await cli(['sr', 'schema', 'create', '--subject', 'address', '--schema', address3]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^Error: .*incompatible/);
    ok(await cli(['sr', 'schema', 'create', '--subject', 'address', '--schema', address3, '--metadata', major2]));
    const latest = await json(['sr', 'schema', 'describe', '--subject', 'address', '--version', 'latest']);
    assert.deepEqual(latest.metadata, { properties: { 'major.version': '2', owner: 'default' } });
    assert.equal(latest.ruleSet.domainRules[0].name, 'r');

    const bad = await cli([
      'schema-registry',
      'schema',
      'create',
      '--subject',
      'x',
      '--schema',
      customer,
      '--references',
      meta,
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: --references file ".+" must hold a JSON array/);

    // produce with a schema that uses a referenced type; consume decodes it
    ok(await cli(['kafka', 'topic', 'create', 'customers', '--partitions', '1']));
    ok(
      await cli(
        [
          'kafka',
          'topic',
          'produce',
          'customers',
          '--value-format',
          'avro',
          '--schema',
          customer,
          '--references',
          refs,
        ],
        { stdin: '{"name":"Ann","address":{"city":"Oslo"}}\n' },
      ),
    );
    const r = ok(
      await cli([
        'kafka',
        'topic',
        'consume',
        'customers',
        '-b',
        '--value-format',
        'avro',
        '--schema-registry-context',
        '.',
        '--max-messages',
        '1',
      ]),
    );
    assert.equal(r.stdout, '{"name":"Ann","address":{"city":"Oslo"}}\n');
    // --schema-id-header: the schema's GUID in the __value_schema_id header, the value without the prefix
    ok(
      await cli(
        [
          'kafka',
          'topic',
          'produce',
          'customers',
          '--value-format',
          'avro',
          '--schema',
          customer,
          '--references',
          refs,
          '--schema-id-header',
        ],
        { stdin: '{"name":"Bo","address":{"city":"Rome"}}\n' },
      ),
    );
    const both = ok(
      await cli(['kafka', 'topic', 'consume', 'customers', '-b', '--value-format', 'avro', '--max-messages', '2']),
    );
    assert.equal(both.stdout, '{"name":"Ann","address":{"city":"Oslo"}}\n{"name":"Bo","address":{"city":"Rome"}}\n');
    const raw = ok(
      await cli(['kafka', 'topic', 'consume', 'customers', '-b', '--full-header', '--max-messages', '2']),
    ).stdout.split('\n');
    assert.equal(raw[0]!.charCodeAt(0), 0, 'the first record has the wire-format prefix');
    assert.equal(raw[1]!.charCodeAt(0), 4, 'the second starts with the Avro payload (name length 2, zigzag 4)');
    assert.match(raw[2]!, /^% Headers: \[__value_schema_id=/);
  });

  it('kafka topic configuration list; --kafka-endpoint; produce/consume --config and --config-file', async () => {
    const human = ok(await cli(['kafka', 'topic', 'configuration', 'list', 'orders'])).stdout.split('\n');
    assert.match(human[0]!, /^ +Name +\| +Value +\| Read-Only +$/);
    const configs = await json(['kafka', 'topic', 'configuration', 'list', 'orders']);
    assert.deepEqual(Object.keys(configs[0]), ['name', 'value', 'read_only']);
    assert.equal(configs.find((x: { name: string }) => x.name === 'retention.ms').value, '200000');
    const unknown = await cli(['kafka', 'topic', 'configuration', 'list', 'nope']);
    assert.equal(unknown.stderr, 'Error: unknown topic "nope"\n');

    const rest = (await json(['kafka', 'cluster', 'describe'])).rest_endpoint as string;
    assert.equal((await json(['kafka', 'topic', 'list', '--kafka-endpoint', rest])).length > 0, true);
    const wrong = await cli(['kafka', 'topic', 'list', '--kafka-endpoint', 'http://127.0.0.1:1']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^Error: unable to reach http:\/\/127\.0\.0\.1:1/);

    const topicConfig = join(dir, 'topic.properties');
    writeFileSync(topicConfig, '# from a file\nretention.ms=300000\ncleanup.policy=delete\n');
    ok(await cli(['kafka', 'topic', 'create', 'configured', '--partitions', '1', '--config', topicConfig]));
    const fromFile = await json(['kafka', 'topic', 'configuration', 'list', 'configured']);
    assert.equal(fromFile.find((x: { name: string }) => x.name === 'retention.ms').value, '300000');
    ok(
      await cli(['kafka', 'topic', 'update', 'configured', '--config', topicConfig, '--config', 'retention.ms=400000']),
    );
    const p = ok(
      await cli(
        [
          'kafka',
          'topic',
          'produce',
          'configured',
          '--config',
          'acks=all,client.id=cfg-cli',
          '--config',
          'linger.ms=5',
        ],
        {
          stdin: 'one\ntwo\n',
        },
      ),
    );
    assert.equal(
      p.stderr,
      "[WARN] client config not supported by connectplane's Kafka client, ignored: linger.ms\n" +
        'Starting Kafka Producer. Use Ctrl-C or Ctrl-D to exit.\n',
    );
    const file = join(dir, 'consumer.properties');
    writeFileSync(file, '# consumer\ngroup.id=cfg-group\nauto.offset.reset=earliest\nsession.timeout.ms=10000\n');
    const r = ok(await cli(['kafka', 'topic', 'consume', 'configured', '--config-file', file, '--max-messages', '2']));
    assert.equal(r.stdout, 'one\ntwo\n', 'auto.offset.reset=earliest reads from the beginning');
    const bad = await cli(['kafka', 'topic', 'consume', 'configured', '--config', 'session.timeout.ms=soon']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, 'Error: client config "session.timeout.ms": "soon" is not an integer\n');
    const undecodable = await cli(['kafka', 'topic', 'consume', 'configured', '-b', '--value-format', 'avro']);
    assert.equal(undecodable.code, 1, 'a record that does not decode ends the command instead of hanging');
    assert.match(undecodable.stderr, /\nError: unable to decode the record at partition 0 offset 0: /);
  });

  it('connect plugin describe: required configs first, each block sorted', async () => {
    const rows = await json(['connect', 'plugin', 'describe', 'CounterSource']);
    assert.deepEqual(Object.keys(rows[0]), ['config', 'documentation', 'is_required']);
    const required = rows.filter((r: { is_required: boolean }) => r.is_required);
    assert.deepEqual(rows.slice(0, required.length), required);
    const bad = await cli(['connect', 'plugin', 'describe', 'NoSuchPlugin']);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /^Error: error defining plugin on given Kafka cluster: .+\n\nSuggestions:\n {4}To list available connector plugin types, use `connectplane connect plugin list`\.\n$/,
    );
  });

  it('connect cluster create --wait, update --config, describe by name, offsets', async () => {
    rt = await startRuntime(stack, t.organizationId, { capacity: 4, workerId: 'w-cli-data' });
    const file = join(dir, 'counter.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'counter',
        config: {
          'connector.class': 'CounterSource',
          name: 'counter',
          'kafka.api.key': c.key.key,
          'kafka.api.secret': c.key.secret,
          topic: 'orders',
          'tasks.max': '1',
          'poll.interval.ms': '50',
        },
      }),
    );
    const created = await json(['connect', 'cluster', 'create', '--config-file', file, '--wait', '60']);
    lcc = created.id;
    assert.match(lcc, /^lcc-/);
    assert.equal(
      ok(await cli(['connect', 'cluster', 'update', lcc, '--config', 'batch.size=7'])).stdout,
      `Updated connector "${lcc}".\n`,
    );
    const d = await json(['connect', 'cluster', 'describe', 'counter']);
    assert.equal(d.configs.find((x: { config: string }) => x.config === 'batch.size').value, '7');
    const unknown = await cli(['connect', 'cluster', 'pause', 'lcc-nope']);
    assert.equal(unknown.stderr, 'Error: unknown connector ID "lcc-nope"\n');

    const offsets = await waitFor(
      'committed offsets',
      async () => {
        const o = await json(['connect', 'offset', 'describe', lcc]);
        return o.offsets.length > 0 ? o : undefined;
      },
      30_000,
      300,
    );
    assert.deepEqual(Object.keys(offsets), ['id', 'name', 'offsets', 'metadata']);
    assert.deepEqual(offsets.offsets[0].partition, { task: 0 });
    const human = ok(await cli(['connect', 'offset', 'describe', lcc])).stdout;
    assert.match(human, /\| Offsets {2}\| \[ +\|\n\| {10}\| {3}\{ +\|\n\| {10}\| {5}"offset": \{ +\|/);

    const req = join(dir, 'offsets.json');
    writeFileSync(req, JSON.stringify({ offsets: [{ partition: { task: 0 }, offset: { n: 1000 } }] }));
    const applied = await json(['connect', 'offset', 'update', lcc, '--config-file', req]);
    assert.deepEqual(Object.keys(applied), [
      'id',
      'request_type',
      'requested_at',
      'phase',
      'message',
      'applied_at',
      'requested_offsets',
      'previous_offsets',
    ]);
    assert.equal(applied.request_type, 'PATCH');
    assert.equal(applied.phase, 'APPLIED');
    assert.match(applied.requested_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
    const status = ok(await cli(['connect', 'offset', 'status', 'describe', lcc])).stdout;
    assert.match(
      status,
      /\| RequestType +\| PATCH +\|\n\| RequestedAt +\| .+ \+0000 UTC +\|\n\| Phase +\| APPLIED +\|/,
    );

    ok(await cli(['connect', 'cluster', 'delete', lcc, '--force']));
  });

  it('on a terminal (a pseudo-terminal through script(1)) --wait shows a spinner; piped output has no control characters', async () => {
    const config = (name: string) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          'connector.class': 'CounterSource',
          name,
          'kafka.api.key': c.key.key,
          'kafka.api.secret': c.key.secret,
          topic: 'orders',
          'tasks.max': '1',
        }),
      );
      return file;
    };
    const env = cliEnv(dir);
    const quoted = (args: string[]) => [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    const inTerminal = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile('script', ['-qec', quoted(args), '/dev/null'], { env }, (err, out) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out }),
        );
      });

    const tty = await inTerminal([
      'connect',
      'cluster',
      'create',
      '--config-file',
      config('counter-tty'),
      '--wait',
      '60',
    ]);
    assert.equal(tty.code, 0, tty.out);
    const ESC = '\u001b';
    assert.ok(tty.out.includes(`\r${ESC}[2K`), 'the spinner line is redrawn in place');
    assert.match(tty.out, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Waiting for connector "counter-tty" to be RUNNING: /);
    assert.match(tty.out, /\| Name \| counter-tty +\|\r\n/);

    const piped = spawnedCli().cli;
    const plain = await piped(
      ['connect', 'cluster', 'create', '--config-file', config('counter-pipe'), '--wait', '60'],
      {
        env: { XDG_CONFIG_HOME: dir },
      },
    );
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok(!(plain.stdout + plain.stderr).includes(ESC) && !(plain.stdout + plain.stderr).includes('\r'));
    assert.match(plain.stdout, /^\+-+\+-+\+\n\| ID +\| lcc-\w+ +\|\n\| Name \| counter-pipe \|\n\+/);

    // the same table on a terminal as through a pipe
    const listTty = await inTerminal(['connect', 'cluster', 'list']);
    const listPiped = await piped(['connect', 'cluster', 'list'], { env: { XDG_CONFIG_HOME: dir } });
    assert.equal(listTty.out.replace(/\r\n/g, '\n'), listPiped.stdout);
    assert.match(listPiped.stdout, /^ +ID +\| +Name +\| +Status +\| +Type +\| Trace +\n/);
    ok(await cli(['connect', 'cluster', 'delete', 'counter-tty', 'counter-pipe', '--force']));
  });

  it('connect apply: create from empty, no-op, update, prune, invalid config changes nothing, --dry-run', async () => {
    const file = join(dir, 'connectors.yaml');
    const counter = (name: string, extra: Record<string, string | number> = {}) => ({
      name,
      config: {
        'connector.class': 'CounterSource',
        'kafka.api.key': c.key.key,
        'kafka.api.secret': c.key.secret,
        topic: 'orders',
        'tasks.max': 1,
        'batch.size': 5,
        ...extra,
      },
    });
    const write = (list: unknown[]) => writeFileSync(file, stringify({ connectors: list }));
    const names = async () => (await json(['connect', 'cluster', 'list'])).map((x: { name: string }) => x.name).sort();

    write([counter('apply-a'), counter('apply-b')]);
    const first = ok(await cli(['connect', 'apply', '-f', file]));
    assert.equal(
      first.stdout,
      '+ create connector "apply-a"\n+ create connector "apply-b"\nPlan: 2 to create, 0 to update, 0 to delete, 0 unchanged.\n' +
        'Created connector "apply-a".\nCreated connector "apply-b".\n',
    );
    assert.deepEqual(await names(), ['apply-a', 'apply-b']);

    const again = ok(await cli(['connect', 'apply', '-f', file]));
    assert.equal(
      again.stdout,
      '= unchanged connector "apply-a"\n= unchanged connector "apply-b"\nPlan: 0 to create, 0 to update, 0 to delete, 2 unchanged.\n',
    );

    write([counter('apply-a', { 'batch.size': 7 }), counter('apply-b')]);
    const dry = ok(await cli(['connect', 'apply', '-f', file, '--dry-run']));
    assert.match(
      dry.stdout,
      /^~ update connector "apply-a"\n {4}~ batch\.size: "5" → "7"\n= unchanged connector "apply-b"\nPlan: 0 to create, 1 to update, 0 to delete, 1 unchanged\.\n$/,
    );
    const updated = ok(await cli(['connect', 'apply', '-f', file]));
    assert.match(updated.stdout, /Updated connector "apply-a"\.\n$/);
    const d = await json(['connect', 'cluster', 'describe', 'apply-a']);
    assert.equal(d.configs.find((x: { config: string }) => x.config === 'batch.size').value, '7');

    write([counter('apply-a', { 'batch.size': 9 }), counter('apply-c', { 'tasks.max': 0 })]);
    const invalid = await cli(['connect', 'apply', '-f', file, '--prune']);
    assert.equal(invalid.code, 1);
    assert.match(
      invalid.stderr,
      /^Error: invalid connector configuration, nothing was changed:\nconnector "apply-c": tasks\.max: /,
    );
    assert.deepEqual(await names(), ['apply-a', 'apply-b']);
    assert.equal(
      (await json(['connect', 'cluster', 'describe', 'apply-a'])).configs.find(
        (x: { config: string }) => x.config === 'batch.size',
      ).value,
      '7',
    );

    write([counter('apply-a', { 'batch.size': 7 })]);
    const pruned = ok(await cli(['connect', 'apply', '-f', file, '--prune']));
    assert.equal(
      pruned.stdout,
      '= unchanged connector "apply-a"\n- delete connector "apply-b"\nPlan: 0 to create, 0 to update, 1 to delete, 1 unchanged.\nDeleted connector "apply-b".\n',
    );
    assert.deepEqual(await names(), ['apply-a']);
    ok(await cli(['connect', 'cluster', 'delete', 'apply-a', '--force']));
  });

  it('connect logs: ERROR lines of a failing task (human, JSON, --output-file); connect event describe', async () => {
    const file = join(dir, 'failing.json');
    writeFileSync(
      file,
      JSON.stringify({
        'connector.class': 'CounterSource',
        name: 'failing',
        'kafka.api.key': c.key.key,
        'kafka.api.secret': c.key.secret,
        topic: 'orders',
        'batch.size': '1',
        'poll.interval.ms': '20',
        'fail.at': '3',
      }),
    );
    const { id } = await json(['connect', 'cluster', 'create', '--config-file', file]);
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    const window = ['--start-time', iso(Date.now() - 3600_000), '--end-time', iso(Date.now() + 3600_000)];
    const entries = await waitFor(
      'ERROR lines',
      async () => {
        const e = await json(['connect', 'logs', id, ...window]);
        return e.length > 0 ? e : undefined;
      },
      30_000,
      300,
    );
    assert.equal(entries[0].level, 'ERROR');
    assert.equal(entries[0].task_id, 'task-0');
    const human = ok(await cli(['connect', 'logs', id, ...window, '--level', 'ERROR|INFO'])).stdout.split('\n');
    assert.match(human[0]!, new RegExp(`^Found \\d+ log entries for connector ${id}:$`));
    assert.match(human[1]!, /^ +Timestamp +\| Level +\| +Task ID +\| +Message +\| +Exception +$/);
    const out = join(dir, 'logs.jsonl');
    const appended = ok(await cli(['connect', 'logs', id, ...window, '--output-file', out])).stdout;
    assert.match(appended, new RegExp(`^Appended \\d+ log entries to file: ${out}\\n$`));
    const bad = await cli(['connect', 'logs', id, '--start-time', 'yesterday', '--end-time', iso(Date.now())]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: invalid --start-time "yesterday"/);

    const ev = await json(['connect', 'event', 'describe']);
    assert.deepEqual(Object.keys(ev), ['cluster', 'environment', 'service_account', 'topic_name']);
    assert.equal(ev.cluster, c.clusterId);
    ok(await cli(['connect', 'cluster', 'delete', id, '--force']));
  });

  it('CONNECTPLANE_* variables stand in for a login; colours only on a TTY without NO_COLOR', async () => {
    const fresh = inProcessCli({
      CONNECTPLANE_URL: stack.api.baseUrl,
      CONNECTPLANE_API_KEY: t.admin.key,
      CONNECTPLANE_API_SECRET: t.admin.secret,
    }).cli;
    const envs = await (async () => JSON.parse(ok(await fresh(['environment', 'list', '-o', 'json'])).stdout))();
    assert.ok(envs.some((e: { id: string }) => e.id === c.environmentId));
    // defaults set under the variables are kept for the next command, as after a login
    ok(await fresh(['environment', 'use', c.environmentId]));
    ok(await fresh(['kafka', 'cluster', 'use', c.clusterId]));
    const described = JSON.parse(ok(await fresh(['kafka', 'cluster', 'describe', '-o', 'json'])).stdout);
    assert.equal(described.id, c.clusterId);
    assert.equal(described.is_current, true);
    const tty = await fresh(['kafka', 'topic', 'list'], { tty: true });
    assert.ok(tty.stderr.startsWith('\u001b[31mError:\u001b[0m '), tty.stderr);
    const noColor = await fresh(['kafka', 'topic', 'list'], { tty: true, env: { NO_COLOR: '1' } });
    assert.match(noColor.stderr, /^Error: /);
  });
});
