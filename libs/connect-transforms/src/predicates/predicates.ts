// The three built-in predicates (org.apache.kafka.connect.transforms.predicates.*).
import { CompositeValidator, ConfigDef, NonEmptyString, type Predicate } from '@libs/connect-spi';
import { compileFullMatch, regexValidator } from '../util/java-regex';
import type { AnyRecord } from '../util/requirements';

export function topicNameMatchesConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'pattern',
    type: 'STRING',
    validator: CompositeValidator.of(new NonEmptyString(), regexValidator),
    importance: 'MEDIUM',
    documentation: "A Java regular expression for matching against the name of a record's topic.",
  });
}

/** True when the topic is non-null and fully matches `pattern`. */
export class TopicNameMatches<R extends AnyRecord> implements Predicate<R> {
  private pattern: RegExp = /$^/;
  config(): ConfigDef {
    return topicNameMatchesConfigDef();
  }
  configure(props: Readonly<Record<string, unknown>>): void {
    this.pattern = compileFullMatch(topicNameMatchesConfigDef().parse(props).pattern as string);
  }
  test(record: R): boolean {
    return record.topic !== null && record.topic !== undefined && this.pattern.test(record.topic);
  }
  close(): void {}
}

export function hasHeaderKeyConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'name',
    type: 'STRING',
    validator: new NonEmptyString(),
    importance: 'MEDIUM',
    documentation: 'The header name.',
  });
}

/** True when at least one header has the key `name`. */
export class HasHeaderKey<R extends AnyRecord> implements Predicate<R> {
  private name = '';
  config(): ConfigDef {
    return hasHeaderKeyConfigDef();
  }
  configure(props: Readonly<Record<string, unknown>>): void {
    this.name = hasHeaderKeyConfigDef().parse(props).name as string;
  }
  test(record: R): boolean {
    return record.headers.lastWithName(this.name) !== null;
  }
  close(): void {}
}

/** True when the record value is null, whatever the key. */
export class RecordIsTombstone<R extends AnyRecord> implements Predicate<R> {
  config(): ConfigDef {
    return new ConfigDef();
  }
  configure(_props: Readonly<Record<string, unknown>>): void {}
  test(record: R): boolean {
    return record.value === null || record.value === undefined;
  }
  close(): void {}
}
