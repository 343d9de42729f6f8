// after.state.only=true: Confluent Cloud adds ExtractNewRecordState with
// delete.handling.mode=rewrite and drop.tombstones=false; the task applies the same SMT itself.
import type { SourceRecord } from '@libs/connect-spi';
import { ExtractNewRecordState } from '@libs/connect-transforms';

let smt: ExtractNewRecordState<SourceRecord> | null = null;

export function unwrapRecords(records: SourceRecord[]): SourceRecord[] {
  if (!smt) {
    smt = new ExtractNewRecordState<SourceRecord>();
    smt.configure({ 'delete.handling.mode': 'rewrite', 'drop.tombstones': 'false' });
  }
  const out: SourceRecord[] = [];
  for (const r of records) {
    const x = smt.apply(r);
    if (x) out.push(x);
  }
  return out;
}
