import { Injectable } from '@nestjs/common';
import { ApiError, newHexId } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { ConnectorRepository, type ConnectorWithTasks, type OffsetEntry } from '@libs/db';
import { ConnectPresenter, offsetsAppliedMessage } from '../connect.presenter';
import { SinkGroupOffsets } from '../sink-offsets';
import { ConnectorEvents } from './connector-events';
import { ConnectorSecrets } from './connector-secrets';
import { ConnectScope, resourceNotFound, type ConnectorScope } from './connect-scope';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function intOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim()) && Number.isSafeInteger(Number(v))) return Number(v);
  return null;
}

/**
 * Source partitions are stored under a primary key on their canonical JSON, and Postgres indexes at
 * most ~2.7 kB per entry: larger ones are refused here rather than failing the write.
 */
const MAX_SOURCE_PARTITION_BYTES = 2048;

/**
 * `[{partition:{…}, offset:{…}|null}]`. Sink connectors use Kafka Connect's fixed keys
 * (kafka_topic, kafka_partition → kafka_offset; integers may come as strings, as Confluent echoes
 * them); source partitions and offsets are whatever the connector defines.
 */
export function parseOffsetEntries(raw: unknown, type: 'source' | 'sink', allowNullOffset: boolean): OffsetEntry[] {
  if (!Array.isArray(raw)) throw ApiError.badRequest('offsets must be an array of {"partition": {…}, "offset": {…}}');
  return raw.map((e, i) => {
    if (!isObject(e) || !isObject(e.partition)) throw ApiError.badRequest(`offsets[${i}].partition must be an object`);
    if (e.offset === null || e.offset === undefined) {
      if (!allowNullOffset) throw ApiError.badRequest(`offsets[${i}].offset must be an object`);
    } else if (!isObject(e.offset)) throw ApiError.badRequest(`offsets[${i}].offset must be an object or null`);
    if (type === 'source' && Buffer.byteLength(JSON.stringify(e.partition)) > MAX_SOURCE_PARTITION_BYTES)
      throw ApiError.badRequest(`offsets[${i}].partition is larger than ${MAX_SOURCE_PARTITION_BYTES} bytes of JSON`);
    if (type === 'source')
      return { partition: e.partition, offset: (e.offset as Record<string, unknown> | undefined) ?? null };
    const topic = e.partition.kafka_topic;
    const partition = intOf(e.partition.kafka_partition);
    if (
      typeof topic !== 'string' ||
      topic === '' ||
      partition === null ||
      partition < 0 ||
      Object.keys(e.partition).length !== 2
    ) {
      throw ApiError.badRequest(
        `offsets[${i}].partition of a sink connector must be {"kafka_topic": <topic>, "kafka_partition": <partition>}`,
      );
    }
    if (!isObject(e.offset)) return { partition: { kafka_topic: topic, kafka_partition: partition }, offset: null };
    const offset = intOf(e.offset.kafka_offset);
    if (offset === null || offset < 0 || Object.keys(e.offset).length !== 1) {
      throw ApiError.badRequest(`offsets[${i}].offset of a sink connector must be {"kafka_offset": <offset ≥ 0>}`);
    }
    return { partition: { kafka_topic: topic, kafka_partition: partition }, offset: { kafka_offset: offset } };
  });
}

/** No task of the connector is doing work, so its offsets can be changed in place. */
const quiescent = (c: ConnectorWithTasks): boolean =>
  !c.tasks.some((t) => t.state === 'RUNNING' || t.state === 'PAUSED');

