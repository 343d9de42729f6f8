import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useCloud } from '../api/hooks';
import { ConfirmDelete, Empty, ErrorBox, Loading } from '../components/ui';

export default function ServiceAccounts() {
  const cloud = useCloud();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['service-accounts'], queryFn: () => cloud.serviceAccounts() });
  const form = useForm<{ name: string; description: string }>({ defaultValues: { name: '', description: '' } });
  const create = useMutation({
    mutationFn: (v: { name: string; description: string }) => cloud.createServiceAccount(v.name, v.description),
    onSuccess: () => {
      form.reset();
      void qc.invalidateQueries({ queryKey: ['service-accounts'] });
    },
  });
  return (
    <section>
      <h1>Service accounts</h1>
      <form className="inline-form" onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <label>
          Name
          <input {...form.register('name', { required: true })} />
        </label>
        <label>
          Description
          <input {...form.register('description')} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Add service account
        </button>
      </form>
      {create.error && <ErrorBox error={create.error} title="Could not create the service account" />}
      {list.isPending && <Loading />}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && list.data.data.length === 0 && <Empty>No service account.</Empty>}
      <ul className="cards">
        {list.data?.data.map((a) => (
          <li key={a.id} className="card">
            <h2>{a.display_name}</h2>
            <p className="muted">
              <code>{a.id}</code> {a.description}
            </p>
            <ConfirmDelete
              what="service account"
              name={a.display_name}
              onConfirm={async () => {
                await cloud.deleteServiceAccount(a.id);
                await qc.invalidateQueries({ queryKey: ['service-accounts'] });
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
