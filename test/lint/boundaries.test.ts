// `npm run lint` guards the import boundaries (lint/boundaries.mjs): each deliberately bad fixture in
// ./fixtures (outside the normal lint scope) is linted as if it lived at its `lint-as:` path and must
// be reported by the rule its `expect:` line names; the allowed ones must pass.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const FIXTURES = join(__dirname, 'fixtures');
const ROOT = join(__dirname, '..', '..');

interface Fixture {
  name: string;
  text: string;
  lintAs: string;
  expect: string;
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.ts'))
  .map((name) => {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const lintAs = /^\/\/ lint-as: (\S+)$/m.exec(text)?.[1];
    const expect = /^\/\/ expect: (\S+)$/m.exec(text)?.[1];
    assert.ok(lintAs && expect, `${name} names its lint-as path and expected rule`);
    return { name, text, lintAs, expect };
  });

describe('import boundaries (npm run lint)', () => {
  const eslint = new ESLint({ cwd: ROOT });

  for (const f of fixtures) {
    it(`${f.name}: ${f.expect === 'nothing' ? 'allowed' : `reported by ${f.expect}`} (as ${f.lintAs})`, async () => {
      const [result] = await eslint.lintText(f.text, { filePath: join(ROOT, f.lintAs) });
      const rules = (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
      if (f.expect === 'nothing') assert.deepEqual(rules, []);
      else
        assert.ok(
          rules.some((r) => r.startsWith(`${f.expect}:`)),
          `expected ${f.expect}, got ${rules.join('\n')}`,
        );
    });
  }

  it('covers (a) app → app, (b) past the index, (c) a cycle between libs', () => {
    const names = fixtures.map((f) => f.name);
    for (const needed of ['app-imports-app.ts', 'past-index-relative.ts', 'past-index-alias.ts', 'lib-cycle.ts'])
      assert.ok(names.includes(needed), needed);
  });

  it('the allowed lib dependencies form no cycle, and a cycle in them stops lint', async () => {
    const { LIB_DEPENDENCIES, assertAcyclic } = await import('../../lint/boundaries.mjs');
    assert.doesNotThrow(() => assertAcyclic(LIB_DEPENDENCIES));
    assert.throws(
      () => assertAcyclic({ ...LIB_DEPENDENCIES, db: [...(LIB_DEPENDENCIES.db ?? []), 'schema-registry'] }),
      /LIB_DEPENDENCIES has a cycle: db → schema-registry → db/,
    );
    assert.deepEqual(
      Object.keys(LIB_DEPENDENCIES).sort(),
      readdirSync(join(ROOT, 'libs')).sort(),
      'every lib has a row in the table',
    );
  });
});
