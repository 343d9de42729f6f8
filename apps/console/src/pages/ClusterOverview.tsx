import { useQuery } from '@tanstack/react-query';
import { useCloud, useClusterParams } from '../api/hooks';
import { CopyButton, ErrorBox, Loading, StateBadge } from '../components/ui';

export default function ClusterOverview() {
  const { env, lkc } = useClusterParams();
  const cloud = useCloud();
  const cluster = useQuery({ queryKey: ['cluster', env, lkc], queryFn: () => cloud.cluster(env, lkc) });
  if (cluster.isPending) return <Loading />;
  if (cluster.error) return <ErrorBox error={cluster.error} />;
  const c = cluster.data;
  const rows: Array<[string, string | undefined]> = [
    ['Cluster id', c.id],
    ['Bootstrap server', c.spec.kafka_bootstrap_endpoint],
    ['REST endpoint', c.spec.http_endpoint],
    ['Type', c.spec.config?.kind],
    ['Cloud / region', `${c.spec.cloud ?? ''} ${c.spec.region ?? ''}`],
  ];
  return (
    <section>
      <h1>
        {c.spec.display_name} <StateBadge state={c.status?.phase ?? 'UNKNOWN'} />
      </h1>
      <dl className="props">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <code>{v ?? '—'}</code> {v && <CopyButton text={v} />}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
