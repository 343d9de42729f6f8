import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as avro from 'avsc';
import {
  findQuickstart,
  listQuickstarts,
  loadQuickstartSchema,
  QUICKSTART_NAMES,
  QUICKSTARTS_DIR,
} from './quickstarts';
import { RecordGenerator } from './record-generator';
import { DatagenTaskStream } from './datagen-task';
import { validateDatagenConfig } from './validate-config';
import type { AvroSchemaObject } from './avro-types';

// `quickstart.recommended_values` of Confluent's fully-managed DatagenSource template
// (confluentinc/connect-migration-utility `templates/fm/DatagenSource_resolved_templates.json`), in its order.
const CLOUD_NAMES = [
  'CLICKSTREAM_CODES', 'CLICKSTREAM', 'CLICKSTREAM_USERS', 'ORDERS', 'RATINGS', 'USERS', 'USERS_ARRAY', 'PAGEVIEWS',
  'STOCK_TRADES', 'INVENTORY', 'PRODUCT', 'PURCHASES', 'TRANSACTIONS', 'STORES', 'CREDIT_CARDS', 'CAMPAIGN_FINANCE',
  'FLEET_MGMT_DESCRIPTION', 'FLEET_MGMT_LOCATION', 'FLEET_MGMT_SENSORS', 'PIZZA_ORDERS', 'PIZZA_ORDERS_COMPLETED',
  'PIZZA_ORDERS_CANCELLED', 'INSURANCE_OFFERS', 'INSURANCE_CUSTOMERS', 'INSURANCE_CUSTOMER_ACTIVITY', 'GAMING_GAMES',
  'GAMING_PLAYERS', 'GAMING_PLAYER_ACTIVITY', 'PAYROLL_EMPLOYEE', 'PAYROLL_EMPLOYEE_LOCATION', 'PAYROLL_BONUS',
  'SYSLOG_LOGS', 'DEVICE_INFORMATION', 'SIEM_LOGS', 'SHOES', 'SHOE_CUSTOMERS', 'SHOE_ORDERS', 'SHOE_CLICKSTREAM',
]; // prettier-ignore

const RECORDS_PER_QUICKSTART = 300;

describe('quickstart registry', () => {
  it('lists exactly the 38 Cloud names in the template order', () => {
    assert.deepEqual([...QUICKSTART_NAMES], CLOUD_NAMES);
  });

  it('maps every bundled schema file exactly once', () => {
    const files = readdirSync(QUICKSTARTS_DIR)
      .filter((f) => f.endsWith('.avro'))
      .sort();
    assert.equal(files.length, 38);
    assert.deepEqual(
      listQuickstarts()
        .map((q) => q.file)
        .sort(),
      files,
    );
  });

  it('looks names up case-insensitively, with USERS_ARRAY and the connector name users_ as one', () => {
    assert.equal(findQuickstart('orders')?.name, 'ORDERS');
    assert.equal(findQuickstart('Orders')?.file, 'orders_schema.avro');
    assert.equal(findQuickstart('USERS_ARRAY')?.file, 'users_array_map_schema.avro');
    assert.equal(findQuickstart('users_')?.name, 'USERS_ARRAY');
    assert.equal(findQuickstart('USERS')?.file, 'users_schema.avro');
    assert.equal(findQuickstart('nope'), undefined);
  });

  it('has the connector default key fields for the common ones', () => {
    const keys = Object.fromEntries(listQuickstarts().map((q) => [q.name, q.keyField]));
    assert.equal(keys.ORDERS, 'orderid');
    assert.equal(keys.TRANSACTIONS, 'transaction_id');
    assert.equal(keys.USERS, 'userid');
    assert.equal(keys.PAGEVIEWS, 'viewtime');
    assert.equal(keys.STOCK_TRADES, 'symbol');
    assert.equal(keys.SHOE_ORDERS, 'order_id');
  });

  it('parses clickstream_schema.avro despite its // comments', () => {
    const s = loadQuickstartSchema(findQuickstart('CLICKSTREAM')!) as AvroSchemaObject;
    assert.equal(s.name, 'events');
  });
});

describe('every quickstart generates records valid against its Avro schema', () => {
  for (const q of listQuickstarts()) {
    it(`${q.name} (${q.file})`, () => {
      const schema = loadQuickstartSchema(q);
      const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
      const fields = (schema as AvroSchemaObject).fields!.map((f) => f.name);
      assert.ok(fields.includes(q.keyField), `key field ${q.keyField} in schema`);

      const config = validateDatagenConfig({
        'kafka.topic': 't',
        quickstart: q.name,
        'tasks.max': '1',
        'random.seed': '7',
      });
      assert.equal(config.errorCount, 0, JSON.stringify(config.errors));
      const stream = new DatagenTaskStream(config.config!, 0);
      for (let i = 0; i < RECORDS_PER_QUICKSTART; i++) {
        const r = stream.next();
        const errors: string[] = [];
        const ok = type.isValid(r.value, { errorHook: (path) => errors.push(path.join('.')) });
        assert.ok(ok, `record ${i} invalid at ${errors.join(', ')}: ${JSON.stringify(r.value)}`);
        assert.equal(typeof r.key, 'string', 'quickstarts always have a string key');
        assert.equal(r.key, String(r.value[q.keyField]));
        // Round-trips through Avro binary, as the AVRO output format will do.
        const encoded = type.toBuffer(r.value);
        assert.deepEqual(type.toBuffer(type.fromBuffer(encoded)), encoded);
      }
    });
  }

  it('random generator with a seed but no config is reproducible for each quickstart', () => {
    for (const q of listQuickstarts()) {
      const a = new RecordGenerator(loadQuickstartSchema(q), { seed: '123' });
      const b = new RecordGenerator(loadQuickstartSchema(q), { seed: '123' });
      for (let i = 0; i < 20; i++) assert.deepEqual(a.next(), b.next(), q.name);
    }
  });
});
