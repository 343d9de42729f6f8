import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFullMatch, SimpleDateFormat, translateReplacement } from '@libs/connect-transforms';

describe('SimpleDateFormat (UTC)', () => {
  const at = new Date(Date.UTC(2024, 2, 5, 14, 7, 9, 45));
  it('formats Java pattern letters', () => {
    assert.equal(new SimpleDateFormat('yyyy-MM-dd HH:mm:ss.SSS').format(at), '2024-03-05 14:07:09.045');
    assert.equal(new SimpleDateFormat("yyyyMMdd'T'HHmmss'Z'").format(at), '20240305T140709Z');
    assert.equal(new SimpleDateFormat('yy/M/d h:mm a').format(at), '24/3/5 2:07 PM');
    assert.equal(new SimpleDateFormat('EEE, d MMM yyyy').format(at), 'Tue, 5 Mar 2024');
    assert.equal(new SimpleDateFormat('EEEE MMMM D').format(at), 'Tuesday March 65');
    assert.equal(new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ssZ").format(at), '2024-03-05T14:07:09+0000');
    assert.equal(new SimpleDateFormat("HH 'o''clock'").format(at), "14 o'clock");
  });

  it('parses leniently, including adjacent numeric fields and offsets', () => {
    assert.equal(new SimpleDateFormat('yyyyMMdd').parse('20240305').toISOString(), '2024-03-05T00:00:00.000Z');
    assert.equal(
      new SimpleDateFormat('yyyy-MM-dd HH:mm').parse('2024-3-5 9:30').toISOString(),
      '2024-03-05T09:30:00.000Z',
    );
    assert.equal(
      new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ssXXX").parse('2024-03-05T10:00:00+02:00').toISOString(),
      '2024-03-05T08:00:00.000Z',
    );
    assert.equal(
      new SimpleDateFormat('dd MMM yyyy hh:mm a').parse('05 Mar 2024 02:07 PM').toISOString(),
      '2024-03-05T14:07:00.000Z',
    );
    assert.throws(() => new SimpleDateFormat('yyyy-MM-dd').parse('March'), /Unparseable date/);
    assert.throws(() => new SimpleDateFormat('yyyy-qq'), /Illegal pattern character 'q'/);
  });
});

describe('Java regex translation', () => {
  it('full match and replacement syntax', () => {
    assert.ok(compileFullMatch('foo').test('foo'));
    assert.ok(!compileFullMatch('foo').test('foobar'));
    assert.ok(compileFullMatch('a|b').test('b'));
    assert.ok(!compileFullMatch('a|b').test('ab'));
    assert.equal(translateReplacement('$1-${name}\\$\\\\'), '$1-$<name>$$\\');
  });
});
