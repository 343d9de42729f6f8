// io.confluent.connect.transforms.TombstoneHandler: drop tombstones quietly (ignore), drop and
// warn (warn, the default), or fail the task (fail).
import { ConfigDef, DataException, type Transformation, ValidString } from '@libs/connect-spi';
import type { AnyRecord } from '../util/requirements';

export type TombstoneLogger = (level: 'debug' | 'warn', message: string) => void;

export function tombstoneHandlerConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'behavior',
    type: 'STRING',
    defaultValue: 'warn',
    validator: ValidString.in('ignore', 'warn', 'fail'),
    importance: 'MEDIUM',
    documentation: 'ignore: drop tombstones with a DEBUG log; warn: drop with a WARN log; fail: throw a DataException.',
  });
}

export class TombstoneHandler<R extends AnyRecord> implements Transformation<R> {
  /** Where the ignore/warn messages go; the runtime replaces it with its task logger. */
  static logger: TombstoneLogger = () => {};
  private behavior: 'ignore' | 'warn' | 'fail' = 'warn';

  config(): ConfigDef {
    return tombstoneHandlerConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    this.behavior = tombstoneHandlerConfigDef().parse(props).behavior as 'ignore' | 'warn' | 'fail';
  }

  apply(record: R): R | null {
    if (record.value !== null && record.value !== undefined) return record;
    const msg = `Tombstone record encountered on topic ${record.topic}`;
    switch (this.behavior) {
      case 'fail':
        TombstoneHandler.logger('debug', msg);
        throw new DataException(`${msg}; failing because behavior is 'fail'`);
      case 'warn':
        TombstoneHandler.logger('warn', msg + '; dropping it');
        return null;
      default:
        TombstoneHandler.logger('debug', msg + '; dropping it');
        return null;
    }
  }

  close(): void {}
}
