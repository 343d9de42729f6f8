import type { ErrorContext, ErrorReporter } from '../processing-context';

export type ErrorLogger = (line: string, error: Error) => void;

/** errors.log.enable: one ERROR line per failure, in Kafka Connect's wording. */
export class LogReporter implements ErrorReporter {
  constructor(
    private readonly log: ErrorLogger,
    private readonly includeMessages: boolean,
  ) {}

  async report(ctx: ErrorContext): Promise<void> {
    let line = `Error encountered in task ${ctx.connectorName}-${ctx.taskId}. Executing stage '${ctx.stage}' with class '${ctx.executingClass}'`;
    if (this.includeMessages && ctx.consumed) {
      const c = ctx.consumed;
      line += `, where consumed record is {topic='${c.topic}', partition=${c.partition}, offset=${c.offset}, timestamp=${c.timestamp ?? -1}, timestampType=${c.timestamp === undefined ? 'NoTimestampType' : 'CreateTime'}}`;
    } else if (this.includeMessages && ctx.sourceRecord) {
      line += `, where source record is = ${ctx.sourceRecord.toString()}`;
    }
    this.log(`${line}.`, ctx.error);
  }
}
