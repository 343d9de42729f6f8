import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useClusterParams, useKafka } from '../api/hooks';
import type { Credentials } from '../api/session';
import { ResourceKeyGate } from '../components/ResourceKeyGate';
import { ConfirmDelete, ErrorBox, Loading, Tabs } from '../components/ui';
import { MessagesView } from './messages/MessagesView';

const TABS = ['Messages', 'Configuration', 'Produce'];

function TopicConfigs({ kafka, topic }: { kafka: ReturnType<typeof useKafka>; topic: string }) {
  const qc = useQueryClient();
  const configs = useQuery({ queryKey: ['topic-configs', topic], queryFn: () => kafka.configs(topic) });
  const [editing, setEditing] = useState<string>();
  const form = useForm<{ value: string }>();
  const save = useMutation({
    mutationFn: (v: { name: string; value: string }) => kafka.alterConfigs(topic, [v]),
    onSuccess: () => {
      setEditing(undefined);
      void qc.invalidateQueries({ queryKey: ['topic-configs', topic] });
    },
  });
  if (configs.isPending) return <Loading />;
  if (configs.error) return <ErrorBox error={configs.error} />;
  return (
    <div className="table-wrap">
      {save.error && <ErrorBox error={save.error} title="Could not change the setting" />}
      <table aria-label="Topic configuration">
        <thead>
          <tr>
            <th>Name</th>
            <th>Value</th>
            <th>Source</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {configs.data.data.map((c) => (
            <tr key={c.name}>
              <td>
                <code>{c.name}</code>
              </td>
              <td>
                {editing === c.name ? (
                  <form
                    className="inline-form"
                    onSubmit={form.handleSubmit((v) => save.mutate({ name: c.name, value: v.value }))}
                  >
                    <input
                      aria-label={`New value of ${c.name}`}
                      autoFocus
                      defaultValue={c.value ?? ''}
                      {...form.register('value')}
                    />
                    <button type="submit">Save</button>
                    <button type="button" onClick={() => setEditing(undefined)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <span className="mono">{c.value ?? '—'}</span>
                )}
              </td>
              <td className="muted">{c.source ?? (c.is_default ? 'default' : '')}</td>
              <td>
                {!c.is_read_only && editing !== c.name && (
                  <button
                    type="button"
                    className="small"
                    onClick={() => {
                      form.reset({ value: c.value ?? '' });
                      setEditing(c.name);
                    }}
                  >
                    Edit
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Produce({ kafka, topic }: { kafka: ReturnType<typeof useKafka>; topic: string }) {
  const form = useForm<{ key: string; value: string }>({ defaultValues: { key: '', value: '{"hello": "world"}' } });
  const produce = useMutation({
    mutationFn: (v: { key: string; value: string }) => kafka.produce(topic, v.key || null, v.value),
  });
  return (
    <form className="grid-form" onSubmit={form.handleSubmit((v) => produce.mutate(v))}>
      <label>
        Key
        <input {...form.register('key')} />
      </label>
      <label>
        Value
        <textarea rows={5} {...form.register('value', { required: true })} />
      </label>
      <button type="submit" className="primary" disabled={produce.isPending}>
        Produce
      </button>
      {produce.isSuccess && <p role="status">Produced.</p>}
      {produce.error && <ErrorBox error={produce.error} title="Could not produce" />}
    </form>
  );
}

function Topic({ clusterKey }: { clusterKey: Credentials }) {
  const { env, lkc } = useClusterParams();
  const topic = useParams().topic ?? '';
  const kafka = useKafka(clusterKey, lkc);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') ?? '') ? (params.get('tab') as string) : 'Messages';
  const info = useQuery({ queryKey: ['topic', lkc, topic], queryFn: () => kafka.topic(topic) });
  if (info.isPending) return <Loading />;
  if (info.error) return <ErrorBox error={info.error} title={`Topic ${topic}`} />;
  return (
    <>
      <div className="title-row">
        <h1>{topic}</h1>
        <span className="muted">{info.data.partitions_count} partitions</span>
        <ConfirmDelete
          what="topic"
          name={topic}
          onConfirm={async () => {
            await kafka.deleteTopic(topic);
            navigate(`/environments/${env}/clusters/${lkc}/topics`);
          }}
        />
      </div>
      <Tabs tabs={TABS} current={tab} onChange={(t) => setParams({ tab: t }, { replace: true })} />
      {tab === 'Messages' && (
        <MessagesView kafka={kafka} topic={topic} env={env} partitions={info.data.partitions_count} />
      )}
      {tab === 'Configuration' && <TopicConfigs kafka={kafka} topic={topic} />}
      {tab === 'Produce' && <Produce kafka={kafka} topic={topic} />}
    </>
  );
}

export default function TopicPage() {
  const { env, lkc } = useClusterParams();
  return (
    <section>
      <nav className="crumbs">
        <Link to={`/environments/${env}/clusters/${lkc}/topics`}>Topics</Link>
      </nav>
      <ResourceKeyGate resourceId={lkc} environment={env} what="Kafka REST (topics and messages)">
        {(key) => <Topic clusterKey={key} />}
      </ResourceKeyGate>
    </section>
  );
}
