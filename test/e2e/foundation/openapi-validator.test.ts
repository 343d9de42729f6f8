// The conformance checker itself: it must find the right operation and reject what Confluent's
// spec rejects, or every "validated against the spec" assertion elsewhere would be hollow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CONFLUENT_OPENAPI_DIR, SPEC_FILES, openApiValidator } from '../../support/openapi-validator';

const env = {
  api_version: 'org/v2',
  kind: 'Environment',
  id: 'env-abc123',
  metadata: {
    self: 'https://x/org/v2/environments/env-abc123',
    resource_name: 'crn://confluent.cloud/organization=o/environment=env-abc123',
    created_at: '2024-01-02T03:04:05.678Z',
    updated_at: '2024-01-02T03:04:05.678Z',
  },
  display_name: 'dev',
  stream_governance_config: { package: 'ESSENTIALS' },
};

describe('OpenAPI validator', () => {
  it('reads the specs vendored inside the repository (a clone alone can run the tests)', () => {
    const fromRoot = relative(resolve(__dirname, '../../..'), CONFLUENT_OPENAPI_DIR);
    assert.equal(fromRoot, join('test', 'fixtures', 'confluent-openapi'));
    for (const name of SPEC_FILES) assert.ok(existsSync(join(CONFLUENT_OPENAPI_DIR, `${name}.openapi.yaml`)), name);
  });

  it('matches concrete paths to templates, most specific first', () => {
    const v = openApiValidator();
    assert.equal(v.match('/org/v2/environments')?.template, '/org/v2/environments');
    assert.equal(v.match('/org/v2/environments')?.spec, 'org-v2');
    assert.equal(v.match('/org/v2/environments/env-1?x=1')?.template, '/org/v2/environments/{id}');
    assert.equal(v.match('/iam/v2/api-keys/ABC')?.spec, 'iam-v2-api-keys');
    assert.equal(v.match('/iam/v2/role-bindings')?.spec, 'mds-v2-role-bindings');
    assert.equal(v.match('/cmk/v2/clusters/lkc-1')?.template, '/cmk/v2/clusters/{id}');
    assert.equal(v.match('/nope'), undefined);
  });

  it('accepts a conforming body and rejects broken ones', () => {
    const v = openApiValidator();
    assert.ok(v.validate('GET', '/org/v2/environments/env-abc123', 200, env).ok);
    assert.equal(v.validate('GET', '/org/v2/environments/env-abc123', 200, { ...env, display_name: 7 }).ok, false);
    assert.equal(
      v.validate('GET', '/org/v2/environments/env-abc123', 200, {
        ...env,
        metadata: { ...env.metadata, created_at: 'yesterday' },
      }).ok,
      false,
    );
    assert.equal(v.validate('GET', '/org/v2/environments/env-abc123', 200, { ...env, kind: 'Cluster' }).ok, false);
    const list = {
      api_version: 'org/v2',
      kind: 'EnvironmentList',
      metadata: { first: 'https://x/org/v2/environments', total_size: 1 },
      data: [env],
    };
    assert.ok(v.validate('GET', '/org/v2/environments', 200, list).ok);
    assert.equal(v.validate('GET', '/org/v2/environments', 200, { ...list, data: 'nope' }).ok, false);
  });

  it('Failure bodies: status must be a string; undocumented error statuses still need a Failure', () => {
    const v = openApiValidator();
    const failure = {
      errors: [{ id: 'r', status: '404', code: 'resource_not_found', title: 'Not Found', detail: 'x', source: {} }],
    };
    assert.ok(v.validate('GET', '/org/v2/environments/env-1', 404, failure).ok);
    assert.equal(
      v.validate('GET', '/org/v2/environments/env-1', 404, { errors: [{ ...failure.errors[0], status: 404 }] }).ok,
      false,
    );
    assert.equal(
      v.validate('GET', '/org/v2/environments/env-1', 404, { error: { code: 404, message: 'x' } }).ok,
      false,
    );
    assert.ok(v.validate('POST', '/iam/v2/api-keys', 404, failure).ok);
    assert.equal(v.validate('POST', '/iam/v2/api-keys', 404, { message: 'x' }).ok, false);
  });

  it('a success status the operation does not document fails', () => {
    const v = openApiValidator();
    const out = v.validate('DELETE', '/iam/v2/role-bindings/rb-1', 204, undefined);
    assert.equal(out.ok, false);
    assert.match(out.errors.join(), /does not document status 204/);
    assert.ok(v.validate('DELETE', '/org/v2/environments/env-1', 204, undefined).ok);
    assert.equal(v.validate('DELETE', '/org/v2/environments/env-1', 204, { unexpected: true }).ok, false);
  });
});
