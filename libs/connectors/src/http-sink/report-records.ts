// The records HttpSinkV2 writes to its reporting topics, as Confluent's HTTP sink writes them: one
// per input record, no key, the value a JSON string (the response body; on the error topic the
// "Error string" summary or, with report.errors.as=Http response, the body), and string headers
// input_record_topic / _partition / _offset / _timestamp, plus on the error topic status_code,
// reason_phrase, url, response_content, payload, error_message and exception (null when unknown;
// the writer leaves those out, see reporter.ts).
import type { SinkRecord } from '@libs/connect-spi';

export interface ReportRecord {
  value: string;
  headers: Record<string, string | null>;
}

export interface FailureInfo {
  status: number | null;
  reason: string | null;
  url: string | null;
  responseContent: string | null;
  /** Class and message of an exception (I/O error, timeout, egress refusal), else null. */
  exception: string | null;
  errorMessage: string | null;
}

function inputHeaders(r: SinkRecord): Record<string, string | null> {
  return {
    input_record_topic: r.originalTopic,
    input_record_partition: String(r.originalKafkaPartition ?? ''),
    input_record_offset: String(r.originalKafkaOffset),
    input_record_timestamp: r.timestamp === null ? null : String(r.timestamp),
  };
}

// The records of one batch share one response: its JSON value is made once, not once per record
// (a large body times max.batch.size copies would be the memory the task must not grow).
let lastBody: string | null = null;
let lastValue = '';

export function successRecord(r: SinkRecord, status: number, body: string, onlyStatusCode: boolean): ReportRecord {
  if (onlyStatusCode) return { value: JSON.stringify(String(status)), headers: inputHeaders(r) };
  if (body !== lastBody) {
    lastBody = body;
    lastValue = JSON.stringify(body);
  }
  return { value: lastValue, headers: inputHeaders(r) };
}

const errorValues = new WeakMap<FailureInfo, Map<string, string>>();

function errorValue(f: FailureInfo, as: 'Error string' | 'Http response'): string {
  let m = errorValues.get(f);
  if (!m) errorValues.set(f, (m = new Map()));
  let v = m.get(as);
  if (v === undefined)
    m.set(as, (v = JSON.stringify(as === 'Http response' ? (f.responseContent ?? '') : errorString(f))));
  return v;
}

const text = (v: string | number | null) => (v === null ? 'null' : String(v));

/** Confluent's summary, e.g. `Retry time lapsed, unable to process HTTP request. HTTP Response code: 404, …`. */
export function errorString(f: FailureInfo): string {
  return (
    `Retry time lapsed, unable to process HTTP request. HTTP Response code: ${text(f.status)}, ` +
    `Reason phrase: ${text(f.reason)}, Url: ${text(f.url)}, Response content: ${text(f.responseContent)}, ` +
    `Exception: ${text(f.exception)}, Error message: ${text(f.errorMessage)}`
  );
}

export function errorRecord(
  r: SinkRecord,
  payload: string | null,
  f: FailureInfo,
  as: 'Error string' | 'Http response',
): ReportRecord {
  return {
    value: errorValue(f, as),
    headers: {
      ...inputHeaders(r),
      error_message: f.errorMessage,
      exception: f.exception,
      response_content: f.responseContent,
      status_code: f.status === null ? null : String(f.status),
      payload,
      reason_phrase: f.reason,
      url: f.url,
    },
  };
}