const stoppedOnly = (name: string) =>
  ApiError.badRequest(
    `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
  );

@Injectable()
export class ConnectorOffsets {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly present: ConnectPresenter,
    private readonly sinkOffsets: SinkGroupOffsets,
    private readonly secrets: ConnectorSecrets,
    private readonly events: ConnectorEvents,
  ) {}

  /** Source: the committed SourceOffset rows. Sink: the committed offsets of group connect-<lcc id>. */
  async get(p: Principal, env: string, lkc: string, name: string) {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (s.connector.type === 'SINK') {
      return this.present.offsets(
        s.connector,
        await this.sinkOffsets.read(s.cluster, s.connector.id, this.secrets.open(s.connector)),
      );
    }
    const rows = (await this.connectors.sourceOffsets(p.scope, s.cluster.id, s.connector.id)) ?? [];
    return this.present.offsets(s.connector, rows);
  }

  /**
   * Confluent's POST …/offsets/request: recorded, then applied here at once when the connector's
   * tasks are idle (source connectors), else left PENDING for the runtime (stop, apply, resume).
   */
  async request(p: Principal, env: string, lkc: string, name: string, body: unknown) {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (!isObject(body))
      throw ApiError.badRequest('The request body must be {"type": "PATCH"|"DELETE", "offsets"?: […]}');
    const type = body.type;
    if (type !== 'PATCH' && type !== 'DELETE') throw ApiError.badRequest('type must be PATCH or DELETE');
    const kind = s.connector.type === 'SINK' ? 'sink' : 'source';
    let offsets: OffsetEntry[] | null = null;
    if (type === 'PATCH') {
      offsets = parseOffsetEntries(body.offsets, kind, true);
      if (offsets.length === 0)
        throw ApiError.badRequest('Partitions / offsets need to be provided for an alter offsets request');
    } else if (body.offsets !== undefined && body.offsets !== null) {
      offsets = parseOffsetEntries(body.offsets, kind, true);
    }
    if (await this.connectors.pendingOffsetRequest(p.scope, s.cluster.id, s.connector.id)) {
      throw ApiError.badRequest(
        `An offsets request for connector ${name} is already pending; wait for it to be applied`,
      );
    }
    const req = await this.record(p, s, type, offsets);
    if (!quiescent(s.connector)) {
      await this.events.changed(s.connector.id); // for the runtime: stop, apply, resume
      return this.present.offsetRequest(s.connector, req);
    }
    if (kind === 'source') await this.applySource(p, s, req.id, type, offsets);
    else await this.applySink(p, s, req.id, type, offsets).catch(() => undefined); // FAILED is in the request status
    return this.present.offsetRequest(s.connector, req);
  }

  async requestStatus(p: Principal, env: string, lkc: string, name: string) {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    const r = await this.connectors.latestOffsetRequest(p.scope, s.cluster.id, s.connector.id);
    if (!r) throw resourceNotFound();
    return this.present.offsetRequestStatus(s.connector, r);
  }

  /** Kafka Connect's PATCH|DELETE /connectors/{name}/offsets: only on a STOPPED connector. */
  async alter(p: Principal, env: string, lkc: string, name: string, type: 'PATCH' | 'DELETE', body: unknown) {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    const kind = s.connector.type === 'SINK' ? 'sink' : 'source';
    let offsets: OffsetEntry[] | null = null;
    if (type === 'PATCH') {
      const raw = isObject(body) ? body.offsets : undefined;
      if (!Array.isArray(raw) || raw.length === 0)
        throw ApiError.badRequest('Partitions / offsets need to be provided for an alter offsets request');
      offsets = parseOffsetEntries(raw, kind, true);
    }
    if (s.connector.targetState !== 'STOPPED' || !quiescent(s.connector)) throw stoppedOnly(name);
    if (await this.connectors.pendingOffsetRequest(p.scope, s.cluster.id, s.connector.id)) {
      throw ApiError.badRequest(
        `An offsets request for connector ${name} is already pending; wait for it to be applied`,
      );
    }
    const req = await this.record(p, s, type, offsets);
    if (kind === 'sink') await this.applySink(p, s, req.id, type, offsets);
    else await this.applySource(p, s, req.id, type, offsets);
    return {
      message: `The offsets for this connector have been ${type === 'PATCH' ? 'altered' : 'reset'} successfully`,
    };
  }

  private async record(p: Principal, s: ConnectorScope, type: 'PATCH' | 'DELETE', offsets: OffsetEntry[] | null) {
    const req = await this.connectors.createOffsetRequest(p.scope, s.cluster.id, s.connector.id, {
      id: newHexId(),
      type,
      offsets,
      previousState: s.connector.targetState,
    });
    if (!req) throw resourceNotFound();
    return req;
  }

  /** Sink: the consumer group's offsets on the cluster; a failure marks the request FAILED and is a 500. */
  private async applySink(
    p: Principal,
    s: ConnectorScope,
    requestId: string,
    type: 'PATCH' | 'DELETE',
    offsets: OffsetEntry[] | null,
  ): Promise<void> {
    try {
      const previous = await this.sinkOffsets.alter(
        s.cluster,
        s.connector.id,
        this.secrets.open(s.connector),
        type,
        offsets,
      );
      await this.connectors.finishOffsetRequest(p.scope, s.cluster.id, s.connector.id, requestId, {
        status: 'APPLIED',
        previousOffsets: previous,
      });
    } catch (e) {
      const message = `The offsets could not be ${type === 'PATCH' ? 'altered' : 'reset'}: ${(e as Error).message}`;
      await this.connectors.finishOffsetRequest(p.scope, s.cluster.id, s.connector.id, requestId, {
        status: 'FAILED',
        error: message,
      });
      throw new ApiError(500, 'internal_error', 'Oops, something went wrong');
    }
  }

  private async applySource(
    p: Principal,
    s: ConnectorScope,
    requestId: string,
    type: 'PATCH' | 'DELETE',
    offsets: OffsetEntry[] | null,
  ) {
    const previous = await this.connectors.alterSourceOffsets(p.scope, s.cluster.id, s.connector.id, type, offsets);
    if (!previous) throw resourceNotFound();
    await this.connectors.finishOffsetRequest(p.scope, s.cluster.id, s.connector.id, requestId, {
      status: 'APPLIED',
      previousOffsets: previous,
    });
    const r = await this.connectors.latestOffsetRequest(p.scope, s.cluster.id, s.connector.id);
    if (!r) throw resourceNotFound();
    return r;
  }
}

export { offsetsAppliedMessage };
