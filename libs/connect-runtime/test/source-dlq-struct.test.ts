// The source DLQ's JSON fallback renders a Struct as an object of its fields (docs/errors.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaBuilder, SourceRecord, Struct } from '@libs/connect-spi';
import { buildDlqMessage } from '../src/errors';

describe('source DLQ format with a Struct value', () => {
  it('renders Struct fields, not the schema object', () => {
    const schema = SchemaBuilder.struct()
      .field('id', SchemaBuilder.int64())
      .field('name', SchemaBuilder.string())
      .build();
    const value = new Struct(schema).put('id', 7n).put('name', 'x');
    const record = new SourceRecord({ db: 'a' }, { pos: 1 }, 'out', null, null, 'k', schema, value);
    const msg = buildDlqMessage(
      {
        connectorName: 'lcc-1',
        taskId: 0,
        stage: 'TRANSFORMATION',
        executingClass: 'org.apache.kafka.connect.transforms.Cast$Value',
        error: new Error('boom'),
        sourceRecord: record,
      },
      false,
    );
    const doc = JSON.parse(msg.value!.toString()) as Record<string, unknown>;
    assert.deepEqual(doc.value, { id: '7', name: 'x' });
  });
});
