// POST /subjects/{s}/versions: register a schema under a subject (identity, compatibility under the
// registry lock, IMPORT mode's forced ids and versions).
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository, type SrSubjectVersion } from '@libs/db';
import { applyContractConfig, groupOf } from '../contract-merge';
import { incompatibleSchemaError, parseRegisterRequest } from '../requests';
import { checkCompatibility } from '../schema-types';
import { CompatibilityConfigUsecases } from './compatibility-config.usecases';
import { ModeUsecases } from './mode.usecases';
import { SrErrors } from './registry-errors';
import { checkSubject, type Registry } from './registry-model';
import { identityHashes, StoredSchemas } from './stored-schemas';

@Injectable()
export class RegisterSchemaUsecases {
  constructor(
    private readonly repo: SchemaRegistryRepository,
    private readonly stored: StoredSchemas,
    private readonly modes: ModeUsecases,
    private readonly compatibility: CompatibilityConfigUsecases,
  ) {}

  async register(r: Registry, subject: string, body: unknown): Promise<{ id: number }> {
    checkSubject(subject);
    const req = parseRegisterRequest(body);
    const extra = body as { id?: unknown; version?: unknown };
    const forcedId = optionalInt(extra.id, 'id');
    const forcedVersion = optionalInt(extra.version, 'version');
    const mode = await this.modes.requireWritable(r, subject);
    if (forcedId !== undefined && forcedId > 0 && mode !== 'IMPORT')
      throw SrErrors.notPermitted(`Subject ${subject} is not in import mode`);
    const parsed = await this.stored.parseRequest(r, req);
    // the subject's config may add default/override metadata and rules (part of the identity)
    const { level: subjectLevel, contract: cfg } = await this.compatibility.effective(r, subject);
    const contract = applyContractConfig(req, cfg);
    const group = groupOf(contract.metadata, cfg.compatibilityGroup);
    const [hash, legacyHash] = identityHashes(parsed, req.references, contract) as [string, string | undefined];
    // parsed.text, not req.schema: a Protobuf FileDescriptorProto is stored as its .proto text.
    const input = {
      schemaType: parsed.schemaType,
      schema: parsed.text,
      identityHash: hash,
      references: req.references,
      metadata: contract.metadata,
      ruleSet: contract.ruleSet,
    };

    // Fast path without the registry lock: an identical live version answers its id (also one
    // registered under the previous identity form).
    if (forcedId === undefined) {
      for (const h of legacyHash ? [hash, legacyHash] : [hash]) {
        const same = await this.repo.liveVersionsWithIdentity(r.scope, r.id, subject, h);
        if (same.length) return { id: (same[0] as SrSubjectVersion).schemaId };
      }
    }
    const current = (await this.repo.versionsWithSchemas(r.scope, r.id, subject)).filter((v) => !v.deleted);
    if (forcedId === undefined) {
      const earlier = await this.stored.sameUnderEarlierIdentity(
        r,
        parsed,
        req.references,
        current.map((v) => v.schemaRow),
      );
      if (earlier) return { id: earlier.id };
    }
    const level = mode === 'IMPORT' ? 'NONE' : subjectLevel;
    // Parse the previous versions before taking the lock (cached; parsing may load references).
    if (level !== 'NONE') await Promise.all(current.map((v) => this.stored.parseStored(r, v.schemaRow)));
    const out = await this.repo.register(
      r.scope,
      r.id,
      subject,
      input,
      async (live) => {
        // with a compatibility group, only versions of the same group (metadata property) are checked
        const peers = live.filter((v) => groupOf(v.schemaRow.metadata, cfg.compatibilityGroup) === group);
        if (level === 'NONE' || peers.length === 0) return;
        const previous = await Promise.all(peers.map((v) => this.stored.parseStored(r, v.schemaRow)));
        const reasons = checkCompatibility(parsed, previous, level);
        if (reasons.length) throw incompatibleSchemaError(subject, reasons);
      },
      {
        id: forcedId !== undefined && forcedId > 0 ? forcedId : undefined,
        // A requested version is honoured in IMPORT mode only (elsewhere versions are assigned).
        version: mode === 'IMPORT' && forcedVersion !== undefined && forcedVersion > 0 ? forcedVersion : undefined,
      },
    );
    switch (out.kind) {
      case 'id_conflict':
        throw SrErrors.idMismatch(`Schema id ${forcedId} is already used by a different schema`);
      case 'version_conflict':
        throw SrErrors.idMismatch(`Version ${forcedVersion} of subject ${subject} already exists`);
      default:
        return { id: out.schemaId };
    }
  }
}

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -1 || v > 2 ** 31 - 1)
    throw SrErrors.invalidSchema(`Invalid schema: ${name} must be an integer between 1 and 2^31-1`);
  return v;
}
