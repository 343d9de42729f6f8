// The console's other everyday pages in Chromium against the real stack (no connector runtime):
// produce a record from a topic's Produce tab and see it in the live view; read from an offset of
// one partition and from a time; create an API key (its secret shown once, gone after a reload)
// and delete it after a confirmation; create and delete a service account.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { provisionCluster, startStack, type ProvisionedCluster, type Stack } from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { launchChromium, type BrowserHandle } from '../../support/chromium';
import { waitFor } from '../../support/wait-for';
import { buildConsoleForTests, signIn } from './support';

const LONG = 30_000;

describe('web console: produce, seek, API keys and service accounts in Chromium', () => {
  let consoleDir = '';
  let stack: Stack;
  let t: Tenant;
  let c: ProvisionedCluster;
  let b: BrowserHandle;
  let context: BrowserContext;
  let page: Page;
  let url = '';

  const topicUrl = (topic: string) =>
    `${url}/console/environments/${c.environmentId}/clusters/${c.clusterId}/topics/${topic}`;
  const rest = (method: string, path: string, body?: unknown) =>
    stack.api.request(method, `/kafka/v3/clusters/${c.clusterId}${path}`, { auth: c.key, body });
  const produce = async (topic: string, partition: number, key: string, value: string) => {
    const r = await rest('POST', `/topics/${topic}/records`, {
      partition_id: partition,
      key: { type: 'STRING', data: key },
      value: { type: 'STRING', data: value },
    });
    assert.equal(r.status, 200, r.text);
    return r.body as { offset: number; timestamp: string };
  };
  const rows = () => page.locator('table[aria-label="Messages"] tr.msg');
  const seek = async (mode: string, fill: () => Promise<void>) => {
    await page.getByLabel('Show').selectOption(mode);
    await fill();
    await page.getByRole('button', { name: 'Go', exact: true }).click();
  };

  before(async () => {
    consoleDir = buildConsoleForTests();
    stack = await startStack({ CONSOLE_DIR: consoleDir, CONNECT_TEST_PLUGINS: 'false' });
    url = stack.api.baseUrl;
    t = await stack.api.newTenant('console-keys');
    c = await provisionCluster(stack.api, t, 'console-keys');
    for (const [name, partitions] of [
      ['greetings', 3],
      ['times', 1],
    ] as const) {
      const r = await rest('POST', '/topics', { topic_name: name, partitions_count: partitions });
      assert.equal(r.status, 201, r.text);
    }
    b = await launchChromium();
    // datetime-local inputs are read in the browser's zone: UTC, as the rows show times
    context = await b.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
    page = await context.newPage();
    page.setDefaultTimeout(LONG);
    await signIn(page, url, t.admin);
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await stack?.close();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  it('produces a record from the Produce tab and sees it in the live view', async () => {
    await page.goto(topicUrl('greetings'));
    await page.getByRole('button', { name: `Create an API key for ${c.clusterId}` }).click();
    await page.getByRole('tab', { name: 'Produce' }).click();
    await page.getByLabel('Key').fill('from-console');
    await page.getByLabel('Value').fill('{"hello":"console"}');
    await page.getByRole('button', { name: 'Produce', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Produced.' }).waitFor();
    await page.getByRole('tab', { name: 'Messages' }).click();
    const row = rows().filter({ has: page.locator('.cell-key', { hasText: 'from-console' }) });
    await row.waitFor();
    assert.match((await row.locator('.cell-value').textContent()) ?? '', /^\s*\{"hello":"console"\}$/);
  });

  it('reads one partition from an offset', async () => {
    // the record produced above may have gone to partition 1 too: offsets as the API gives them
    const offsets: number[] = [];
    for (let i = 0; i < 5; i++) offsets.push((await produce('greetings', 1, `p1-${i}`, `{"n":${i}}`)).offset);
    await page.goto(topicUrl('greetings'));
    await rows().first().waitFor();
    await seek('offset', async () => {
      // (a control inside its label: the accessible name also holds the control's value)
      await page
        .locator('form[aria-label="Where to read from"] label', { hasText: 'Partition' })
        .locator('select')
        .selectOption('1');
      await page
        .locator('form[aria-label="Where to read from"] label', { hasText: 'Offset' })
        .locator('input')
        .fill(String(offsets[3]));
    });
    await rows()
      .filter({ has: page.locator('.cell-key', { hasText: 'p1-4' }) })
      .waitFor();
    const shown = await rows().evaluateAll((trs) =>
      trs.map((tr) => [tr.children[1]?.textContent, tr.children[2]?.textContent, tr.children[4]?.textContent]),
    );
    assert.deepEqual(
      shown.sort((x, y) => Number(x[1]) - Number(y[1])),
      [
        ['1', String(offsets[3]), 'p1-3'],
        ['1', String(offsets[4]), 'p1-4'],
      ],
    );
  });

  it('reads from a time: records written before it are left out', async () => {
    await produce('times', 0, 'before', '"early"');
    // a whole second after that record, then the next one
    const from = Math.ceil((Date.now() + 1000) / 1000) * 1000;
    await new Promise((r) => setTimeout(r, from - Date.now() + 50));
    await produce('times', 0, 'after', '"late"');
    await page.goto(topicUrl('times'));
    await rows()
      .filter({ has: page.locator('.cell-key', { hasText: 'before' }) })
      .waitFor();
    await seek('timestamp', () =>
      page.getByLabel('Time', { exact: true }).fill(new Date(from).toISOString().slice(0, 19)),
    );
    await page.getByText('1 received').waitFor();
    assert.deepEqual(await rows().locator('.cell-key').allTextContents(), ['after']);
  });

  it('creates an API key, shows its secret once, and deletes it after a confirmation', async () => {
    await page.goto(`${url}/console/api-keys`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByText('Create an API key').click();
    await page.getByLabel('Description').fill('made in the console e2e');
    await page.getByRole('button', { name: 'Create key' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'it is shown only once' });
    await notice.waitFor();
    const [key, secret] = await notice.locator('dd code').allTextContents();
    assert.ok(key && secret && secret.length >= 32, `${key} ${secret}`);
    const auth = { key, secret };
    assert.equal((await stack.api.request('GET', '/org/v2/environments', { auth })).status, 200);

    await page.reload();
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: key });
    await row.getByText('made in the console e2e').waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');

    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type the name to confirm').fill(key);
    await dialog.getByRole('button', { name: 'Delete API key' }).click();
    await row.waitFor({ state: 'detached' });
    await waitFor(
      'the deleted key refused',
      async () =>
        (await stack.api.request('GET', '/org/v2/environments', { auth })).status === 401 ? true : undefined,
      10_000,
      200,
    );
  });

  it('creates a service account, offers it as a key owner, and deletes it', async () => {
    await page.goto(`${url}/console/service-accounts`);
    await page.getByRole('heading', { name: 'Service accounts' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('console-e2e-sa');
    await page.getByLabel('Description').fill('made in the console');
    await page.getByRole('button', { name: 'Add service account' }).click();
    const card = page.locator('li.card').filter({ has: page.getByRole('heading', { name: 'console-e2e-sa' }) });
    await card.getByText('made in the console').waitFor();
    const id = (await card.locator('code').textContent()) ?? '';
    assert.match(id, /^sa-/);
    const listed = await stack.api.request('GET', '/iam/v2/service-accounts', { auth: t.admin });
    assert.ok(
      (listed.body.data as { id: string }[]).some((a) => a.id === id),
      listed.text,
    );

    await page.goto(`${url}/console/api-keys`);
    await page.getByText('Create an API key').click();
    await page.getByLabel('Owner').locator(`option[value="${id}"]`).waitFor({ state: 'attached' });

    await page.goto(`${url}/console/service-accounts`);
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type the name to confirm').fill('console-e2e-sa');
    await dialog.getByRole('button', { name: 'Delete service account' }).click();
    await card.waitFor({ state: 'detached' });
    const after = await stack.api.request('GET', `/iam/v2/service-accounts/${id}`, { auth: t.admin });
    assert.equal(after.status, 404, after.text);
  });
});
