// POST …/connectors/preview (connectplane extension): a connector config's converters and
// transformation chain run on sample records given inline; before/after per record with the
// error (stage, class, message). Creates nothing, produces nothing, registers no schema.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { ConfigException } from '@libs/connect-api';
import { previewTransforms, type PreviewInputRecord } from '@libs/connect-runtime';
import { ConnectScope, resourceNotFound } from './connect-scope';

export const PREVIEW_MAX_RECORDS = 100;

const stripConnector = (s: string) => (s.endsWith('Connector') ? s.slice(0, -'Connector'.length) : s);

@Injectable()
export class PreviewTransforms {
  constructor(private readonly scope: ConnectScope) {}

  async execute(p: Principal, env: string, lkc: string, body: unknown) {
    await this.scope.cluster(p, env, lkc);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw ApiError.badRequest('The request body must be a JSON object');
    const b = body as { config?: unknown; records?: unknown; topic?: unknown; limit?: unknown };
    if (!b.config || typeof b.config !== 'object' || Array.isArray(b.config)) throw ApiError.badRequest('"config" must be a JSON object of connector configs');
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(b.config as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      config[k] = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    }
    const cls = config['connector.class'];
    if (!cls) throw ApiError.badRequest('Connector config contains no connector type');
    const plugin = this.scope.registry.find(cls.trim()) ?? this.scope.registry.find(stripConnector(cls.trim()));
    if (!plugin) throw resourceNotFound();
    if (b.topic !== undefined && b.records === undefined) {
      // reading a topic needs a group-less fetch client; not built yet (docs/api.md)
      throw ApiError.badRequest('Previewing records read from "topic" is not supported yet; pass "records" inline');
    }
    if (!Array.isArray(b.records) || b.records.length === 0) throw ApiError.badRequest('"records" must be a non-empty array');
    const limit = b.limit === undefined ? PREVIEW_MAX_RECORDS : Number(b.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > PREVIEW_MAX_RECORDS) throw ApiError.badRequest(`"limit" must be an integer between 1 and ${PREVIEW_MAX_RECORDS}`);
    const records: PreviewInputRecord[] = [];
    for (const [i, r] of (b.records as unknown[]).slice(0, limit).entries()) {
      if (!r || typeof r !== 'object' || Array.isArray(r) || !('value' in r)) throw ApiError.badRequest(`records[${i}] must be an object with a "value"`);
      const rec = r as PreviewInputRecord;
      if (rec.headers !== undefined && (typeof rec.headers !== 'object' || rec.headers === null || Array.isArray(rec.headers))) throw ApiError.badRequest(`records[${i}].headers must be an object of strings`);
      if (rec.partition !== undefined && !Number.isInteger(rec.partition)) throw ApiError.badRequest(`records[${i}].partition must be an integer`);
      if (rec.offset !== undefined && !Number.isInteger(rec.offset)) throw ApiError.badRequest(`records[${i}].offset must be an integer`);
      records.push(rec);
    }
    const defaultTopic = typeof b.topic === 'string' && b.topic ? b.topic : plugin.type === 'sink' ? (config.topics ?? '').split(',')[0]?.trim() || 'preview' : config['kafka.topic'] || config.topic || 'preview';
    try {
      const results = previewTransforms(plugin.type, config, records, defaultTopic);
      return { connector_class: plugin.className, type: plugin.type, records: results };
    } catch (e) {
      if (e instanceof ConfigException) throw ApiError.badRequest(e.message);
      throw e;
    }
  }
}
