// HttpSinkV2 (Confluent's io.confluent.connect.http.sink.GenericHttpSinkConnector): config checks
// at start, one task config per task, and validate = the ConfigDef + the cross-property rules +
// the egress policy on http.api.base.url and oauth2.token.url.
import { SinkConnector, type Config, type ConfigDef, type Props, type TaskConstructor } from '@libs/connect-spi';
import { mergeErrors } from '../common/validation';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import { httpSinkConfigDef } from './http-sink-config-def';
import { httpSinkProblems, httpUrl, parseHttpSinkConfig } from './http-sink-config';
import { HTTP_SINK_VERSION, httpSinkHooks, HttpSinkTask } from './http-sink-task';

export const HTTP_SINK_CLASS = 'io.confluent.connect.http.sink.GenericHttpSinkConnector';

/** Properties whose ConfigDef errors our validators replace. */
const OWNED = ['http.api.base.url'];

/** The egress verdict on the URL in `property`, as a validate message (null: allowed or no URL). */
export async function urlEgressProblem(policy: EgressPolicy, property: string, value: string): Promise<string | null> {
  const u = httpUrl(value.trim());
  if (!u) return null;
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  const d = await policy.check(u.hostname.replace(/^\[|\]$/g, ''), port);
  return d.allowed ? null : `Invalid value ${value} for configuration ${property}: ${d.reason}`;
}

export class HttpSinkConnector extends SinkConnector {
  private props: Props = {};

  version(): string {
    return HTTP_SINK_VERSION;
  }

  start(props: Props): void {
    parseHttpSinkConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskConstructor<unknown> {
    return HttpSinkTask;
  }

  taskConfigs(maxTasks: number): Props[] {
    const n = Math.max(1, Math.min(maxTasks, Number(this.props['tasks.max'] ?? maxTasks) || 1));
    return Array.from({ length: n }, (_, i) => ({ ...this.props, 'task.id': String(i) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return httpSinkConfigDef();
  }

  override async validate(props: Props): Promise<Config> {
    const base = this.config().validate(props);
    const errors = httpSinkProblems(props);
    const policy = httpSinkHooks.policy ?? egressPolicy();
    for (const k of ['http.api.base.url', 'oauth2.token.url']) {
      if (k === 'oauth2.token.url' && String(props['auth.type'] ?? '').toUpperCase() !== 'OAUTH2') continue;
      const msg = await urlEgressProblem(policy, k, String(props[k] ?? ''));
      if (msg) (errors[k] ??= []).push(msg);
    }
    return mergeErrors(base, errors, OWNED);
  }
}
