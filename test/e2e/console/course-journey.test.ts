// The course's console exercise in a real browser (Debian's Chromium through playwright-core) against
// the real stack: sign in; environment and cluster; create a topic; add Datagen (ORDERS, AVRO)
// through the wizard (a validation error shown on its field on the way); see its messages arrive
// decoded through Schema Registry; add Cast$Key and TimestampConverter in the SMT editor, see the
// preview, save and see the transformed records; pause and resume; delete; a failing connector
// (a MySqlSink refused by MariaDB) whose trace is shown. The screenshots of docs/console.md are taken here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { loadConfig } from '@libs/config';
import { EgressPolicy, setEgressPolicy } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { startRuntime, startStack, type Stack } from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { launchChromium, type BrowserHandle } from '../../support/chromium';
import { waitFor } from '../../support/wait-for';
import { MYSQL } from '../../support/mariadb';
import { buildConsoleForTests, screenshot, signIn } from './support';

const LONG = 30_000;

describe('web console: the course journey in Chromium', () => {
  let consoleDir = '';
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let b: BrowserHandle;
  let page: Page;
  let envId = '';
  let lkc = '';
  let url = '';

  const connectorUrl = (name: string, tab = '') =>
    `${url}/console/environments/${envId}/clusters/${lkc}/connectors/${name}${tab ? `?tab=${tab}` : ''}`;
  const topicUrl = (topic: string) => `${url}/console/environments/${envId}/clusters/${lkc}/topics/${topic}`;
  const badge = () => page.locator('.title-row .badge').first();
  /** A wizard field: a select when the plugin recommends values, else a text input. */
  const setField = async (name: string, value: string) => {
    const field = page.locator(`[data-field="${name}"]`);
    await field.waitFor();
    if ((await field.locator('select').count()) > 0) await field.locator('select').selectOption(value);
    else await field.locator('input').fill(value);
  };

  before(async () => {
    consoleDir = buildConsoleForTests();
    stack = await startStack({ CONSOLE_DIR: consoleDir, CONNECT_TEST_PLUGINS: 'false' });
    url = stack.api.baseUrl;
    t = await stack.api.newTenant('console');
    setEgressPolicy(EgressPolicy.fromConfig(loadConfig()));
    rt = await startRuntime(stack, t.organizationId, {
      capacity: 10,
      workerId: 'w-console',
      schemaRegistry: true,
      testPlugins: false,
      offsetFlushIntervalMs: 500,
    });
    b = await launchChromium();
    page = await b.context.newPage();
    page.setDefaultTimeout(LONG);
  });

  after(async () => {
    await b?.close().catch(() => undefined);
    await rt?.close().catch(() => undefined);
    await stack?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('serves the console under /console with the SPA fallback, and a 404 for a missing asset', async () => {
    const deep = await fetch(`${url}/console/environments/env-x/clusters/lkc-y/topics`);
    assert.equal(deep.status, 200);
    assert.match(await deep.text(), /<div id="root">/);
    assert.equal((await fetch(`${url}/console/assets/nope.js`)).status, 404);
  });

  it('sends scripts brotli- or gzip-compressed from the copies the build made, as is otherwise', async () => {
    const html = await (await fetch(`${url}/console/`)).text();
    const script = /src="(\/console\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const get = (encoding: string) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        httpGet(`${url}${script}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        }).on('error', reject);
      });
    const plain = await get('identity');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(String(plain.headers.vary), /Accept-Encoding/);
    const br = await get('gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /^text\/javascript/);
    assert.match(String(br.headers['cache-control']), /immutable/);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
    assert.ok(br.body.length < plain.body.length / 2, `${br.body.length} of ${plain.body.length}`);
    const gz = await get('gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
  });

  it('signs in with a cloud key, creates an environment and a cluster', async () => {
    await page.goto(`${url}/console/environments`);
    await page.getByRole('heading', { name: 'Sign in to connectpl' + 'ane' }).waitFor();
    await screenshot(page, 'sign-in');
    // a wrong secret is refused with the API's message, and nothing is kept
    await page.getByLabel('Cloud API key').fill(t.admin.key);
    await page.getByLabel('Cloud API secret').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    await page.getByLabel('Cloud API secret').fill(t.admin.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Environments' }).waitFor();
    assert.ok(!page.url().includes(t.admin.secret));

    await page.getByLabel('New environment name').fill('course');
    await page.getByRole('button', { name: 'Add environment' }).click();
    await page.getByRole('link', { name: 'course', exact: true }).click();
    await page.getByRole('heading', { name: 'Clusters' }).waitFor();
    envId = /environments\/(env-[a-z0-9]+)/.exec(page.url())![1]!;
    await page.getByLabel('New cluster name').fill('course-cluster');
    await page.getByRole('button', { name: 'Create cluster' }).click();
    await page.getByText('PROVISIONED').waitFor();
    await page.getByRole('link', { name: 'course-cluster' }).click();
    await page.getByText('Bootstrap server').waitFor();
    lkc = /clusters\/(lkc-[a-z0-9]+)/.exec(page.url())![1]!;
    await screenshot(page, 'cluster-overview');
  });

  it('creates a topic with 6 partitions (after creating a key of the cluster for Kafka REST)', async () => {
    await page.getByRole('navigation', { name: 'Cluster' }).getByRole('link', { name: 'Topics' }).click();
    await page.getByText(`An API key of ${lkc} is needed`).waitFor();
    await page.getByRole('button', { name: `Create an API key for ${lkc}` }).click();
    await page.getByText('No topic yet').waitFor();
    await page.getByLabel('Topic name').fill('orders');
    await page.getByLabel('Partitions').fill('6');
    await page.getByRole('button', { name: 'Create topic' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'orders' }) });
    await row.getByRole('cell', { name: '6', exact: true }).waitFor();
    await screenshot(page, 'topics');
  });

  it('adds Datagen (ORDERS, AVRO) through the wizard, with a validation error shown on its field', async () => {
    await page.getByRole('navigation', { name: 'Cluster' }).getByRole('link', { name: 'Connectors' }).click();
    await page.getByText('No connector in this cluster yet').waitFor();
    await page.getByRole('link', { name: 'Add connector' }).click();
    await page.getByRole('link', { name: 'Datagen Source' }).waitFor();
    await screenshot(page, 'catalogue');
    await page.getByRole('link', { name: 'Datagen Source' }).click();

    await page.getByRole('heading', { name: 'Topic selection' }).waitFor();
    await page.locator('[data-field="kafka.topic"] input').fill('orders');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Kafka credentials' }).waitFor();
    await page.getByRole('button', { name: 'Generate a Kafka API key for this connector' }).click();
    await page.getByText(/Created API key \w+ of lkc-/).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Configuration', exact: true }).waitFor();
    await setField('output.data.format', 'AVRO');
    await setField('quickstart', 'ORDERS');
    await page.locator('[data-field="max.interval"] input').fill('often');
    await page.getByRole('button', { name: 'Continue' }).click();
    const error = page.locator('[data-field="max.interval"] .field-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /often/);
    await screenshot(page, 'wizard-validation-error');
    await page.locator('[data-field="max.interval"] input').fill('200');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Transforms', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Sizing' }).waitFor();
    await page.locator('[data-field="tasks.max"] input').fill('1');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Review and launch' }).waitFor();
    const json = page.getByLabel('Connector configuration JSON');
    await json.getByText('"quickstart": "ORDERS"').waitFor();
    assert.match((await json.textContent()) ?? '', /"name": "DatagenSourceConnector_0"/);
    assert.match((await json.textContent()) ?? '', /"kafka.api.secret": "\*{16}"/);
    await screenshot(page, 'wizard-review');
    await page.getByRole('button', { name: 'Launch' }).click();
    await page.waitForURL(/connectors\/DatagenSourceConnector_0/);
    await badge().filter({ hasText: 'RUNNING' }).waitFor({ timeout: LONG });
  });

  it('shows the messages arriving, decoded through Schema Registry', async () => {
    await page.getByRole('link', { name: 'orders', exact: true }).click();
    await page.getByRole('tab', { name: 'Messages' }).waitFor();
    await page.getByRole('button', { name: 'Create a Schema Registry API key' }).click();
    const rows = page.locator('table[aria-label="Messages"] tr.msg');
    await waitFor('3 decoded messages', async () => ((await rows.count()) >= 3 ? true : undefined), LONG, 250);
    const first = rows.first();
    await first.getByText('AVRO').waitFor();
    assert.match((await first.locator('.cell-value').textContent()) ?? '', /"ordertime":\d+,"orderid":\d+/);
    await first.getByRole('button', { expanded: false }).click();
    await page.locator('tr.msg-detail pre').nth(1).getByText('"itemid"').waitFor();
    await screenshot(page, 'messages');
  });

  it('adds Cast$Key and TimestampConverter in the SMT editor, previews, saves, and the records change', async () => {
    // the new value schema has ordertime as a string: the subject must accept it
    await page.goto(`${url}/console/environments/${envId}/schema-registry/subjects/orders-value`);
    await page.getByLabel('Compatibility').selectOption('NONE');
    await page.getByText('Compatibility set to NONE').waitFor();

    await page.goto(connectorUrl('DatagenSourceConnector_0', 'Transforms'));
    await page.getByLabel('Transform alias').fill('castKey');
    await page.getByLabel('Type', { exact: true }).first().selectOption({ label: 'Cast$Key' });
    await page.getByRole('button', { name: 'Add transform' }).click();
    await page.locator('[data-field="transforms.castKey.spec"] input').fill('int32');
    await page.getByLabel('Transform alias').fill('tsConverter');
    await page.getByLabel('Type', { exact: true }).first().selectOption({ label: 'TimestampConverter$Value' });
    await page.getByRole('button', { name: 'Add transform' }).click();
    await page.locator('[data-field="transforms.tsConverter.field"] input').fill('ordertime');
    await page.locator('[data-field="transforms.tsConverter.format"] input').fill('yyyy-MM-dd');
    const target = page.locator('[data-field="transforms.tsConverter.target.type"]');
    if ((await target.locator('select').count()) > 0) await target.locator('select').selectOption('string');
    else await target.locator('input').fill('string');
    // the live preview runs the chain on the topic's latest record
    const after = page.locator('.preview-row').first().locator('pre').nth(1);
    await after.getByText(/ordertime\\?":\s*\\?"\d{4}-\d\d-\d\d/).waitFor();
    await screenshot(page, 'transforms-preview');
    await page.getByRole('button', { name: 'Save transforms' }).click();
    await page.getByText('Transforms saved.').waitFor();

    await page.reload(); // the URL keeps the tab
    await page.locator('.smt-item[data-alias="tsConverter"]').waitFor();

    await page.goto(topicUrl('orders'));
    await page.getByRole('button', { name: 'Create a Schema Registry API key' }).waitFor({ state: 'detached' });
    await page
      .locator('table[aria-label="Messages"] tr.msg .cell-value')
      .filter({ hasText: /"ordertime":"\d{4}-\d\d-\d\d"/ })
      .first()
      .waitFor({ timeout: 60_000 });
  });

  it('pauses and resumes (both states shown), then deletes the connector after a confirmation', async () => {
    await page.goto(connectorUrl('DatagenSourceConnector_0'));
    await badge().filter({ hasText: 'RUNNING' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await badge().filter({ hasText: 'PAUSED' }).waitFor();
    await screenshot(page, 'connector-paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await badge().filter({ hasText: 'RUNNING' }).waitFor();
    await page.getByRole('table', { name: 'Tasks' }).getByText('w-console').waitFor();
    await screenshot(page, 'connector-overview');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type the name to confirm').fill('DatagenSourceConnector_0');
    await dialog.getByRole('button', { name: 'Delete connector' }).click();
    await page.getByText('No connector in this cluster yet').waitFor();
    const list = await stack.api.request('GET', `/connect/v1/environments/${envId}/clusters/${lkc}/connectors`, {
      auth: t.admin,
    });
    assert.deepEqual(list.body, []);
  });

  it('shows the trace of a failed connector (a MySqlSink whose login MariaDB refuses)', async () => {
    const clusterKey = await stack.api.request('POST', '/iam/v2/api-keys', {
      auth: t.admin,
      body: { spec: { owner: { id: t.adminServiceAccountId }, resource: { id: lkc, environment: envId } } },
    });
    // the orders topic holds Datagen's records: the first put() opens the connection and fails
    const created = await stack.api.request('POST', `/connect/v1/environments/${envId}/clusters/${lkc}/connectors`, {
      auth: t.admin,
      body: {
        name: 'broken-sink',
        config: {
          'connector.class': 'MySqlSink',
          name: 'broken-sink',
          topics: 'orders',
          'input.data.format': 'AVRO',
          'kafka.auth.mode': 'KAFKA_API_KEY',
          'kafka.api.key': clusterKey.body.id,
          'kafka.api.secret': clusterKey.body.spec.secret,
          'connection.host': MYSQL.host,
          'connection.port': String(MYSQL.port),
          'connection.user': 'no_such_user',
          'connection.password': 'wrong',
          'db.name': 'no_such_db',
          'ssl.mode': 'prefer',
          'auto.restart.on.user.error': 'false',
          'tasks.max': '1',
        },
      },
    });
    assert.equal(created.status, 201, created.text);
    await page.goto(connectorUrl('broken-sink'));
    await badge().filter({ hasText: 'FAILED' }).waitFor({ timeout: 60_000 });
    const trace = page.getByRole('alert').filter({ hasText: 'Connector error' }).locator('pre');
    await trace.waitFor();
    assert.match(
      (await trace.textContent()) ?? '',
      /Could not connect to MySQL: Access denied for user 'no_such_user'/,
    );
    const tasks = page.getByRole('table', { name: 'Tasks' });
    await tasks.getByText('FAILED').waitFor();
    await tasks.locator('summary').filter({ hasText: 'Access denied' }).click();
    await tasks
      .locator('pre.trace')
      .filter({ hasText: /Caused by: .*Access denied/ })
      .waitFor();
    await screenshot(page, 'connector-failed');
    const gone = await stack.api.request(
      'DELETE',
      `/connect/v1/environments/${envId}/clusters/${lkc}/connectors/broken-sink`,
      { auth: t.admin },
    );
    assert.ok(gone.status < 300, gone.text);
  });

  it('narrow window and dark theme; sign-out clears the session', async () => {
    const narrow = await b.browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    const p = await narrow.newPage();
    p.setDefaultTimeout(LONG);
    await signIn(p, url, t.admin);
    await p.goto(`${url}/console/environments/${envId}/clusters/${lkc}/connectors`);
    await p.getByText('No connector in this cluster yet').waitFor();
    const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 1, `no horizontal page scroll on a narrow window (${overflow}px)`);
    await screenshot(p, 'connectors-narrow-dark');
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('heading', { name: /Sign in/ }).waitFor();
    assert.equal(await p.evaluate<number>('sessionStorage.length'), 0);
    await narrow.close();
  });
});
