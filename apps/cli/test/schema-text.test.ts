// `schema-registry schema describe` human text (CLI.md §9): id, type (AVRO by default), the schema
// with 4-space indentation, then References, Metadata and Ruleset blocks only when present.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { schemaText } from '../src/commands/schema-text';

describe('schema describe text', () => {
  it('prints a plain Avro schema without the optional blocks', () => {
    assert.equal(
      schemaText({ schema: '{"type":"string"}' }, '100001'),
      'Schema ID: 100001\nType: AVRO\nSchema:\n{\n    "type": "string"\n}\n',
    );
  });

  it('prints references, metadata and ruleset in that order; Protobuf text as is', () => {
    const text = schemaText(
      {
        id: 7,
        schemaType: 'PROTOBUF',
        schema: 'syntax = "proto3";\nmessage A { B b = 1; }',
        references: [{ name: 'b.proto', subject: 'b', version: 2 }],
        metadata: { properties: { owner: 'a' } },
        ruleSet: { domainRules: [] },
      },
      undefined,
    );
    assert.equal(
      text,
      'Schema ID: 7\nType: PROTOBUF\nSchema:\nsyntax = "proto3";\nmessage A { B b = 1; }\n' +
        'References:\n\tb.proto -> b 2\n' +
        'Metadata:\n{\n    "properties": {\n        "owner": "a"\n    }\n}\n' +
        'Ruleset:\n{\n    "domainRules": []\n}\n',
    );
  });
});
