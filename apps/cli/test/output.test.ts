// Golden tests of the renderer against the Go CLI's layout (CLI.md §1): borderless sorted lists
// with centred headers, bordered single-object tables, word wrapping, Go's JSON escapes, yaml.v3.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Printer, type Format } from '../src/output/printer';
import type { Field } from '../src/output/fields';
import { wrapWords } from '../src/output/wrap';

const capture = (format: Format) => {
  const out = { stdout: '', stderr: '' };
  const printer = new Printer({ stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s) }, format);
  return { out, printer };
};

const ENV_FIELDS: Field[] = [
  { title: 'Current', key: 'is_current', kind: 'current' },
  { title: 'ID', key: 'id' },
  { title: 'Name', key: 'name' },
  { title: 'Stream Governance Package', key: 'stream_governance_package' },
];
const ENVS = [
  { is_current: false, id: 'env-zz9', name: 'staging', stream_governance_package: 'ESSENTIALS' },
  { is_current: true, id: 'env-a1', name: 'kc-101', stream_governance_package: 'ADVANCED' },
  { is_current: false, id: 'env-b22', name: 'x', stream_governance_package: 'ESSENTIALS' },
];

describe('human list', () => {
  it('is borderless, centred headers, sorted by ID (Current skipped), Current as *', () => {
    const { out, printer } = capture('human');
    printer.list(ENV_FIELDS, ENVS);
    assert.equal(
      out.stdout,
      [
        '  Current |   ID    |  Name   | Stream Governance Package  ',
        '----------+---------+---------+----------------------------',
        '  *       | env-a1  | kc-101  | ADVANCED                   ',
        '          | env-b22 | x       | ESSENTIALS                 ',
        '          | env-zz9 | staging | ESSENTIALS                 ',
        '',
      ].join('\n'),
    );
  });

  it('right-aligns integer columns, odd header padding goes right', () => {
    const { out, printer } = capture('human');
    printer.list(
      [
        { title: 'Task', key: 'task', kind: 'int' },
        { title: 'State', key: 'state' },
      ],
      [
        { task: 1, state: 'PAUSED' },
        { task: 0, state: 'RUNNING' },
      ],
    );
    assert.equal(
      out.stdout,
      ['  Task |  State   ', '-------+----------', '     0 | RUNNING  ', '     1 | PAUSED   ', ''].join('\n'),
    );
  });

  it('prints None found. for an empty list, [] in JSON', () => {
    const h = capture('human');
    h.printer.list(ENV_FIELDS, []);
    assert.equal(h.out.stdout, 'None found.\n');
    const j = capture('json');
    j.printer.list(ENV_FIELDS, []);
    assert.equal(j.out.stdout, '[]\n');
  });

  it('wraps cells wider than 30 columns at words, with minimal raggedness (the last line free)', () => {
    const { out, printer } = capture('human');
    printer.list(
      [
        { title: 'ID', key: 'id' },
        { title: 'Trace', key: 'trace' },
      ],
      [{ id: 'lcc-1', trace: 'Invalid value for configuration connection.host: unreachable' }],
    );
    assert.equal(
      out.stdout,
      [
        '   ID   |             Trace               ',
        '--------+---------------------------------',
        '  lcc-1 | Invalid value for               ',
        '        | configuration connection.host:  ',
        '        | unreachable                     ',
        '',
      ].join('\n'),
    );
  });

  it('keeps a word longer than the limit whole', () => {
    assert.deepEqual(wrapWords('a ' + 'x'.repeat(40) + ' b', 30), ['a', 'x'.repeat(40), 'b']);
  });
});

describe('single object', () => {
  it('is a bordered two-column table, omit-if-empty rows dropped', () => {
    const { out, printer } = capture('human');
    printer.object(
      [
        { title: 'ID', key: 'id' },
        { title: 'Name', key: 'name' },
        { title: 'Error Trace', key: 'error_trace', omitEmpty: true },
        { title: 'Current', key: 'is_current', kind: 'current' },
      ],
      { id: 'lcc-7', name: 'DatagenSourceConnector_0', error_trace: '', is_current: false },
    );
    assert.equal(
      out.stdout,
      [
        '+---------+--------------------------+',
        '| ID      | lcc-7                    |',
        '| Name    | DatagenSourceConnector_0 |',
        '| Current | false                    |',
        '+---------+--------------------------+',
        '',
      ].join('\n'),
    );
  });
});

describe('json and yaml', () => {
  it('JSON: 2-space indent, Go escapes, keys in field order, omitEmpty keys dropped', () => {
    const { out, printer } = capture('json');
    printer.list(
      [
        { title: 'Key', key: 'key' },
        { title: 'Owner Email', key: 'owner_email' },
        { title: 'Current', key: 'is_current', kind: 'current', omitEmpty: true },
      ],
      [{ key: 'K1', owner_email: '<service account>', is_current: false }],
    );
    assert.equal(out.stdout, '[\n  {\n    "key": "K1",\n    "owner_email": "\\u003cservice account\\u003e"\n  }\n]\n');
  });

  it('JSON: short scalar arrays stay on one line, arrays of objects do not', () => {
    const { out, printer } = capture('json');
    printer.document({ a: ['x', 1, true], b: [{ task: 0 }], c: [] });
    assert.equal(
      out.stdout,
      '{\n  "a": ["x", 1, true],\n  "b": [\n    {\n      "task": 0\n    }\n  ],\n  "c": []\n}\n',
    );
  });

  it('YAML: sequences and nested maps as yaml.v3 writes them', () => {
    const { out, printer } = capture('yaml');
    printer.document({ connector: { id: 'lcc-1', type: 'sink' }, tasks: [{ task: 0, state: 'RUNNING' }], configs: [] });
    assert.equal(
      out.stdout,
      'connector:\n    id: lcc-1\n    type: sink\ntasks:\n    - task: 0\n      state: RUNNING\nconfigs: []\n',
    );
  });

  it('YAML list: top-level sequence', () => {
    const { out, printer } = capture('yaml');
    printer.list(ENV_FIELDS.slice(1, 3), ENVS.slice(0, 2));
    assert.equal(out.stdout, '- id: env-a1\n  name: kc-101\n- id: env-zz9\n  name: staging\n');
  });
});
