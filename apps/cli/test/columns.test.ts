// Every command's columns against the Confluent CLI's (CLI.md §3–§9): human titles in order, and
// the JSON/YAML keys they serialize to. A renamed or reordered column breaks scripts that parse
// `confluent` output, so each one is pinned here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Field } from '../src/output/fields';
import * as context from '../src/commands/context';
import * as environment from '../src/commands/environment';
import * as cluster from '../src/commands/kafka-cluster';
import * as apiKey from '../src/commands/api-key';
import * as serviceAccount from '../src/commands/service-account';
import * as topic from '../src/commands/kafka-topic';
import * as plugin from '../src/commands/connect-plugin';
import * as connector from '../src/commands/connect-cluster';
import * as offset from '../src/commands/connect-offset';
import * as logs from '../src/commands/connect-logs';
import * as sr from '../src/commands/schema-registry';

const columns = (fields: Field[]) => fields.map((f) => [f.title, f.key]);

const EXPECTED: [string, Field[], [string, string][]][] = [
  [
    'context list',
    context.LIST_FIELDS,
    [
      ['Current', 'is_current'],
      ['Name', 'name'],
      ['Platform', 'platform'],
      ['Credential', 'credential'],
    ],
  ],
  [
    'context describe',
    context.DESCRIBE_FIELDS,
    [
      ['Name', 'name'],
      ['Platform', 'platform'],
      ['Credential', 'credential'],
    ],
  ],
  [
    'environment list/describe',
    environment.FIELDS,
    [
      ['Current', 'is_current'],
      ['ID', 'id'],
      ['Name', 'name'],
      ['Stream Governance Package', 'stream_governance_package'],
    ],
  ],
  [
    'kafka cluster list',
    cluster.LIST_FIELDS,
    [
      ['Current', 'is_current'],
      ['ID', 'id'],
      ['Name', 'name'],
      ['Type', 'type'],
      ['Cloud', 'cloud'],
      ['Region', 'region'],
      ['Availability', 'availability'],
      ['Network', 'network'],
      ['Status', 'status'],
      ['Deletion Protection', 'deletion_protection'],
      ['Endpoint', 'endpoint'],
    ],
  ],
  [
    'kafka cluster describe/create',
    cluster.DESCRIBE_FIELDS,
    [
      ['Current', 'is_current'],
      ['ID', 'id'],
      ['Name', 'name'],
      ['Type', 'type'],
      ['Ingress Limit (MB/s)', 'ingress_limit'],
      ['Egress Limit (MB/s)', 'egress_limit'],
      ['Storage', 'storage'],
      ['Cloud', 'cloud'],
      ['Region', 'region'],
      ['Availability', 'availability'],
      ['Network', 'network'],
      ['Status', 'status'],
      ['Deletion Protection', 'deletion_protection'],
      ['Endpoint', 'endpoint'],
      ['REST Endpoint', 'rest_endpoint'],
      ['Max eCKU', 'max_ecku'],
      ['Topic Count', 'topic_count'],
    ],
  ],
  [
    'api-key list/describe',
    apiKey.LIST_FIELDS,
    [
      ['Current', 'is_current'],
      ['Key', 'key'],
      ['Description', 'description'],
      ['Owner', 'owner'],
      ['Owner Email', 'owner_email'],
      ['Resource Type', 'resource_type'],
      ['Resource', 'resource'],
      ['Created', 'created'],
    ],
  ],
  [
    'api-key create',
    apiKey.CREATED_FIELDS,
    [
      ['API Key', 'api_key'],
      ['API Secret', 'api_secret'],
    ],
  ],
  [
    'service-account',
    serviceAccount.FIELDS,
    [
      ['ID', 'id'],
      ['Name', 'name'],
      ['Description', 'description'],
    ],
  ],
  [
    'kafka topic list/describe',
    topic.FIELDS,
    [
      ['Name', 'name'],
      ['Internal', 'is_internal'],
      ['Replication Factor', 'replication_factor'],
      ['Partition Count', 'partition_count'],
    ],
  ],
  [
    'kafka topic update, kafka topic configuration list',
    topic.UPDATE_FIELDS,
    [
      ['Name', 'name'],
      ['Value', 'value'],
      ['Read-Only', 'read_only'],
    ],
  ],
  [
    'connect plugin list',
    plugin.LIST_FIELDS,
    [
      ['Plugin Name', 'plugin_name'],
      ['Type', 'type'],
    ],
  ],
  [
    'connect plugin describe',
    plugin.DESCRIBE_FIELDS,
    [
      ['Config', 'config'],
      ['Documentation', 'documentation'],
      ['Required', 'is_required'],
    ],
  ],
  [
    'connect cluster create',
    connector.CREATE_FIELDS,
    [
      ['ID', 'id'],
      ['Name', 'name'],
      ['Error Trace', 'error_trace'],
    ],
  ],
  [
    'connect cluster list/describe',
    connector.LIST_FIELDS,
    [
      ['ID', 'id'],
      ['Name', 'name'],
      ['Status', 'status'],
      ['Type', 'type'],
      ['Trace', 'trace'],
    ],
  ],
  [
    'connect cluster describe tasks',
    connector.TASK_FIELDS,
    [
      ['Task', 'task'],
      ['State', 'state'],
    ],
  ],
  [
    'connect cluster describe configs',
    connector.CONFIG_FIELDS,
    [
      ['Config', 'config'],
      ['Value', 'value'],
    ],
  ],
  [
    'connect offset describe',
    offset.DESCRIBE_FIELDS,
    [
      ['ID', 'id'],
      ['Name', 'name'],
      ['Offsets', 'offsets'],
      ['Metadata', 'metadata'],
    ],
  ],
  [
    'connect offset update/delete/status',
    offset.STATUS_FIELDS,
    [
      ['ID', 'id'],
      ['RequestType', 'request_type'],
      ['RequestedAt', 'requested_at'],
      ['Phase', 'phase'],
      ['Message', 'message'],
      ['Applied At', 'applied_at'],
      ['Requested Offsets', 'requested_offsets'],
      ['Previous Offsets', 'previous_offsets'],
    ],
  ],
  [
    'connect logs',
    logs.LOG_FIELDS,
    [
      ['Timestamp', 'timestamp'],
      ['Level', 'level'],
      ['Task ID', 'task_id'],
      ['Message', 'message'],
      ['Exception', 'exception'],
    ],
  ],
  [
    'connect event describe',
    logs.EVENT_FIELDS,
    [
      ['Cluster', 'cluster'],
      ['Environment', 'environment'],
      ['Service Account', 'service_account'],
      ['Topic Name', 'topic_name'],
    ],
  ],
  [
    'schema-registry schema list',
    sr.SCHEMA_FIELDS,
    [
      ['ID', 'id'],
      ['Subject', 'subject'],
      ['Version', 'version'],
    ],
  ],
  ['schema-registry subject list', sr.SUBJECT_FIELDS, [['Subject', 'subject']]],
  ['schema-registry subject describe', sr.VERSION_FIELDS, [['Version', 'version']]],
];

