import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useCloud, useClusterParams, useConnect } from '../api/hooks';
import { session } from '../api/session';
import { buildForm, cleanConfig } from '../connect/config-form';
import { DEFAULT_SAMPLE, previewConfig, useValidation } from '../connect/useValidation';
import { ConfigGroups, configOf, fieldKey } from '../components/ConfigFields';
import { PreviewPanel, SmtEditor } from '../components/SmtEditor';
import { ThroughputChart } from '../components/ThroughputChart';
import { ConfirmDelete, Empty, ErrorBox, Loading, StateBadge, Tabs } from '../components/ui';
import type { Config } from '../connect/transforms-model';
import { kafkaApi } from '../api/endpoints';
import { decodeBytes } from '../decode/wire';

const TABS = ['Overview', 'Settings', 'Transforms', 'Offsets'];
const METRICS = [
  ['io.confluent.kafka.connect/sent_records', 'Records out'],
  ['io.confluent.kafka.connect/received_records', 'Records in'],
  ['io.confluent.kafka.connect/dead_letter_queue_records', 'DLQ records'],
] as const;

function Throughput({ id }: { id: string }) {
  const cloud = useCloud();
  const q = useQuery({
    queryKey: ['metrics', id],
    refetchInterval: 30_000,
    queryFn: () =>
      Promise.all(
        METRICS.map(async ([metric, label]) => ({
          label,
          points: (
            await cloud.metrics({
              aggregations: [{ metric }],
              filter: { field: 'resource.connector.id', op: 'EQ', value: id },
              granularity: 'PT1M',
              intervals: ['now-1h/now'],
            })
          ).data,
        })),
      ),
  });
  if (q.isPending) return <Loading what="Loading throughput" />;
  if (q.error) return <ErrorBox error={q.error} title="Throughput unavailable" />;
  if (q.data.every((s) => s.points.length === 0))
    return <Empty>No throughput recorded in the last hour yet (the metrics are per minute).</Empty>;
  return <ThroughputChart series={q.data} />;
}

