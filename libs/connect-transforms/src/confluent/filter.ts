// io.confluent.connect.transforms.Filter$Key / $Value: keep (include) or drop (exclude)
// records matching a JSONPath condition; missing.or.null.behavior decides for records that
// lack the condition's fields.
import {
  ConfigDef,
  ConfigException,
  DataException,
  LambdaValidator,
  type Transformation,
  ValidString,
} from '@libs/connect-spi';
import { checkJsonPath, evaluateCondition } from '../util/json-path';
import { type Side, operatingValue } from '../util/key-value';
import type { AnyRecord } from '../util/requirements';
import { toPlain } from '../util/to-plain';

export function confluentFilterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'filter.condition',
      type: 'STRING',
      validator: LambdaValidator.with(
        (name, value) => {
          try {
            checkJsonPath(String(value));
          } catch (e) {
            throw new ConfigException(name, value, 'Invalid JSON Path expression: ' + (e as Error).message);
          }
        },
        () => 'Valid JSON Path expression',
      ),
      importance: 'HIGH',
      documentation:
        'The criteria used to match records to be included or excluded by this transformation. JSON Path syntax.',
    })
    .define({
      name: 'filter.type',
      type: 'STRING',
      validator: ValidString.in('include', 'exclude'),
      importance: 'HIGH',
      documentation:
        'The action to perform with records that match the filter.condition predicate: include or exclude.',
    })
    .define({
      name: 'missing.or.null.behavior',
      type: 'STRING',
      defaultValue: 'fail',
      validator: ValidString.in('fail', 'include', 'exclude'),
      importance: 'MEDIUM',
      documentation: 'How to handle records with a null value or with a missing field used in the filter condition.',
    });
}

export class ConfluentFilter<R extends AnyRecord> implements Transformation<R> {
  private condition = '$';
  private include = true;
  private missing: 'fail' | 'include' | 'exclude' = 'fail';

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return confluentFilterConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = confluentFilterConfigDef().parse(props);
    this.condition = p['filter.condition'] as string;
    this.include = p['filter.type'] === 'include';
    this.missing = p['missing.or.null.behavior'] as 'fail' | 'include' | 'exclude';
  }

  apply(record: R): R | null {
    const result = evaluateCondition(this.condition, toPlain(operatingValue(this.side, record)));
    if (result === 'missing') {
      if (this.missing === 'fail')
        throw new DataException(
          `Filter condition field(s) missing or null in record ${this.side}; filter.condition=${this.condition}`,
        );
      return this.missing === 'include' ? record : null;
    }
    const matched = result === 'match';
    return matched === this.include ? record : null;
  }

  close(): void {}
}
