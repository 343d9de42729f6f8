import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { useClusterParams, useKafka } from '../api/hooks';
import type { Credentials } from '../api/session';
import type { Topic } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ResourceKeyGate } from '../components/ResourceKeyGate';
import { ConfirmDelete, Empty, ErrorBox, Loading } from '../components/ui';

interface NewTopic {
  name: string;
  partitions: number;
  cleanup: string;
  retentionMs: string;
}

function TopicList({ clusterKey }: { clusterKey: Credentials }) {
  const { env, lkc } = useClusterParams();
  const kafka = useKafka(clusterKey, lkc);
  const qc = useQueryClient();
  const topics = useQuery({ queryKey: ['topics', lkc], queryFn: () => kafka.topics() });
  const form = useForm<NewTopic>({
    defaultValues: { name: '', partitions: 6, cleanup: 'delete', retentionMs: '604800000' },
  });
  const create = useMutation({
    mutationFn: (v: NewTopic) =>
      kafka.createTopic(v.name, Number(v.partitions), [
        { name: 'cleanup.policy', value: v.cleanup },
        ...(v.retentionMs ? [{ name: 'retention.ms', value: v.retentionMs }] : []),
      ]),
    onSuccess: () => {
      form.reset();
      void qc.invalidateQueries({ queryKey: ['topics', lkc] });
    },
  });
  const base = `/environments/${env}/clusters/${lkc}/topics`;
  const columns: ColumnDef<Topic, unknown>[] = [
    {
      header: 'Topic name',
      accessorKey: 'topic_name',
      cell: (c) => (
        <Link to={`${base}/${encodeURIComponent(c.row.original.topic_name)}`}>{c.row.original.topic_name}</Link>
      ),
    },
    { header: 'Partitions', accessorKey: 'partitions_count' },
    { header: 'Replication', accessorKey: 'replication_factor' },
    {
      id: 'actions',
      header: '',
      enableSorting: false,
      cell: (c) => (
        <ConfirmDelete
          what="topic"
          name={c.row.original.topic_name}
          onConfirm={async () => {
            await kafka.deleteTopic(c.row.original.topic_name);
            await qc.invalidateQueries({ queryKey: ['topics', lkc] });
          }}
        />
      ),
    },
  ];
  const visible = topics.data?.data.filter((t) => !t.is_internal && !t.topic_name.startsWith('_')) ?? [];
  return (
    <>
      <details className="card" open={topics.data?.data.length === 0}>
        <summary>Create a topic</summary>
        <form className="grid-form" onSubmit={form.handleSubmit((v) => create.mutate(v))}>
          <label>
            Topic name
            <input
              {...form.register('name', {
                required: 'A name is required',
                pattern: { value: /^[a-zA-Z0-9._-]+$/, message: 'Letters, digits, . _ - only' },
              })}
            />
          </label>
          {form.formState.errors.name && <p className="field-error">{form.formState.errors.name.message}</p>}
          <label>
            Partitions
            <input type="number" min={1} {...form.register('partitions', { required: true, min: 1 })} />
          </label>
          <label>
            Cleanup policy
            <select {...form.register('cleanup')}>
              <option value="delete">delete</option>
              <option value="compact">compact</option>
              <option value="delete,compact">delete,compact</option>
            </select>
          </label>
          <label>
            Retention (ms)
            <input {...form.register('retentionMs')} />
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create topic
          </button>
        </form>
        {create.error && <ErrorBox error={create.error} title="Could not create the topic" />}
      </details>
      {topics.isPending && <Loading what="Loading topics" />}
      {topics.error && <ErrorBox error={topics.error} />}
      {topics.data && visible.length === 0 && <Empty>No topic yet: create one above.</Empty>}
      {visible.length > 0 && <DataTable data={visible} columns={columns} label="Topics" />}
    </>
  );
}

export default function Topics() {
  const { env, lkc } = useClusterParams();
  return (
    <section>
      <h1>Topics</h1>
      <ResourceKeyGate resourceId={lkc} environment={env} what="Kafka REST (topics and messages)">
        {(key) => <TopicList clusterKey={key} />}
      </ResourceKeyGate>
    </section>
  );
}
