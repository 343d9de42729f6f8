// A task's lease, derived from its BullMQ job lock. A lock renewal sent at time t that succeeded
// keeps the job ours until at least t + lockDuration: no other worker can take the job before, so
// none can claim the task, so our epoch is still current. Sends (produce, DLQ, put) therefore skip
// Postgres while the lease holds, and re-confirm the epoch there once it has run out (the event
// loop stalled or the process was frozen past the lock, or Redis is slow or down). A zombie that
// resumes after its task moved thus finds out before its first send, not after it.
import { Worker } from 'bullmq';

/** Safety margin against timer and clock-rate slack: the lease ends a tenth before the lock. */
export function leaseMsFor(lockDurationMs: number): number {
  return Math.floor(lockDurationMs * 0.9);
}

export class JobLease {
  private until = Number.NEGATIVE_INFINITY;

  constructor(private readonly durationMs: number) {}

  /** A lock renewal (or the fetch that took the lock) sent at `sentAt` (performance.now()) succeeded. */
  confirm(sentAt: number): void {
    this.until = Math.max(this.until, sentAt + this.durationMs);
  }

  /** The same, from a wall-clock time (a BullMQ job's processedOn). */
  confirmWallClock(sentAtMs: number): void {
    this.confirm(performance.now() - (Date.now() - sentAtMs));
  }

  get valid(): boolean {
    return performance.now() < this.until;
  }
}

/** A BullMQ worker that reports which locks a renewal confirmed, with the time it was sent. */
export class LeaseTrackingWorker<T> extends Worker<T> {
  onLocksConfirmed: (jobIds: string[], sentAt: number) => void = () => undefined;

  override async extendJobLocks(jobIds: string[], tokens: string[], duration: number): Promise<string[]> {
    const sentAt = performance.now();
    const failed = await super.extendJobLocks(jobIds, tokens, duration);
    const ok = jobIds.filter((id) => !failed.includes(id));
    if (ok.length > 0) this.onLocksConfirmed(ok, sentAt);
    return failed;
  }
}
