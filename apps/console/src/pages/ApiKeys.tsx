import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useForm } from 'react-hook-form';
import { useCloud, useCloudKey } from '../api/hooks';
import type { ApiKey } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ConfirmDelete, CopyButton, Empty, ErrorBox, Loading } from '../components/ui';

interface NewKey {
  owner: string;
  resource: string;
  environment: string;
  description: string;
}

export default function ApiKeys() {
  const cloud = useCloud();
  const me = useCloudKey();
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => cloud.apiKeys() });
  const accounts = useQuery({ queryKey: ['service-accounts'], queryFn: () => cloud.serviceAccounts() });
  const form = useForm<NewKey>({ defaultValues: { owner: '', resource: 'cloud', environment: '', description: '' } });
  const create = useMutation({
    mutationFn: async (v: NewKey) => {
      const owner = v.owner || (await cloud.apiKey(me.key)).spec.owner.id;
      return cloud.createApiKey(
        owner,
        { id: v.resource, ...(v.environment && { environment: v.environment }) },
        v.description,
      );
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const columns: ColumnDef<ApiKey, unknown>[] = [
    { header: 'Key', accessorKey: 'id', cell: (c) => <code>{c.row.original.id}</code> },
    { header: 'Description', accessorFn: (k) => k.spec.description ?? '' },
    { header: 'Owner', accessorFn: (k) => k.spec.owner.id },
    { header: 'Resource', accessorFn: (k) => k.spec.resource.id },
    { header: 'Created', accessorFn: (k) => k.metadata?.created_at ?? '' },
    {
      id: 'delete',
      header: '',
      enableSorting: false,
      cell: (c) =>
        c.row.original.id === me.key ? (
          <span className="muted">(this session)</span>
        ) : (
          <ConfirmDelete
            what="API key"
            name={c.row.original.id}
            onConfirm={async () => {
              await cloud.deleteApiKey(c.row.original.id);
              await qc.invalidateQueries({ queryKey: ['api-keys'] });
            }}
          />
        ),
    },
  ];
  return (
    <section>
      <h1>API keys</h1>
      <details className="card">
        <summary>Create an API key</summary>
        <form className="grid-form" onSubmit={form.handleSubmit((v) => create.mutate(v))}>
          <label>
            Owner
            <select {...form.register('owner')}>
              <option value="">My account</option>
              {accounts.data?.data.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.display_name} ({a.id})
                </option>
              ))}
            </select>
          </label>
          <label>
            Resource (cloud, lkc-…, lsrc-…)
            <input {...form.register('resource', { required: true })} />
          </label>
          <label>
            Environment (for lkc-/lsrc- keys)
            <input {...form.register('environment')} />
          </label>
          <label>
            Description
            <input {...form.register('description')} />
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create key
          </button>
        </form>
        {create.error && <ErrorBox error={create.error} title="Could not create the key" />}
        {create.data && (
          <div className="notice" role="status">
            <strong>Save this secret now: it is shown only once.</strong>
            <dl className="props">
              <div>
                <dt>Key</dt>
                <dd>
                  <code>{create.data.id}</code> <CopyButton text={create.data.id} />
                </dd>
              </div>
              <div>
                <dt>Secret</dt>
                <dd>
                  <code>{create.data.spec.secret}</code> <CopyButton text={create.data.spec.secret ?? ''} />
                </dd>
              </div>
            </dl>
          </div>
        )}
      </details>
      {keys.isPending && <Loading what="Loading API keys" />}
      {keys.error && <ErrorBox error={keys.error} />}
      {keys.data && keys.data.data.length === 0 && <Empty>No API key.</Empty>}
      {keys.data && keys.data.data.length > 0 && <DataTable data={keys.data.data} columns={columns} label="API keys" />}
    </section>
  );
}
