// RegexRouter: when the whole topic matches, rename it with replaceFirst(replacement).
import { ConfigDef, type Transformation } from '@libs/connect-spi';
import { compileFullMatch, regexValidator, translateReplacement } from './util/java-regex';
import type { AnyRecord } from './util/requirements';

export function regexRouterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'regex',
      type: 'STRING',
      validator: regexValidator,
      importance: 'HIGH',
      documentation: 'Regular expression to use for matching.',
    })
    .define({ name: 'replacement', type: 'STRING', importance: 'HIGH', documentation: 'Replacement string.' });
}

export class RegexRouter<R extends AnyRecord> implements Transformation<R> {
  private regex: RegExp = /$^/;
  private replacement = '';

  config(): ConfigDef {
    return regexRouterConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = regexRouterConfigDef().parse(props);
    this.regex = compileFullMatch(p.regex as string);
    this.replacement = translateReplacement(p.replacement as string);
  }

  apply(record: R): R | null {
    if (!this.regex.test(record.topic)) return record;
    const topic = record.topic.replace(this.regex, this.replacement);
    return record.newRecord(
      topic,
      record.kafkaPartition,
      record.keySchema,
      record.key,
      record.valueSchema,
      record.value,
      record.timestamp,
    );
  }

  close(): void {}
}
