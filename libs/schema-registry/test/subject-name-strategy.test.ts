import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseQualifiedSubject,
  recordNameStrategy,
  subjectNameStrategyByName,
  topicNameStrategy,
  topicRecordNameStrategy,
  withContext,
} from '@libs/schema-registry';

describe('subject name strategies', () => {
  it('TopicNameStrategy: <topic>-key / <topic>-value', () => {
    assert.equal(topicNameStrategy({ topic: 'orders', isKey: false, recordName: 'io.x.Order' }), 'orders-value');
    assert.equal(topicNameStrategy({ topic: 'orders', isKey: true, recordName: undefined }), 'orders-key');
  });

  it('RecordNameStrategy and TopicRecordNameStrategy use the fully-qualified name', () => {
    assert.equal(recordNameStrategy({ topic: 'orders', isKey: false, recordName: 'io.x.Order' }), 'io.x.Order');
    assert.equal(
      topicRecordNameStrategy({ topic: 'orders', isKey: true, recordName: 'io.x.Order' }),
      'orders-io.x.Order',
    );
    assert.throws(() => recordNameStrategy({ topic: 'orders', isKey: false, recordName: undefined }), /named schema/);
  });

  it('resolves Java class names and short names', () => {
    assert.equal(
      subjectNameStrategyByName('io.confluent.kafka.serializers.subject.TopicRecordNameStrategy'),
      topicRecordNameStrategy,
    );
    assert.equal(subjectNameStrategyByName('TopicNameStrategy'), topicNameStrategy);
    assert.throws(() => subjectNameStrategyByName('Nope'));
  });

  it('qualifies subjects with a schema context', () => {
    assert.equal(withContext('orders-value', 'prod'), ':.prod:orders-value');
    assert.equal(withContext('orders-value', '.prod'), ':.prod:orders-value');
    assert.equal(withContext('orders-value', undefined), 'orders-value');
    assert.equal(withContext('orders-value', '.'), 'orders-value');
    assert.equal(withContext(':.other:orders-value', 'prod'), ':.other:orders-value');
    assert.deepEqual(parseQualifiedSubject(':.prod:orders-value'), { context: 'prod', subject: 'orders-value' });
    assert.deepEqual(parseQualifiedSubject('orders-value'), { context: '', subject: 'orders-value' });
  });
});
