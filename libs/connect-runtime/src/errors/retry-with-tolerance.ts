import { ConnectException, RetriableException } from '@libs/connect-spi';
import type { ErrorHandlingConfig } from './error-handling-config';
import { ErrorWindow } from './error-window';
import type { ErrorContext, ErrorReporter } from './processing-context';
import { toleratesAnyException } from './stage';

export class ToleranceExceededException extends ConnectException {
  constructor(cause: unknown) {
    super('Tolerance exceeded in error handler', { cause });
  }
}

export interface ErrorMetrics {
  totalRecordFailures: number;
  totalRecordErrors: number;
  totalRecordsSkipped: number;
  totalRetries: number;
  totalErrorsLogged: number;
  lastErrorTimestamp: number;
}

export interface OperatorDeps {
  reporters: ErrorReporter[];
  /** Aborting (task shutdown) cuts a retry wait short and fails the operation. */
  signal?: AbortSignal;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The error window counts records, not stage executions: successes are recorded only by
   * recordSuccess(), once per record (the task loops run several stages per record).
   */
  perRecordWindow?: boolean;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: Error };

const BASE_DELAY_MS = 300;

/** `operation`, whose first call gives the outcome already obtained and later calls run it again (retries). */
function replayFirst<T>(operation: () => T | Promise<T>, first: () => Promise<T>): () => T | Promise<T> {
  let replayed = false;
  return () => {
    if (replayed) return operation();
    replayed = true;
    return first();
  };
}

const isRetriable = (err: unknown): boolean =>
  err instanceof RetriableException ||
  /RetriableException$/.test(String((err as { javaClassName?: unknown }).javaClassName ?? ''));

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * KIP-298's RetryWithToleranceOperator: retry retriable failures with Kafka Connect's backoff
 * (300 ms doubling, then jitter below errors.retry.delay.max.ms, never past errors.retry.timeout),
 * run every reporter (log, DLQ) on a final failure, then fail the task (tolerance none, an
 * untolerable exception, or the error window tripping) or skip the record (tolerance all).
 */
export class RetryWithToleranceOperator {
  readonly metrics: ErrorMetrics = {
    totalRecordFailures: 0,
    totalRecordErrors: 0,
    totalRecordsSkipped: 0,
    totalRetries: 0,
    totalErrorsLogged: 0,
    lastErrorTimestamp: 0,
  };
  private readonly window: ErrorWindow | null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    readonly config: ErrorHandlingConfig,
    private readonly deps: OperatorDeps,
  ) {
    this.window = config.window ? new ErrorWindow(config.window.size, config.window.maxErrors) : null;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? defaultSleep;
  }

  /** Runs one stage of one record. `{ok:false}` means: skip this record (it was reported). */
  async execute<T>(ctx: Omit<ErrorContext, 'error'>, operation: () => T | Promise<T>): Promise<Attempt<T>> {
    const deadline = this.config.retryTimeoutMs < 0 ? Infinity : this.now() + this.config.retryTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await operation();
        if (!this.deps.perRecordWindow) this.window?.record(false);
        return { ok: true, value };
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        const retryable = isRetriable(error) && this.config.retryTimeoutMs !== 0 && !this.deps.signal?.aborted;
        if (retryable && this.now() < deadline) {
          const exp = BASE_DELAY_MS * 2 ** (attempt - 1);
          const delay =
            exp > this.config.retryDelayMaxMs ? Math.floor(this.random() * this.config.retryDelayMaxMs) : exp;
          this.metrics.totalRetries++;
          await this.sleep(Math.max(0, Math.min(delay, deadline - this.now())), this.deps.signal);
          if (!this.deps.signal?.aborted) continue;
        }
        if (!toleratesAnyException(ctx.stage) && !isRetriable(error)) {
          throw new ConnectException('Unhandled exception in error handler', { cause: error });
        }
        await this.fail({ ...ctx, error });
        return { ok: false, error };
      }
    }
  }

  /**
   * execute() without its cost when the operation returns synchronously (the common case): no
   * context object, no promise, no microtask. A throw or a promise continues through execute()
   * with that first outcome, so retries, reporting and the verdict are the same.
   */
  attempt<T>(
    ctx: () => Omit<ErrorContext, 'error'>,
    operation: () => T | Promise<T>,
  ): Attempt<T> | Promise<Attempt<T>> {
    let first: T | Promise<T>;
    try {
      first = operation();
    } catch (err) {
      return this.execute(
        ctx(),
        replayFirst(operation, () => Promise.reject(err)),
      );
    }
    if (first instanceof Promise)
      return this.execute(
        ctx(),
        replayFirst(operation, () => first),
      );
    if (!this.deps.perRecordWindow) this.window?.record(false);
    return { ok: true, value: first };
  }

  /** One record went through every stage (with perRecordWindow). */
  recordSuccess(): void {
    this.window?.record(false);
  }

  /** KIP-610: a sink task reports a record it could not write (stage TASK_PUT). */
  async reportErrant(ctx: ErrorContext): Promise<void> {
    await this.fail(ctx);
  }

  /** Reporters first (so even a fail-fast task leaves its record in the DLQ), then the verdict. */
  private async fail(ctx: ErrorContext): Promise<void> {
    this.metrics.totalRecordFailures++;
    this.metrics.totalRecordErrors++;
    this.metrics.lastErrorTimestamp = this.now();
    for (const r of this.deps.reporters) await r.report(ctx);
    this.metrics.totalErrorsLogged += this.deps.reporters.length > 0 ? 1 : 0;
    if (this.config.tolerance === 'none') throw new ToleranceExceededException(ctx.error);
    if (this.window?.record(true)) {
      throw new ConnectException(
        `Error window exceeded: ${this.config.window!.maxErrors} failed records within the last ${this.config.window!.size}`,
        { cause: ctx.error },
      );
    }
    this.metrics.totalRecordsSkipped++;
  }
}
