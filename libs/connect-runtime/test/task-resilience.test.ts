// Pure policies of the task runtime: restart backoff and its reset after a healthy run, the job
// lease that lets sends skip the epoch check, and how a sink tells group errors from its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupCall, groupErrorKind, isGroupError, isRejoinable } from '../src/runtime/group-errors';
import { JobLease, leaseMsFor } from '../src/runtime/job-lease';
import {
  DEFAULT_RESTART_RESET_MS,
  restartBackoffMs,
  restartCountAfterRun,
  type RestartPolicy,
} from '../src/runtime/task-runner';

const policy: RestartPolicy = { enabled: true, baseMs: 1000, maxMs: 60_000 };

describe('restart backoff', () => {
  it('doubles from the base up to the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 5, 6, 7, 100].map((n) => restartBackoffMs(policy, n)),
      [1000, 2000, 4000, 32_000, 60_000, 60_000, 60_000],
    );
  });

  it('starts over after a run that was RUNNING for the reset period (default 60 s)', () => {
    assert.equal(DEFAULT_RESTART_RESET_MS, 60_000);
    assert.equal(restartCountAfterRun(policy, 7, 59_999), 7, 'not healthy long enough: keeps counting');
    assert.equal(restartCountAfterRun(policy, 7, 60_000), 0);
    assert.equal(restartCountAfterRun(policy, 7, 0), 7, 'never reached RUNNING');
    assert.equal(restartBackoffMs(policy, restartCountAfterRun(policy, 12, 3_600_000)), 1000, 'back to 1 s');
  });

  it('uses the configured reset period', () => {
    const p = { ...policy, resetAfterMs: 5000 };
    assert.equal(restartCountAfterRun(p, 3, 4999), 3);
    assert.equal(restartCountAfterRun(p, 3, 5000), 0);
  });
});

describe('job lease', () => {
  it('is invalid until a lock is confirmed, then valid for its duration from the send time', () => {
    const lease = new JobLease(1000);
    assert.equal(lease.valid, false);
    lease.confirm(performance.now());
    assert.equal(lease.valid, true);
    // a renewal sent long ago (e.g. before the process was frozen) proves nothing now
    const old = new JobLease(1000);
    old.confirm(performance.now() - 1500);
    assert.equal(old.valid, false);
  });

  it('never moves back: a late answer to an older renewal does not shorten it', () => {
    const lease = new JobLease(1000);
    lease.confirm(performance.now());
    lease.confirm(performance.now() - 5000);
    assert.equal(lease.valid, true);
  });

  it('takes a wall-clock fetch time (BullMQ processedOn)', () => {
    const lease = new JobLease(1000);
    lease.confirmWallClock(Date.now() - 2000);
    assert.equal(lease.valid, false);
    lease.confirmWallClock(Date.now());
    assert.equal(lease.valid, true);
  });

  it('ends a tenth before the lock', () => {
    assert.equal(leaseMsFor(4000), 3600);
  });
});

describe('sink group errors', () => {
  const kafkaError = (type: string) => Object.assign(new Error(type), { type });

  it('classifies kafkajs protocol errors', () => {
    assert.equal(groupErrorKind(kafkaError('REBALANCE_IN_PROGRESS')), 'rebalance');
    for (const t of ['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID'])
      assert.equal(groupErrorKind(kafkaError(t)), 'lost', t);
    assert.equal(groupErrorKind(kafkaError('NOT_COORDINATOR_FOR_GROUP')), 'transient');
    assert.equal(groupErrorKind(new Error('Connection closed')), 'transient');
    assert.equal(groupErrorKind(null), 'transient');
  });

  it('restarts a crashed consumer for membership and connection errors, not for the rest', () => {
    assert.equal(isRejoinable(kafkaError('UNKNOWN_MEMBER_ID')), true, 'forgotten by a restarted broker');
    assert.equal(isRejoinable(Object.assign(new Error('closed'), { name: 'KafkaJSConnectionClosedError' })), true);
    const wrapped = Object.assign(new Error('retries'), { name: 'KafkaJSNonRetriableError' });
    (wrapped as { cause?: unknown }).cause = kafkaError('NOT_COORDINATOR_FOR_GROUP');
    assert.equal(isRejoinable(wrapped), true, 'looks through causes');
    assert.equal(isRejoinable(kafkaError('SASL_AUTHENTICATION_FAILED')), false);
    assert.equal(isRejoinable(kafkaError('GROUP_AUTHORIZATION_FAILED')), false);
    assert.equal(isRejoinable(new Error('put failed')), false);
  });

  it('marks what a group call throws, and nothing else', async () => {
    const e = kafkaError('REBALANCE_IN_PROGRESS');
    await assert.rejects(
      groupCall(() => Promise.reject(e)),
      (thrown) => thrown === e,
    );
    assert.equal(isGroupError(e), true);
    assert.equal(isGroupError(new Error('put failed')), false);
    assert.equal(await groupCall(() => Promise.resolve(42)), 42);
  });
});
