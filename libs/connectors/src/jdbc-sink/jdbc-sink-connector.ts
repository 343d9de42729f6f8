// The JDBC sink connector, dialect-neutral: config checks at start, one task config per task, and
// validate = the dialect's ConfigDef + the JDBC cross-property rules + the egress policy on
// connection.host, with our messages replacing the ConfigDef's for the properties we word.
import { ConfigDef, SinkConnector, type Config, type Props, type TaskConstructor } from '@libs/connect-spi';
import type { EgressPolicy } from '../egress/egress-policy';
import { mergeErrors } from '../common/validation';
import { egressProblems } from './jdbc-sink-config';

/** Properties whose ConfigDef errors our validators replace (Confluent's wording). */
export const JDBC_OWNED_PROPERTIES = [
  'insert.mode',
  'pk.mode',
  'ssl.mode',
  'input.data.format',
  'input.key.format',
  'quote.sql.identifiers',
  'auto.create',
  'auto.evolve',
  'delete.enabled',
  'db.timezone',
  'connection.port',
];

export abstract class JdbcSinkConnector extends SinkConnector {
  private props: Props = {};

  protected abstract parse(props: Props): unknown;
  protected abstract problems(props: Props): Record<string, string[]>;
  /** The policy validate checks connection.host against (undefined: the process-wide one). */
  protected abstract policy(): EgressPolicy | undefined;
  abstract override config(): ConfigDef;
  abstract override taskClass(): TaskConstructor<unknown>;

  start(props: Props): void {
    this.parse(props);
    this.props = { ...props };
  }

  taskConfigs(maxTasks: number): Props[] {
    const n = Math.max(1, Math.min(maxTasks, Number(this.props['tasks.max'] ?? maxTasks) || 1));
    return Array.from({ length: n }, (_, i) => ({ ...this.props, 'task.id': String(i) }));
  }

  stop(): void {}

  override async validate(props: Props): Promise<Config> {
    const base = this.config().validate(props);
    const errors = this.problems(props);
    for (const [k, v] of Object.entries(await egressProblems(props, this.policy()))) (errors[k] ??= []).push(...v);
    return mergeErrors(base, errors, JDBC_OWNED_PROPERTIES);
  }
}
