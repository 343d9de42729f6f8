// DescribeConfigs / AlterConfigs / IncrementalAlterConfigs for topics (type 2) and the broker (type 4).
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import { TopicError } from '../topics/tenant-topics';
import { BROKER_CONFIGS, TOPIC_CONFIGS } from '../topics/topic-config';
import { RequestContext } from './context';

const TOPIC = 2;
const BROKER = 4;
// ConfigSource values (DescribeConfigs v1+).
const DYNAMIC_TOPIC_CONFIG = 1;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;

export function describeConfigs(ctx: RequestContext, body: Msg): Msg {
  return {
    throttleTimeMs: 0,
    results: (body.resources as Msg[]).map((r) => {
      const keys = r.configurationKeys as string[] | null;
      const wanted = (name: string) => keys === null || keys.length === 0 || keys.includes(name);
      const base = { resourceType: r.resourceType, resourceName: r.resourceName, errorMessage: null };
      if (r.resourceType === TOPIC) {
        const topic = ctx.tenant.topics.get(r.resourceName);
        if (!topic)
          return {
            ...base,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: 'Topic does not exist',
            configs: [],
          };
        return {
          ...base,
          errorCode: ErrorCode.NONE,
          configs: Object.keys(TOPIC_CONFIGS)
            .filter(wanted)
            .map((name) => {
              const set = topic.configs[name] !== undefined;
              return {
                name,
                value: set ? topic.configs[name] : TOPIC_CONFIGS[name].def,
                readOnly: false,
                isDefault: !set,
                configSource: set ? DYNAMIC_TOPIC_CONFIG : DEFAULT_CONFIG,
                isSensitive: false,
                synonyms: [],
              };
            }),
        };
      }
      if (r.resourceType === BROKER) {
        return {
          ...base,
          errorCode: ErrorCode.NONE,
          configs: Object.entries(BROKER_CONFIGS)
            .filter(([k]) => wanted(k))
            .map(([name, value]) => ({
              name,
              value:
                name === 'auto.create.topics.enable'
                  ? String(ctx.broker.autoCreate(ctx.tenant.id))
                  : name === 'num.partitions'
                    ? String(ctx.broker.defaultPartitions)
                    : value,
              readOnly: true,
              isDefault: false,
              configSource: STATIC_BROKER_CONFIG,
              isSensitive: false,
              synonyms: [],
            })),
        };
      }
      return {
        ...base,
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: `Unsupported resource type ${r.resourceType}`,
        configs: [],
      };
    }),
  };
}

function alter(ctx: RequestContext, body: Msg, incremental: boolean): Msg {
  return {
    throttleTimeMs: 0,
    responses: (body.resources as Msg[]).map((r) => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      if (r.resourceType !== TOPIC) {
        return {
          ...base,
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: 'Only topic configs can be altered on this broker',
        };
      }
      const changes: Record<string, string | null> = {};
      for (const c of r.configs as Msg[]) {
        if (!incremental) changes[c.name] = c.value;
        else if (c.configOperation === 0)
          changes[c.name] = c.value; // SET
        else if (c.configOperation === 1)
          changes[c.name] = null; // DELETE
        else
          return {
            ...base,
            errorCode: ErrorCode.INVALID_CONFIG,
            errorMessage: 'APPEND/SUBTRACT apply to list configs only; none are supported',
          };
      }
      try {
        ctx.tenant.topics.setConfigs(r.resourceName, changes, !incremental, body.validateOnly === true);
        return { ...base, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (e) {
        if (e instanceof TopicError) return { ...base, errorCode: e.code, errorMessage: e.message };
        throw e;
      }
    }),
  };
}

export function alterConfigs(ctx: RequestContext, body: Msg): Msg {
  return alter(ctx, body, false);
}

export function incrementalAlterConfigs(ctx: RequestContext, body: Msg): Msg {
  return alter(ctx, body, true);
}
