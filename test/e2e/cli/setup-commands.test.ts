// login, contexts, environment, kafka cluster, service-account and api-key commands against the real
// API: human and JSON shapes (CLI.md §3–§6), defaults saved in the 0600 config file, exit codes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { waitFor } from '../../support/wait-for';
import { inProcessCli, ok, type Cli } from './cli-runner';
import { BIN, cliEnv } from './spawn-cli';

describe('connectplane CLI: contexts and control-plane verbs', () => {
  let api: ApiHarness;
  let t: Tenant;
  let cli: Cli;
  let configHome: string;
  let envId = '';
  let lkc = '';

  before(async () => {
    api = await startApi();
    t = await api.newTenant('cli');
    ({ cli, configHome } = inProcessCli());
  });
  after(async () => {
    await api?.close();
  });

  it('needs a login first: exit 1 with one Error line', async () => {
    const r = await cli(['environment', 'list']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: you must log in to use this command\n/);
    assert.equal(r.stdout, '');
  });

  it('login checks the key, saves a 0600 context and makes it current', async () => {
    const bad = await cli(['login', '--url', api.baseUrl, '--api-key', t.admin.key, '--api-secret', 'wrong']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: .+/);
    const r = ok(await cli(['login', '--url', api.baseUrl, '--api-key', t.admin.key, '--api-secret', t.admin.secret]));
    assert.match(
      r.stdout,
      new RegExp(`^Logged in as "${t.admin.key}" for organization "${t.organizationId}" \\(".*"\\)\\.\\n$`),
    );
    const file = join(configHome, 'connectplane', 'config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(configHome, 'connectplane')).mode & 0o777, 0o700);
    assert.equal(
      JSON.parse(readFileSync(file, 'utf8')).contexts[`login-${t.admin.key}-${api.baseUrl}`].api_secret,
      t.admin.secret,
    );

    const list = JSON.parse(ok(await cli(['context', 'list', '-o', 'json'])).stdout);
    assert.deepEqual(list, [
      {
        is_current: true,
        name: `login-${t.admin.key}-${api.baseUrl}`,
        platform: api.baseUrl.replace('http://', ''),
        credential: `api-key-${t.admin.key}`,
      },
    ]);
    const human = ok(await cli(['context', 'list'])).stdout.split('\n');
    assert.match(human[0]!, /^ {2}Current \| +Name +\| +Platform +\| +Credential +$/);
    assert.match(human[2]!, /^ {2}\* {7}\| login-/);
  });

  it('login without --api-secret reads it from piped stdin, or asks on a terminal without echoing it', async () => {
    const piped = ok(
      await cli(['login', '--url', api.baseUrl, '--api-key', t.admin.key], { stdin: `${t.admin.secret}\n` }),
    );
    assert.match(piped.stdout, /^Logged in as /);

    // a pseudo-terminal (script(1)); the secret is typed only once the prompt is up, as a person would
    const cmd = [process.execPath, BIN, 'login', '--url', api.baseUrl, '--api-key', t.admin.key]
      .map((a) => `'${a}'`)
      .join(' ');
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: cliEnv(mkdtempSync(join(tmpdir(), 'cp-cli-'))) });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const closed = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    await waitFor('the prompt', () => out.includes('API Secret: ') || undefined, 30_000);
    child.stdin.write(`${t.admin.secret}\r`);
    await waitFor('the login', () => out.includes('Logged in as') || undefined, 30_000);
    child.stdin.end();
    assert.equal(await closed, 0, out);
    assert.ok(!out.includes(t.admin.secret), 'the secret is never echoed');
  });

  it('environment create/list/use/describe', async () => {
    const created = JSON.parse(ok(await cli(['environment', 'create', 'kc-101', '-o', 'json'])).stdout);
    assert.deepEqual(Object.keys(created), ['is_current', 'id', 'name', 'stream_governance_package']);
    envId = created.id;
    assert.equal(created.name, 'kc-101');
    const use = ok(await cli(['environment', 'use', envId]));
    assert.equal(use.stdout, `Using environment "${envId}".\n`);
    const list = ok(await cli(['environment', 'list'])).stdout;
    assert.match(list, new RegExp(`^ {2}\\* +\\| ${envId} +\\| kc-101 +\\| ESSENTIALS +$`, 'm'));
    const describe = ok(await cli(['environment', 'describe'])).stdout;
    assert.match(describe, /^\+-+\+-+\+\n\| Current +\| true +\|\n\| ID +\| env-/);
    const yaml = ok(await cli(['env', 'describe', envId, '-o', 'yaml'])).stdout;
    assert.match(yaml, new RegExp(`^is_current: true\\nid: ${envId}\\nname: kc-101\\n`));
  });

  it('kafka cluster create/list/use/describe (PROVISIONED shows as UP)', async () => {
    const r = ok(
      await cli(['kafka', 'cluster', 'create', 'kc-101', '--cloud', 'gcp', '--region', 'us-west4', '--type', 'basic']),
    );
    assert.equal(r.stderr, 'It may take up to 5 minutes for the Kafka cluster to be ready.\n');
    assert.match(r.stdout, /\| Type +\| BASIC +\|/);
    assert.match(r.stdout, /\| Availability +\| single-zone +\|/);
    const list = JSON.parse(ok(await cli(['kafka', 'cluster', 'list', '-o', 'json'])).stdout);
    assert.equal(list.length, 1);
    lkc = list[0].id;
    assert.deepEqual(Object.keys(list[0]), [
      'is_current',
      'id',
      'name',
      'type',
      'cloud',
      'region',
      'availability',
      'status',
      'deletion_protection',
      'endpoint',
    ]);
    assert.equal(list[0].cloud, 'gcp');
    assert.match(list[0].endpoint, /^SASL_PLAINTEXT:\/\/127\.0\.0\.1:\d+$/);
    const use = ok(await cli(['kafka', 'cluster', 'use', lkc]));
    assert.equal(use.stderr, `Set Kafka cluster "${lkc}" as the active cluster for environment "${envId}".\n`);
    const d = JSON.parse(ok(await cli(['kafka', 'cluster', 'describe', '-o', 'json'])).stdout);
    assert.equal(d.id, lkc);
    assert.equal(d.is_current, true);
    assert.equal(d.status, 'UP');
    assert.equal(d.rest_endpoint, api.baseUrl);
    const human = ok(await cli(['kafka', 'cluster', 'list'])).stdout;
    assert.match(
      human,
      new RegExp(
        `^ {2}\\* +\\| ${lkc} \\| kc-101 \\| BASIC +\\| gcp +\\| us-west4 \\| single-zone +\\| +\\| UP +\\| false`,
        'm',
      ),
    );
  });

  it('api-key create for the cluster stores it; use makes it current', async () => {
    const r = ok(await cli(['api-key', 'create', '--resource', lkc, '-o', 'json']));
    const key = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(key), ['api_key', 'api_secret']);
    assert.match(key.api_secret, /^[A-Za-z0-9]{64}$/);
    const use = ok(await cli(['api-key', 'use', key.api_key, '--resource', lkc]));
    assert.equal(use.stdout, `Using API Key "${key.api_key}".\n`);
    const list = JSON.parse(ok(await cli(['api-key', 'list', '--resource', lkc, '-o', 'json'])).stdout);
    assert.deepEqual(list[0], {
      is_current: true,
      key: key.api_key,
      description: '',
      owner: t.adminServiceAccountId,
      owner_email: '<service account>',
      resource_type: 'kafka',
      resource: lkc,
      created: list[0].created,
    });
    const raw = ok(await cli(['api-key', 'list', '--resource', lkc, '-o', 'json'])).stdout;
    assert.match(raw, /"\\u003cservice account\\u003e"/);
    const human = ok(await cli(['api-key', 'list'])).stdout.split('\n');
    assert.match(
      human[0]!,
      /^ {2}Current \| +Key +\| +Description +\| +Owner +\| +Owner Email +\| Resource Type \| +Resource +\| +Created +$/,
    );
    const unknown = await cli(['api-key', 'use', 'NOPE']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^Error: no secret stored for API key "NOPE"/);
  });

  it('-vvv logs each HTTP request; -vvvv adds headers and bodies with secrets masked; --unsafe-trace does not mask', async () => {
    const basic = Buffer.from(`${t.admin.key}:${t.admin.secret}`).toString('base64');
    assert.equal(ok(await cli(['environment', 'list'])).stderr, '', 'quiet by default');
    const debug = ok(await cli(['environment', 'list', '-vvv']));
    assert.match(debug.stderr, new RegExp(`^\\[DEBUG\\] GET ${api.baseUrl}/org/v2/environments`, 'm'));
    assert.match(debug.stderr, /: 200 OK \(\d+ ms\)$/m);
    assert.doesNotMatch(debug.stderr, /\[TRACE\]/);
    assert.match(ok(await cli(['-vvv', 'environment', 'list'])).stderr, /^\[DEBUG\] GET /m, 'before the command too');

    const trace = ok(
      await cli(['api-key', 'create', '--resource', lkc, '--description', 'traced', '-o', 'json', '-vvvv']),
    );
    const created = JSON.parse(trace.stdout) as { api_key: string; api_secret: string };
    assert.match(trace.stderr, /^\[TRACE\] request headers: \{"authorization":"Basic \[MASKED\]"/m);
    assert.match(trace.stderr, /^\[TRACE\] request body: \{"spec":\{.*"description":"traced"/m);
    assert.match(trace.stderr, /^\[TRACE\] response body: .*"secret":"\[MASKED\]"/m);
    assert.ok(!trace.stderr.includes(created.api_secret), 'the new secret is not in the trace');
    assert.ok(!trace.stderr.includes(basic), 'the login is not in the trace');

    const unsafe = ok(await cli(['api-key', 'describe', created.api_key, '--unsafe-trace']));
    assert.match(unsafe.stderr, new RegExp(`"authorization":"Basic ${basic}"`));
    ok(await cli(['api-key', 'delete', created.api_key, '--force']));
  });

  it("api-key list --current-user: the keys of the logged-in key's owner", async () => {
    const mine = JSON.parse(ok(await cli(['api-key', 'list', '--current-user', '-o', 'json'])).stdout);
    assert.ok(mine.length >= 2, 'the login key and the cluster key');
    assert.ok(mine.every((k: { owner: string }) => k.owner === t.adminServiceAccountId));
    assert.ok(mine.some((k: { key: string }) => k.key === t.admin.key));
    const both = await cli(['api-key', 'list', '--current-user', '--service-account', 'sa-x']);
    assert.equal(both.code, 1);
  });

  it('service-account create/list; delete asks first and honours n', async () => {
    const sa = JSON.parse(
      ok(await cli(['service-account', 'create', 'cli-sa', '--description', 'd', '-o', 'json'])).stdout,
    );
    assert.deepEqual(Object.keys(sa), ['id', 'name', 'description']);
    const no = ok(await cli(['service-account', 'delete', sa.id], { stdin: 'n\n' }));
    assert.equal(no.stdout, `Are you sure you want to delete service account "${sa.id}"? (y/n): `);
    const yes = ok(await cli(['service-account', 'delete', sa.id], { stdin: 'y\n' }));
    assert.match(yes.stdout, new RegExp(`Deleted service account "${sa.id}"\\.\\n$`));
    const again = await cli(['service-account', 'delete', sa.id, '--force']);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `Error: service account "${sa.id}" not found\n`);
  });

  it('shell completion: the script asks the CLI for the words after those typed', async () => {
    const bash = ok(await cli(['completion', 'bash'])).stdout;
    assert.match(bash, /complete -o default -F _connectplane_complete connectplane\n$/);
    assert.match(ok(await cli(['completion', 'zsh'])).stdout, /bashcompinit/);
    assert.deepEqual(
      ok(await cli(['__complete', 'kafka']))
        .stdout.split('\n')
        .filter(Boolean),
      ['cluster', 'topic', '--help'],
    );
    const flags = ok(await cli(['__complete', 'connect', 'cluster', 'create'])).stdout.split('\n');
    for (const f of ['--config-file', '--output', '--environment', '--cluster', '--wait'])
      assert.ok(flags.includes(f), f);
    assert.equal((await cli(['completion', 'fish'])).code, 1);
  });

  it('kafka cluster create --wait returns once the cluster is UP', async () => {
    const r = await cli([
      'kafka',
      'cluster',
      'create',
      'waited',
      '--cloud',
      'aws',
      '--region',
      'us-east-1',
      '--wait',
      '30',
      '-o',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, 'UP');
  });

  it('kafka cluster create --max-ecku/--network; update --type standard/--max-ecku; describe --kafka-endpoint', async () => {
    const ent = JSON.parse(
      ok(
        await cli([
          'kafka',
          'cluster',
          'create',
          'ent',
          '--cloud',
          'aws',
          '--region',
          'us-east-1',
          '--type',
          'enterprise',
          '--max-ecku',
          '4',
          '-o',
          'json',
        ]),
      ).stdout,
    );
    assert.equal(ent.type, 'ENTERPRISE');
    assert.equal(ent.max_ecku, 4);
    const raised = JSON.parse(
      ok(await cli(['kafka', 'cluster', 'update', ent.id, '--max-ecku', '6', '-o', 'json'])).stdout,
    );
    assert.equal(raised.max_ecku, 6);
    const human = ok(await cli(['kafka', 'cluster', 'describe', ent.id])).stdout;
    assert.match(human, /\n\| Max eCKU +\| 6 +\|\n/);

    const basic = JSON.parse(
      ok(await cli(['kafka', 'cluster', 'create', 'grow', '--cloud', 'aws', '--region', 'us-east-1', '-o', 'json']))
        .stdout,
    );
    const grown = JSON.parse(
      ok(await cli(['kafka', 'cluster', 'update', basic.id, '--type', 'standard', '-o', 'json'])).stdout,
    );
    assert.equal(grown.type, 'STANDARD');
    const net = JSON.parse(
      ok(
        await cli([
          'kafka',
          'cluster',
          'create',
          'n',
          '--cloud',
          'aws',
          '--region',
          'us-east-1',
          '--network',
          'n-test',
          '-o',
          'json',
        ]),
      ).stdout,
    );
    assert.equal(net.name, 'n', 'the API takes spec.network (it has no networks, so it shows none back)');

    const wrong = ok(
      await cli(['kafka', 'cluster', 'describe', lkc, '--kafka-endpoint', 'http://127.0.0.1:1', '-o', 'json']),
    );
    assert.equal(JSON.parse(wrong.stdout).topic_count, undefined, 'Topic Count is left out when that endpoint fails');
    ok(await cli(['kafka', 'cluster', 'delete', ent.id, basic.id, net.id, '--force']));
  });

  it('context update --name renames a context and keeps it current', async () => {
    const before = JSON.parse(ok(await cli(['context', 'list', '-o', 'json'])).stdout)[0].name as string;
    const r = JSON.parse(ok(await cli(['context', 'update', '--name', 'local', '-o', 'json'])).stdout);
    assert.equal(r.name, 'local');
    assert.deepEqual(
      JSON.parse(ok(await cli(['context', 'list', '-o', 'json'])).stdout).map(
        (c: { name: string; is_current: boolean }) => [c.name, c.is_current],
      ),
      [['local', true]],
    );
    assert.equal(
      (await cli(['context', 'update', 'nope', '--name', 'x'])).stderr,
      'Error: context "nope" does not exist\n',
    );
    ok(await cli(['environment', 'describe', envId]));
    ok(await cli(['context', 'update', 'local', '--name', before]));
  });

  it('exit codes: 0 on success and --help, 1 for an API error and a usage error; the root help says so', async () => {
    assert.equal((await cli(['environment', 'describe', envId])).code, 0);
    const apiError = await cli(['environment', 'describe', 'env-nope00']);
    assert.equal(apiError.code, 1);
    assert.match(apiError.stderr, /^Error: \S.*\n/);
    assert.equal(apiError.stderr.split('\n').filter(Boolean).length, 1, apiError.stderr);
    const usage = await cli(['kafka', 'cluster', 'create', 'x']);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /^Error: required option '--cloud <cloud>' not specified\n$/);
    assert.match(ok(await cli(['--help'])).stdout, /\nExit status: 0 on success \(and for --help\), 1 on any error/);
  });

  it('--help everywhere, exit 0; an unknown flag exits 1', async () => {
    for (const args of [['--help'], ['kafka', 'cluster', 'create', '--help'], ['api-key', 'store', '-h']]) {
      const r = await cli(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /^Usage: connectplane/);
    }
    const bad = await cli(['environment', 'list', '--nope']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: unknown option '--nope'/);
  });
});
