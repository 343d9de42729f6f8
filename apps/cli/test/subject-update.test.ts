// `schema-registry subject update`: its compatibility flags become one PUT /config/{subject} body
// (Confluent's member names); files are read as JSON and a bad one names its flag.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subjectConfigUpdate } from '../src/commands/schema-registry';

describe('subject update flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-cli-subject-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('maps each flag to its config member; none given is undefined (only --mode then)', () => {
    const meta = { properties: { owner: 'a' } };
    const rules = { domainRules: [] };
    assert.deepEqual(
      subjectConfigUpdate({
        output: 'human',
        compatibility: 'full_transitive',
        compatibilityGroup: 'major',
        metadataDefaults: file('md.json', JSON.stringify(meta)),
        metadataOverrides: file('mo.json', JSON.stringify(meta)),
        rulesetDefaults: file('rd.json', JSON.stringify(rules)),
        rulesetOverrides: file('ro.json', JSON.stringify(rules)),
      }),
      {
        compatibility: 'FULL_TRANSITIVE',
        compatibilityGroup: 'major',
        defaultMetadata: meta,
        overrideMetadata: meta,
        defaultRuleSet: rules,
        overrideRuleSet: rules,
      },
    );
    assert.equal(subjectConfigUpdate({ output: 'human', mode: 'readonly' }), undefined);
  });

  it('a file that is not JSON fails with the flag and path', () => {
    const bad = file('bad.json', '{');
    assert.throws(
      () => subjectConfigUpdate({ output: 'human', rulesetOverrides: bad }),
      new RegExp(`^Error: unable to read --ruleset-overrides file "${bad}"|unable to read --ruleset-overrides file`),
    );
  });
});
