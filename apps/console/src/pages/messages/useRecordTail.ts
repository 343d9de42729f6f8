import { useEffect, useRef, useState } from 'react';
import type { kafkaApi } from '../../api/endpoints';
import type { RawRecord } from '../../api/types';
import { decodeBytes, type Decoded, type SchemaLookup } from '../../decode/wire';

export interface Message {
  id: string;
  partition: number;
  offset: number;
  timestamp: string;
  key: Decoded;
  value: Decoded;
  headers: RawRecord['headers'];
}

export type Mode =
  | { kind: 'live' }
  | { kind: 'beginning' }
  | { kind: 'offset'; partition: number; offset: number }
  | { kind: 'timestamp'; timestamp: number };

/** Rows kept: older ones fall off so a fast topic never grows the page without bound. */
export const MAX_ROWS = 200;
/**
 * Rows drawn while the live tail runs: at 1,000 records/s every poll replaces all of them, and
 * 200 new table rows per poll cost the page 200–450 ms long tasks on a busy 2-core machine
 * (docs/benchmarks.md, "Web console"). Pausing (or reading from a position) shows all MAX_ROWS.
 */
export const LIVE_ROWS = 50;
const POLL_MS = 700;
/** Records per partition a follow-up read asks for (the API's most): the view keeps the newest. */
const READ_MAX = 500;

async function decode(records: RawRecord[], lookup: SchemaLookup | undefined): Promise<Message[]> {
  return Promise.all(
    records.map(async (r) => ({
      id: `${r.partition_id}:${r.offset}`,
      partition: r.partition_id,
      offset: r.offset,
      timestamp: r.timestamp,
      key: await decodeBytes(r.key, lookup),
      value: await decodeBytes(r.value, lookup),
      headers: r.headers,
    })),
  );
}

/**
 * Reads the topic from the chosen start and, in live mode, keeps polling from each partition's
 * next offset. Newest first; at most MAX_ROWS rows.
 */
export function useRecordTail(
  kafka: ReturnType<typeof kafkaApi>,
  topic: string,
  mode: Mode,
  paused: boolean,
  lookup: SchemaLookup | undefined,
) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [received, setReceived] = useState(0);
  const [skipped, setSkipped] = useState(0);
  const positions = useRef<Map<number, number>>(new Map());

  useEffect(() => {
    positions.current = new Map();
    setMessages([]);
    setReceived(0);
    setSkipped(0);
    setLoading(true);
  }, [topic, JSON.stringify(mode), lookup]);

  useEffect(() => {
    if (paused) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const params = new URLSearchParams({ max_records: positions.current.size > 0 ? String(READ_MAX) : '50' });
      if (positions.current.size > 0) {
        params.set('positions', [...positions.current].map(([p, o]) => `${p}:${o}`).join(','));
      } else if (mode.kind === 'beginning') params.set('offset', '0');
      else if (mode.kind === 'offset') {
        params.set('partition', String(mode.partition));
        params.set('offset', String(mode.offset));
      } else if (mode.kind === 'timestamp') params.set('timestamp', String(mode.timestamp));
      try {
        const list = await kafka.read(topic, params, abort.signal);
        let passed = 0;
        for (const p of list.partitions) {
          // live: a partition further behind its end than one read jumps ahead (a read per poll
          // could never catch up with a fast partition, and only the newest rows are kept); the
          // records jumped over are counted as skipped
          const next = mode.kind === 'live' ? Math.max(p.next_offset, p.high_watermark - READ_MAX) : p.next_offset;
          passed += next - p.next_offset;
          positions.current.set(p.partition_id, next);
        }
        // newest first across partitions (the answer is partition by partition); what would fall
        // off at once is counted, never decoded
        const newest = list.data
          .map((r) => ({ r, at: Date.parse(r.timestamp) }))
          .sort((a, b) => b.at - a.at || b.r.offset - a.r.offset)
          .slice(0, MAX_ROWS)
          .map((x) => x.r);
        const decoded = await decode(newest, lookup);
        if (abort.signal.aborted) return;
        setError(undefined);
        setLoading(false);
        if (passed > 0) setSkipped((n) => n + passed);
        if (list.data.length > 0) {
          setReceived((n) => n + list.data.length);
          setMessages((old) => [...decoded, ...old].slice(0, MAX_ROWS));
        }
      } catch (e) {
        if (abort.signal.aborted) return;
        setError(e);
        setLoading(false);
      }
      // only live mode keeps following the topic
      if (mode.kind === 'live' && !abort.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [kafka, topic, JSON.stringify(mode), paused, lookup]);

  return { messages, error, loading, received, skipped };
}
