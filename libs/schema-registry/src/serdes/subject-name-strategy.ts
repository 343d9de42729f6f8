// Subject name strategies (Confluent's io.confluent.kafka.serializers.subject.*) and contexts.

export interface SubjectNameInput {
  topic: string;
  isKey: boolean;
  /** Fully-qualified record/message name (or JSON Schema title). */
  recordName: string | undefined;
}

export type SubjectNameStrategy = (input: SubjectNameInput) => string;

/** `<topic>-key` / `<topic>-value` (Confluent's default). */
export const topicNameStrategy: SubjectNameStrategy = ({ topic, isKey }) => `${topic}-${isKey ? 'key' : 'value'}`;

function requireRecordName(recordName: string | undefined, strategy: string): string {
  if (!recordName) throw new Error(`${strategy} needs a named schema (record, message or JSON Schema title)`);
  return recordName;
}

/** The record's fully-qualified name, whatever the topic. */
export const recordNameStrategy: SubjectNameStrategy = ({ recordName }) =>
  requireRecordName(recordName, 'RecordNameStrategy');

/** `<topic>-<fully-qualified record name>`. */
export const topicRecordNameStrategy: SubjectNameStrategy = ({ topic, recordName }) =>
  `${topic}-${requireRecordName(recordName, 'TopicRecordNameStrategy')}`;

export const SUBJECT_NAME_STRATEGIES: Record<string, SubjectNameStrategy> = {
  TopicNameStrategy: topicNameStrategy,
  RecordNameStrategy: recordNameStrategy,
  TopicRecordNameStrategy: topicRecordNameStrategy,
  'io.confluent.kafka.serializers.subject.TopicNameStrategy': topicNameStrategy,
  'io.confluent.kafka.serializers.subject.RecordNameStrategy': recordNameStrategy,
  'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy': topicRecordNameStrategy,
};

/** Strategy by its config value (short or Java class name). */
export function subjectNameStrategyByName(name: string): SubjectNameStrategy {
  const s = SUBJECT_NAME_STRATEGIES[name];
  if (!s) throw new Error(`Unknown subject name strategy ${name}`);
  return s;
}

/**
 * Qualifies a subject with a schema context: `:.ctx:subject`. The default context ('' or '.')
 * leaves the subject as is; an already-qualified subject is not qualified twice.
 */
export function withContext(subject: string, contextName: string | undefined): string {
  const ctx = (contextName ?? '').replace(/^\./, '');
  if (ctx === '' || subject.startsWith(':.')) return subject;
  return `:.${ctx}:${subject}`;
}

/** The bare context qualifier `:.ctx:` (undefined for the default context), for id lookups. */
export function contextSubject(contextName: string | undefined): string | undefined {
  const ctx = (contextName ?? '').replace(/^\./, '');
  return ctx === '' ? undefined : `:.${ctx}:`;
}

/** Splits `:.ctx:subject` into its context ('' for the default) and bare subject. */
export function parseQualifiedSubject(qualified: string): { context: string; subject: string } {
  const m = /^:\.([^:]*):(.*)$/s.exec(qualified);
  return m ? { context: m[1], subject: m[2] } : { context: '', subject: qualified };
}
