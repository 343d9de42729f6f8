// The errors.* keys have one definition (libs/connect-runtime errorHandlingConfigDef): what validate
// reports and accepts is what the running task resolves.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigKey } from '@libs/connect-spi';
import { ERRORS, errorHandlingConfigDef, resolveErrorHandling } from '@libs/connect-runtime';
import { frameworkConfigDef } from './connector-config';

const TYPES = ['source', 'sink'] as const;

describe('errors.* in validate and in the runtime', () => {
  for (const type of TYPES) {
    it(`${type}: validate defines exactly the runtime's keys`, () => {
      const runtime = errorHandlingConfigDef(type).configKeys;
      const framework = [...frameworkConfigDef(type).configKeys].filter(([name]) => name.startsWith('errors.'));
      assert.deepEqual(
        framework.map(([name]) => name),
        [...runtime.keys()],
      );
      const shape = (k: ConfigKey) => ({
        type: k.type,
        defaultValue: k.defaultValue,
        validator: String(k.validator),
        group: k.group,
        orderInGroup: k.orderInGroup,
        displayName: k.displayName,
        documentation: k.documentation,
      });
      for (const [name, key] of framework) assert.deepEqual(shape(key), shape(runtime.get(name)!), name);
    });

    it(`${type}: the defaults validate reports are the ones a task runs with`, () => {
      const reported = frameworkConfigDef(type).defaultValues();
      const resolved = resolveErrorHandling({}, { type, connectorId: 'lcc-1' });
      assert.equal(reported[ERRORS.tolerance], resolved.tolerance);
      assert.equal(reported[ERRORS.retryTimeout], resolved.retryTimeoutMs);
      assert.equal(reported[ERRORS.retryDelayMax], resolved.retryDelayMaxMs);
      assert.equal(reported[ERRORS.logEnable], resolved.logEnable);
      assert.equal(reported[ERRORS.logIncludeMessages], resolved.logIncludeMessages);
      assert.equal(reported[ERRORS.dlqContextHeaders], resolved.dlqContextHeaders);
      assert.equal(reported[ERRORS.dlqReplicationFactor], resolved.dlqReplicationFactor);
      // the one connector-dependent default: a sink's DLQ is dlq-<connector id>
      assert.equal(reported[ERRORS.dlqTopic], '');
      assert.equal(resolved.dlqTopic, type === 'sink' ? 'dlq-lcc-1' : null);
    });

    it(`${type}: a value validate refuses, the runtime refuses too (and the reverse)`, () => {
      for (const [name, value] of [
        [ERRORS.tolerance, 'ALL'],
        [ERRORS.retryTimeout, '-2'],
        [ERRORS.retryDelayMax, '0'],
        [ERRORS.windowSize, '-1'],
        [ERRORS.logEnable, 'maybe'],
        [ERRORS.retryTimeout, '-1'],
        [ERRORS.tolerance, 'all'],
      ]) {
        const refusedByValidate = frameworkConfigDef(type)
          .validateAll({ [name]: value })
          .get(name)!.errorMessages;
        let refusedByRuntime = false;
        try {
          resolveErrorHandling({ [name]: value }, { type, connectorId: 'lcc-1' });
        } catch {
          refusedByRuntime = true;
        }
        assert.equal(refusedByValidate.length > 0, refusedByRuntime, `${name}=${value}`);
      }
    });
  }
});
