// The CLI's config file holds API secrets: 0600, in a 0700 directory, also when the directory was
// created earlier with a wider mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFile, configPath } from '../src/config/config-file';

describe('CLI config file', () => {
  it('is written 0600 in a 0700 directory under XDG_CONFIG_HOME, tightening an existing directory', () => {
    const home = mkdtempSync(join(tmpdir(), 'cp-cli-config-'));
    const path = configPath({ XDG_CONFIG_HOME: home });
    assert.equal(path, join(home, 'connectplane', 'config.json'));
    mkdirSync(join(home, 'connectplane'));
    chmodSync(join(home, 'connectplane'), 0o755);
    const file = ConfigFile.load(path);
    file.data.current_context = 'c';
    file.save();
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, 'connectplane')).mode & 0o777, 0o700);
    assert.equal(ConfigFile.load(path).data.current_context, 'c');
  });
});
