// Where in a record's journey an error happened (KIP-298); the enum name is the
// __connect.errors.stage header value.
export type Stage =
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'TRANSFORMATION'
  | 'TASK_PUT'
  | 'TASK_POLL'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME';

/** Converter and transform stages tolerate any exception; the others only retriable ones. */
export function toleratesAnyException(stage: Stage): boolean {
  return (
    stage === 'KEY_CONVERTER' ||
    stage === 'VALUE_CONVERTER' ||
    stage === 'HEADER_CONVERTER' ||
    stage === 'TRANSFORMATION'
  );
}