describe("every command's columns are the Confluent CLI's", () => {
  for (const [command, fields, expected] of EXPECTED)
    it(command, () => {
      assert.deepEqual(columns(fields), expected);
    });

  it('integer columns are right-aligned, Current columns are Current', () => {
    assert.deepEqual(
      topic.FIELDS.filter((f) => f.kind === 'int').map((f) => f.key),
      ['replication_factor', 'partition_count'],
    );
    assert.equal(connector.TASK_FIELDS[0]!.kind, 'int');
    for (const f of [context.LIST_FIELDS, environment.FIELDS, cluster.LIST_FIELDS, apiKey.LIST_FIELDS])
      assert.equal(f[0]!.kind, 'current');
  });

  it('omit-if-empty where the Go CLI has it (Network, Error Trace, Trace; api-key is_current only when true)', () => {
    const omitted = (fields: Field[]) => fields.filter((f) => f.omitEmpty).map((f) => f.key);
    assert.deepEqual(omitted(cluster.LIST_FIELDS), ['network']);
    assert.deepEqual(omitted(connector.CREATE_FIELDS), ['error_trace']);
    assert.deepEqual(omitted(connector.LIST_FIELDS), ['trace']);
    assert.deepEqual(omitted(apiKey.LIST_FIELDS), ['is_current']);
  });
});
