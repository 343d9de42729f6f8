// S3_SINK (Confluent's io.confluent.connect.s3.S3SinkConnector): config checks at start, one task
// config per task, and validate = the ConfigDef + the cross-property rules + the egress policy on
// store.url (the S3-compatible endpoint; AWS's own endpoints are public).
import { SinkConnector, type Config, type ConfigDef, type Props, type TaskConstructor } from '@libs/connect-spi';
import { mergeErrors } from '../common/validation';
import { egressPolicy } from '../egress/egress-policy';
import { s3SinkConfigDef } from './s3-sink-config-def';
import { parseS3SinkConfig, s3SinkProblems, storeUrl } from './s3-sink-config';
import { S3_SINK_VERSION, s3SinkHooks, S3SinkTask } from './s3-sink-task';

export const S3_SINK_CLASS = 'io.confluent.connect.s3.S3SinkConnector';

export class S3SinkConnector extends SinkConnector {
  private props: Props = {};

  version(): string {
    return S3_SINK_VERSION;
  }

  start(props: Props): void {
    parseS3SinkConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskConstructor<unknown> {
    return S3SinkTask;
  }

  taskConfigs(maxTasks: number): Props[] {
    const n = Math.max(1, Math.min(maxTasks, Number(this.props['tasks.max'] ?? maxTasks) || 1));
    return Array.from({ length: n }, (_, i) => ({ ...this.props, 'task.id': String(i) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return s3SinkConfigDef();
  }

  override async validate(props: Props): Promise<Config> {
    const base = this.config().validate(props);
    const errors = s3SinkProblems(props);
    const raw = String(props['store.url'] ?? '').trim();
    const u = storeUrl(raw);
    if (u) {
      const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
      const msg = await (s3SinkHooks.policy ?? egressPolicy()).validationError(
        'store.url',
        u.hostname.replace(/^\[|\]$/g, ''),
        port,
      );
      if (msg) (errors['store.url'] ??= []).push(msg.replace(`Invalid value ${u.hostname}`, `Invalid value ${raw}`));
    }
    return mergeErrors(base, errors);
  }
}