function Overview({ name }: { name: string }) {
  const { env, lkc } = useClusterParams();
  const connect = useConnect();
  const status = useQuery({
    queryKey: ['status', lkc, name],
    queryFn: () => connect.status(name),
    refetchInterval: 1500,
  });
  const info = useQuery({ queryKey: ['connector', lkc, name], queryFn: () => connect.get(name) });
  if (status.isPending) return <Loading what="Loading status" />;
  if (status.error) return <ErrorBox error={status.error} />;
  const s = status.data;
  const topic = info.data?.config['kafka.topic'] ?? info.data?.config.topics?.split(',')[0];
  const dlq = info.data?.config['errors.deadletterqueue.topic.name'];
  const topicLink = (t: string) => `/environments/${env}/clusters/${lkc}/topics/${encodeURIComponent(t)}`;
  return (
    <>
      <dl className="props">
        <div>
          <dt>Status</dt>
          <dd>
            <StateBadge state={s.connector.state} />
          </dd>
        </div>
        <div>
          <dt>Worker</dt>
          <dd>
            <code>{s.connector.worker_id}</code>
          </dd>
        </div>
        <div>
          <dt>Type / plugin</dt>
          <dd>
            {s.type} · <code>{info.data?.config['connector.class']}</code>
          </dd>
        </div>
        {topic && (
          <div>
            <dt>Topic</dt>
            <dd>
              <Link to={topicLink(topic)}>{topic}</Link>
            </dd>
          </div>
        )}
        {dlq && (
          <div>
            <dt>Dead letter queue</dt>
            <dd>
              <Link to={topicLink(dlq)}>{dlq}</Link>
            </dd>
          </div>
        )}
      </dl>
      {s.connector.trace && (
        <div className="error" role="alert">
          <strong>Connector error</strong>
          <pre className="trace">{s.connector.trace}</pre>
        </div>
      )}
      <h3>Tasks</h3>
      {s.tasks.length === 0 ? (
        <Empty>No task yet.</Empty>
      ) : (
        <table aria-label="Tasks">
          <thead>
            <tr>
              <th>Task</th>
              <th>State</th>
              <th>Worker</th>
              <th>Trace</th>
            </tr>
          </thead>
          <tbody>
            {s.tasks.map((t) => (
              <tr key={t.id}>
                <td>{t.id}</td>
                <td>
                  <StateBadge state={t.state} />
                </td>
                <td>
                  <code>{t.worker_id}</code>
                </td>
                <td>
                  {t.trace ? (
                    <details>
                      <summary>{t.trace.split('\n')[0]}</summary>
                      <pre className="trace">{t.trace}</pre>
                    </details>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Throughput</h3>
      {s.id?.id ? <Throughput id={s.id.id} /> : <Empty>No connector id yet.</Empty>}
    </>
  );
}

// The tabs below remount when the saved config comes back (their key is the config), so the
// "saved" notice lives in the page, set by the mutation's own onSuccess.
function useSaveConfig(name: string, onSaved: () => void) {
  const { lkc } = useClusterParams();
  const connect = useConnect();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (config: Record<string, string>) => connect.putConfig(name, config),
    onSuccess: () => {
      onSaved();
      void qc.invalidateQueries({ queryKey: ['config', lkc, name] });
      void qc.invalidateQueries({ queryKey: ['connector', lkc, name] });
    },
  });
}

function Settings({
  name,
  config,
  saved,
  onSaved,
}: {
  name: string;
  config: Record<string, string>;
  saved: boolean;
  onSaved: () => void;
}) {
  const connect = useConnect();
  const save = useSaveConfig(name, onSaved);
  const [view, setView] = useState('Form');
  const form = useForm<Record<string, string>>({
    defaultValues: Object.fromEntries(Object.entries(config).map(([k, v]) => [fieldKey(k), v])),
  });
  const values = form.watch();
  const edited = useMemo(() => cleanConfig(configOf(values)), [JSON.stringify(values)]);
  const { infos, error } = useValidation(connect, config['connector.class'] ?? '', edited);
  const [json, setJson] = useState(() => JSON.stringify(config, null, 2));
  const [jsonError, setJsonError] = useState<string>();
  const saveJson = () => {
    try {
      const parsed = JSON.parse(json) as Record<string, unknown>;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('The configuration must be a JSON object');
      setJsonError(undefined);
      save.mutate(cleanConfig(parsed));
    } catch (e) {
      setJsonError((e as Error).message);
    }
  };
  return (
    <>
      <Tabs tabs={['Form', 'JSON']} current={view} onChange={setView} />
      {save.error && <ErrorBox error={save.error} title="Could not save" />}
      {saved && <p role="status">Saved.</p>}
      {view === 'Form' ? (
        <form onSubmit={form.handleSubmit(() => save.mutate(edited))}>
          {error !== undefined && <ErrorBox error={error} title="Validation request failed" />}
          {infos ? (
            <ConfigGroups
              groups={buildForm(infos)}
              register={form.register}
              showErrors={(n) => Boolean(form.formState.dirtyFields[fieldKey(n)])}
              hide={['connector.class', 'name']}
            />
          ) : (
            <Loading />
          )}
          <div className="actions sticky">
            <button type="submit" className="primary" disabled={save.isPending}>
              Save changes
            </button>
          </div>
        </form>
      ) : (
        <div>
          <label>
            Configuration (JSON; masked secrets are kept as they are)
            <textarea className="mono" rows={20} value={json} onChange={(e) => setJson(e.target.value)} />
          </label>
          {jsonError && <p className="field-error">{jsonError}</p>}
          <button type="button" className="primary" onClick={saveJson}>
            Save JSON
          </button>
        </div>
      )}
    </>
  );
}

/** A sample for the preview from the connector's topic (its latest record), when this tab has a key of the cluster. */
function useTopicSample(topic: string | undefined, env: string, lkc: string) {
  const [sample, setSample] = useState(DEFAULT_SAMPLE);
  useEffect(() => {
    const key = session.resourceKey(lkc);
    if (!topic || !key) return;
    let cancelled = false;
    void (async () => {
      try {
        const srs = await import('../api/endpoints').then((m) => m.cloudApi(session.cloud()!).schemaRegistries(env));
        const lsrc = srs.data[0]?.id;
        const srKey = lsrc ? session.resourceKey(lsrc) : undefined;
        const { schemaRegistryApi } = await import('../api/endpoints');
        const lookup = srKey ? (id: number) => schemaRegistryApi(srKey).schemaById(id) : undefined;
        const list = await kafkaApi(key, lkc).read(topic, new URLSearchParams({ max_records: '1' }));
        const r = list.data[list.data.length - 1];
        if (!r || cancelled) return;
        const unwrap = (d: Awaited<ReturnType<typeof decodeBytes>>) =>
          d.kind === 'schema' || d.kind === 'json' ? d.value : d.kind === 'text' ? d.value : null;
        setSample(
          JSON.stringify(
            { key: unwrap(await decodeBytes(r.key, lookup)), value: unwrap(await decodeBytes(r.value, lookup)) },
            null,
            1,
          ),
        );
      } catch {
        /* keep the default sample */
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [topic, env, lkc]);
  return [sample, setSample] as const;
}

function Transforms({
  name,
  config,
  type,
  saved,
  onSaved,
}: {
  name: string;
  config: Record<string, string>;
  type: string;
  saved: boolean;
  onSaved: () => void;
}) {
  const { env, lkc } = useClusterParams();
  const connect = useConnect();
  const save = useSaveConfig(name, onSaved);
  const [edited, setEdited] = useState<Config>(config);
  const { infos } = useValidation(connect, config['connector.class'] ?? '', edited);
  const [sample, setSample] = useTopicSample(config['kafka.topic'] ?? config.topics?.split(',')[0], env, lkc);
  const changed = JSON.stringify(edited) !== JSON.stringify(config);
  return (
    <>
      {type === 'source' && previewConfig(edited, type) !== edited && (
        <p className="muted">
          The preview shows the records after the transforms through the JSON converter (no schema is registered).
        </p>
      )}
      <div className="two-col">
        <SmtEditor config={edited} onChange={setEdited} infos={infos} />
        <PreviewPanel
          config={edited}
          sample={sample}
          onSample={setSample}
          preview={(c, records) => connect.preview(previewConfig(c, type), records)}
        />
      </div>
      {save.error && <ErrorBox error={save.error} title="Could not save the transforms" />}
      {saved && !changed && <p role="status">Transforms saved.</p>}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!changed || save.isPending}
          onClick={() => save.mutate(edited)}
        >
          Save transforms
        </button>
        <button type="button" disabled={!changed} onClick={() => setEdited(config)}>
          Discard changes
        </button>
      </div>
    </>
  );
}

function Offsets({ name }: { name: string }) {
  const { lkc } = useClusterParams();
  const connect = useConnect();
  const q = useQuery({ queryKey: ['offsets', lkc, name], queryFn: () => connect.offsets(name), refetchInterval: 5000 });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} />;
  return q.data.offsets.length === 0 ? (
    <Empty>No committed offsets yet.</Empty>
  ) : (
    <pre className="json">{JSON.stringify(q.data.offsets, null, 2)}</pre>
  );
}

export default function ConnectorPage() {
  const { env, lkc } = useClusterParams();
  const name = decodeURIComponent(useParams().name ?? '');
  const connect = useConnect();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') ?? '') ? (params.get('tab') as string) : 'Overview';
  const status = useQuery({
    queryKey: ['status', lkc, name],
    queryFn: () => connect.status(name),
    refetchInterval: 1500,
  });
  const config = useQuery({ queryKey: ['config', lkc, name], queryFn: () => connect.config(name) });
  const action = useMutation({
    mutationFn: (a: 'pause' | 'resume' | 'restart') => connect[a](name),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['status', lkc, name] }),
  });
  const state = status.data?.connector.state;
  const [saved, setSaved] = useState<string>();
  return (
    <section>
      <nav className="crumbs">
        <Link to={`/environments/${env}/clusters/${lkc}/connectors`}>Connectors</Link>
      </nav>
      <div className="title-row">
        <h1>{name}</h1>
        {state && <StateBadge state={state} />}
        {status.data?.id && <code>{status.data.id.id}</code>}
        <span className="spacer" />
        {state === 'PAUSED' ? (
          <button type="button" onClick={() => action.mutate('resume')} disabled={action.isPending}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => action.mutate('pause')} disabled={action.isPending || !state}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => action.mutate('restart')} disabled={action.isPending}>
          Restart
        </button>
        <ConfirmDelete
          what="connector"
          name={name}
          onConfirm={async () => {
            await connect.remove(name);
            await qc.invalidateQueries({ queryKey: ['connectors', lkc] });
            navigate(`/environments/${env}/clusters/${lkc}/connectors`);
          }}
        />
      </div>
      {action.error && <ErrorBox error={action.error} title="Action failed" />}
      {status.error && <ErrorBox error={status.error} title={`Connector ${name}`} />}
      <Tabs tabs={TABS} current={tab} onChange={(t) => setParams({ tab: t }, { replace: true })} />
      {tab === 'Overview' && <Overview name={name} />}
      {tab !== 'Overview' && config.isPending && <Loading />}
      {tab !== 'Overview' && config.error && <ErrorBox error={config.error} />}
      {tab === 'Settings' && config.data && (
        <Settings
          key={JSON.stringify(config.data)}
          name={name}
          config={config.data}
          saved={saved === 'Settings'}
          onSaved={() => setSaved('Settings')}
        />
      )}
      {tab === 'Transforms' && config.data && (
        <Transforms
          key={JSON.stringify(config.data)}
          name={name}
          config={config.data}
          type={status.data?.type ?? ''}
          saved={saved === 'Transforms'}
          onSaved={() => setSaved('Transforms')}
        />
      )}
      {tab === 'Offsets' && <Offsets name={name} />}
    </section>
  );
}
