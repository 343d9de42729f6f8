import { memo, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { kafkaApi } from '../../api/endpoints';
import { ErrorBox, Empty, Loading } from '../../components/ui';
import { preview, type Decoded } from '../../decode/wire';
import { useRecordTail, LIVE_ROWS, type Message, type Mode } from './useRecordTail';
import { useSchemaRegistryKey } from './useSchemaRegistryKey';

function formatBadge(d: Decoded) {
  return d.kind === 'schema' ? (
    <span className="badge" title={`Schema id ${d.schemaId}`}>
      {d.format}
    </span>
  ) : null;
}

function pretty(d: Decoded): string {
  if (d.kind === 'schema' || d.kind === 'json') return JSON.stringify(d.value, null, 2);
  return preview(d);
}

const Row = memo(function Row({ m, open, toggle }: { m: Message; open: boolean; toggle: (id: string) => void }) {
  return (
    <>
      <tr className="msg" data-offset={m.offset}>
        <td>
          <button type="button" className="link" aria-expanded={open} onClick={() => toggle(m.id)}>
            {open ? '▾' : '▸'}
          </button>
        </td>
        <td>{m.partition}</td>
        <td>{m.offset}</td>
        <td className="nowrap">{m.timestamp.replace('T', ' ').replace('Z', '')}</td>
        <td className="cell-key">{preview(m.key)}</td>
        <td className="cell-value">
          {formatBadge(m.value)} <span className="mono">{preview(m.value)}</span>
        </td>
      </tr>
      {open && (
        <tr className="msg-detail">
          <td colSpan={6}>
            <div className="detail-grid">
              <div>
                <h4>Key {formatBadge(m.key)}</h4>
                <pre>{pretty(m.key)}</pre>
              </div>
              <div>
                <h4>Value {formatBadge(m.value)}</h4>
                <pre>{pretty(m.value)}</pre>
              </div>
              <div>
                <h4>Headers</h4>
                <pre>
                  {m.headers.length === 0
                    ? '(none)'
                    : m.headers.map((h) => `${h.name}: ${h.value === null ? 'null' : atob(h.value)}`).join('\n')}
                </pre>
              </div>
            </div>
          </td>
        </tr>
      )}
    </>
  );
});

interface Seek {
  mode: 'live' | 'beginning' | 'offset' | 'timestamp';
  partition: number;
  offset: number;
  time: string;
}

export function MessagesView({
  kafka,
  topic,
  env,
  partitions,
}: {
  kafka: ReturnType<typeof kafkaApi>;
  topic: string;
  env: string;
  partitions: number;
}) {
  const sr = useSchemaRegistryKey(env);
  const [mode, setMode] = useState<Mode>({ kind: 'live' });
  const [paused, setPaused] = useState(false);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [srError, setSrError] = useState<unknown>();
  const tail = useRecordTail(kafka, topic, mode, paused, sr.lookup);
  const seek = useForm<Seek>({ defaultValues: { mode: 'live', partition: 0, offset: 0, time: '' } });
  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const apply = (v: Seek) => {
    setPaused(false);
    if (v.mode === 'live') setMode({ kind: 'live' });
    else if (v.mode === 'beginning') setMode({ kind: 'beginning' });
    else if (v.mode === 'offset') setMode({ kind: 'offset', partition: Number(v.partition), offset: Number(v.offset) });
    else setMode({ kind: 'timestamp', timestamp: v.time ? new Date(v.time).getTime() : Date.now() });
  };
  const seekMode = seek.watch('mode');
  const tailing = mode.kind === 'live' && !paused;
  const shown = tailing ? tail.messages.slice(0, LIVE_ROWS) : tail.messages;
  return (
    <div className="messages">
      {!sr.key && (
        <div className="notice">
          Values written through Schema Registry (AVRO, JSON_SR, PROTOBUF) are decoded with a Schema Registry API key
          {sr.lsrc ? (
            <>
              {' '}
              of <code>{sr.lsrc}</code>.{' '}
              <button type="button" onClick={() => void sr.create().catch(setSrError)}>
                Create a Schema Registry API key
              </button>
            </>
          ) : (
            '.'
          )}
          {srError !== undefined && <ErrorBox error={srError} title="Could not create the key" />}
        </div>
      )}
      <form className="inline-form" onSubmit={seek.handleSubmit(apply)} aria-label="Where to read from">
        <label>
          Show
          <select {...seek.register('mode')}>
            <option value="live">Latest (live)</option>
            <option value="beginning">From the beginning</option>
            <option value="offset">From an offset</option>
            <option value="timestamp">From a time</option>
          </select>
        </label>
        {seekMode === 'offset' && (
          <>
            <label>
              Partition
              <select {...seek.register('partition')}>
                {Array.from({ length: partitions }, (_, i) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Offset
              <input type="number" min={0} {...seek.register('offset')} />
            </label>
          </>
        )}
        {seekMode === 'timestamp' && (
          <label>
            Time
            <input type="datetime-local" step={1} {...seek.register('time')} />
          </label>
        )}
        <button type="submit">Go</button>
        {mode.kind === 'live' && (
          <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? 'Resume live' : 'Pause live'}
          </button>
        )}
        <span className="muted" aria-live="polite">
          {tail.received} received
          {tail.skipped > 0 ? `, ${tail.skipped} skipped to keep up` : ''}
          {tail.received > shown.length
            ? `, newest ${shown.length} shown${tailing && tail.messages.length > shown.length ? ` (pause to see ${tail.messages.length})` : ''}`
            : ''}
        </span>
      </form>
      {tail.error !== undefined && <ErrorBox error={tail.error} title="Could not read messages" />}
      {tail.loading && <Loading what="Reading messages" />}
      {!tail.loading && tail.messages.length === 0 && !tail.error && (
        <Empty>{mode.kind === 'live' ? 'Waiting for new messages…' : 'No message there.'}</Empty>
      )}
      {tail.messages.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Messages" className="messages-table">
            {/* fixed layout: the widths come from here, not from measuring every cell of every row */}
            <colgroup>
              <col className="col-expand" />
              <col className="col-partition" />
              <col className="col-offset" />
              <col className="col-time" />
              <col className="col-key" />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th aria-label="Expand" />
                <th>Partition</th>
                <th>Offset</th>
                <th>Timestamp</th>
                <th>Key</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => (
                <Row key={m.id} m={m} open={open.has(m.id)} toggle={toggle} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
