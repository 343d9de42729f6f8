import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './prng';
import { compileRegex } from './regex-generator';

function sample(source: string, count = 500, min = 8, max = 16): string[] {
  const re = compileRegex(source);
  const rng = new Rng();
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    rng.reseed(1, 2, 0, i);
    out.push(re.generate(rng, min, max));
  }
  return out;
}

describe('regex generator', () => {
  // Every regex the bundled quickstarts use.
  const BUNDLED = [
    'User_[1-9]', 'User_[1-9]{0,1}', 'Region_[1-9]', 'Page_[1-9][0-9]', 'Item_[1-9][0-9]{0,2}', 'City_[1-9]{0,2}',
    'State_[1-9]{0,2}', '[A-Z][1-9]{8,8}', '[A-Z]{2}\\d{6}[A-Z]', '[A-Z]{5,8}', '[a-zA-Z]{5,8}', '[a-z]{5}',
    '[a-z ]{10,15}', '[1-9]{1}[0-9]{2}', '[1-9]{1}[0-9]{6}', '\\[[0-9][0-9],[0-9][0-9]\\]', 'lab-\\d{1}',
    'https://www[.]acme[.]com/product/[a-z]{5}',
  ]; // prettier-ignore

  for (const source of BUNDLED) {
    it(`matches ${source}`, () => {
      const full = new RegExp(`^(?:${source})$`);
      for (const s of sample(source, 300)) assert.match(s, full);
    });
  }

  it('grows towards the soft minimum like Generex: User_[1-9]{0,1} always has its digit', () => {
    assert.ok(sample('User_[1-9]{0,1}').every((s) => /^User_[1-9]$/.test(s)));
  });

  it('Item_[1-9][0-9]{0,2} reaches 8 characters (Item_ + 3 digits)', () => {
    assert.ok(sample('Item_[1-9][0-9]{0,2}').every((s) => s.length === 8));
  });

  it('past the minimum it stops at random, so lengths vary', () => {
    const lengths = new Set(sample('[a-z ]{10,15}').map((s) => s.length));
    assert.ok(lengths.has(10) && lengths.size >= 4, [...lengths].join(','));
  });

  it('stops at the soft maximum for unbounded repetition', () => {
    for (const s of sample('a+', 200, 2, 6)) assert.ok(s.length >= 2 && s.length <= 5, s);
  });

  it('covers each alternative and each class member', () => {
    const values = new Set(sample('(red|green|blue)', 300));
    assert.deepEqual([...values].sort(), ['blue', 'green', 'red']);
    const digits = new Set(sample('\\d', 500, 0, 2));
    assert.equal(digits.size, 10);
  });

  it('negated classes and the dot stay in printable ASCII', () => {
    for (const s of sample('[^a-z]{3}.', 200, 0, 16)) {
      assert.equal(s.length, 4);
      assert.match(s, /^[^a-z]{3}[\x20-\x7e]$/);
    }
  });

  it('is deterministic for a given PRNG state', () => {
    assert.deepEqual(sample('[A-Z]{5,8}', 50), sample('[A-Z]{5,8}', 50));
  });

  it('rejects invalid regexes and back-references', () => {
    assert.throws(() => compileRegex('[a-'));
    assert.throws(() => compileRegex('(a)\\1'), /back-references/);
  });
});
