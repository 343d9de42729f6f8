/**
 * Opt-in circuit breaker (like Conduit's nack threshold): the task stops once `maxErrors`
 * failures fall within the last `size` records, even when each failure alone is tolerated.
 */
export class ErrorWindow {
  private readonly outcomes: boolean[] = [];
  private failures = 0;

  constructor(
    readonly size: number,
    readonly maxErrors: number,
  ) {}

  /** Records one outcome; true when the threshold is reached. */
  record(failed: boolean): boolean {
    this.outcomes.push(failed);
    if (failed) this.failures++;
    if (this.outcomes.length > this.size && this.outcomes.shift()) this.failures--;
    return this.failures >= this.maxErrors;
  }
}
