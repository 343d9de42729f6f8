// The README's "npm install -g ." from a clone, into a private prefix: the installed
// `connectplane` runs from any directory (help, a login and a listing against the real API, bash
// completion through the PATH, output piped into `head`), and `npx connectplane` runs in the clone.
// A registry install (`npm pack` + `npm install -g <tarball>`) is not tested: the package is
// private and would fetch every dependency of the whole product.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { cliEnv } from './spawn-cli';

const ROOT = resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

describe('connectplane after npm install -g . (private prefix)', () => {
  let api: ApiHarness;
  let t: Tenant;
  const prefix = mkdtempSync(join(tmpdir(), 'cp-global-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'cp-global-cwd-'));
  const env = {
    ...cliEnv(mkdtempSync(join(tmpdir(), 'cp-global-config-'))),
    PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
  };
  const sh = async (script: string) => {
    try {
      const r = await run('bash', ['-c', script], { cwd: elsewhere, env, timeout: 60_000 });
      return { code: 0, ...r };
    } catch (e) {
      const r = e as { code: number; stdout: string; stderr: string };
      return { code: r.code, stdout: r.stdout, stderr: r.stderr };
    }
  };

  before(async () => {
    api = await startApi();
    t = await api.newTenant('global-install');
  });
  after(async () => {
    await api?.close();
  });

  it('installs the bin into the prefix without touching the network', async () => {
    await run('npm', ['install', '-g', '.', '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      timeout: 120_000,
    });
    const bin = join(prefix, 'bin', 'connectplane');
    assert.ok(existsSync(bin), bin);
    assert.equal(realpathSync(bin), join(realpathSync(ROOT), 'bin', 'connectplane.js'));
  });

  it('runs from another directory: --help, login and environment list against the API', async () => {
    const help = await sh('connectplane --help');
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: connectplane \[options\] \[command\]\n/);

    const login = await sh(
      `connectplane login --url '${api.baseUrl}' --api-key '${t.admin.key}' --api-secret '${t.admin.secret}'`,
    );
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, new RegExp(`^Logged in as "${t.admin.key}" for organization "${t.organizationId}"`));
    const list = await sh('connectplane environment list -o json');
    assert.equal(list.code, 0, list.stderr);
    assert.ok(Array.isArray(JSON.parse(list.stdout)));

    const missing = await sh('connectplane environment describe env-nope00');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^Error: /);
  });

  it('bash completion through the PATH; piping into head exits quietly', async () => {
    const words = await sh(
      'source <(connectplane completion bash); COMP_WORDS=(connectplane kafka to); COMP_CWORD=2; ' +
        '_connectplane_complete; printf "%s\\n" "${COMPREPLY[@]}"',
    );
    assert.equal(words.stdout, 'topic\n', words.stderr);
    const piped = await sh('connectplane --help | head -1; echo "exit ${PIPESTATUS[0]}"');
    assert.equal(piped.stdout, 'Usage: connectplane [options] [command]\nexit 0\n');
    assert.equal(piped.stderr, '');
  });

  it('npx connectplane in the clone', async () => {
    const r = await run('npx', ['--offline', '--no-install', 'connectplane', '--version'], { cwd: ROOT, env });
    assert.equal(r.stdout, '0.1.0\n');
  });
});
