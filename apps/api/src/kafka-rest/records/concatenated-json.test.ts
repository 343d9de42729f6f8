import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConcatenatedJsonParser, type ParsedItem } from './concatenated-json';

const values = (items: ParsedItem[]) => items.map((i) => (i.ok ? i.value : { error: i.message }));

function feedBytewise(text: string): ParsedItem[] {
  const p = new ConcatenatedJsonParser();
  const bytes = Buffer.from(text, 'utf8');
  const out: ParsedItem[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(...p.push(bytes.subarray(i, i + 1)));
  out.push(...p.end());
  return out;
}

describe('ConcatenatedJsonParser', () => {
  it('splits concatenated objects with or without whitespace, whatever the chunking (incl. split UTF-8)', () => {
    const objs = [
      { a: 1 },
      { s: 'br}ace{s "quoted" \\ back' },
      { nested: { arr: [1, { x: ']' }] } },
      { u: 'héllo ✓ 🚀' },
    ];
    const text =
      JSON.stringify(objs[0]) +
      JSON.stringify(objs[1]) +
      '\n  ' +
      JSON.stringify(objs[2]) +
      '\r\n' +
      JSON.stringify(objs[3]) +
      ' ';
    assert.deepEqual(values(feedBytewise(text)), objs);
    const whole = new ConcatenatedJsonParser();
    assert.deepEqual(values([...whole.push(Buffer.from(text)), ...whole.end()]), objs);
  });

  it('a malformed object is one error and parsing goes on; a non-object is a framing error that stops it', () => {
    const p = new ConcatenatedJsonParser();
    const out = [...p.push(Buffer.from('{"a":1}{"b":,}{"c":3}[1]{"d":4}')), ...p.end()];
    assert.equal(out.length, 4);
    assert.deepEqual(
      out.slice(0, 1).map((i) => i.ok),
      [true],
    );
    assert.equal(out[1]?.ok, false);
    assert.deepEqual(out[2], { ok: true, value: { c: 3 } });
    assert.equal(out[3]?.ok, false);
    assert.ok(p.broken);
  });

  it('an unfinished object at the end is an error; an object over the size limit too', () => {
    const p = new ConcatenatedJsonParser();
    assert.deepEqual(p.push(Buffer.from('{"a":')), []);
    assert.equal(p.end()[0]?.ok, false);
    const small = new ConcatenatedJsonParser(10);
    const out = small.push(Buffer.from('{"a":"0123456789"'));
    assert.equal(out[0]?.ok, false);
    assert.ok(small.broken);
  });
});
