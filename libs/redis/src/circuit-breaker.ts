/** Thrown instead of waiting when Redis is known to be unreachable. */
export class RedisUnavailableError extends Error {
  constructor(reason: string) {
    super(`redis unavailable: ${reason}`);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * Fails calls fast while a dependency is down: after a connectivity failure every call is refused
 * for `openMs`; then a single probe call goes through (the others are still refused) and its
 * outcome closes or re-opens the breaker. Errors `isAnswer` accepts (the server replied, e.g. a
 * script error) prove the server is up and do not open it.
 */
export class CircuitBreaker {
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly openMs: number,
    private readonly isAnswer: (err: unknown) => boolean = () => false,
    private readonly now: () => number = Date.now,
  ) {}

  get isOpen(): boolean {
    return this.openUntil !== 0 && (this.probing || this.now() < this.openUntil);
  }

  async run<T>(op: () => Promise<T>): Promise<T> {
    const halfOpen = this.openUntil !== 0;
    if (halfOpen) {
      if (this.probing || this.now() < this.openUntil) throw new RedisUnavailableError('circuit open');
      this.probing = true;
    }
    try {
      const value = await op();
      this.openUntil = 0;
      return value;
    } catch (err) {
      if (this.isAnswer(err)) this.openUntil = 0;
      else this.openUntil = this.now() + this.openMs;
      throw err;
    } finally {
      if (halfOpen) this.probing = false;
    }
  }
}
