import { Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet } from 'react-router';
import { useCloud, useClusterParams } from '../api/hooks';
import { ErrorBox, Loading } from '../components/ui';

export default function ClusterLayout() {
  const { env, lkc } = useClusterParams();
  const cloud = useCloud();
  const cluster = useQuery({ queryKey: ['cluster', env, lkc], queryFn: () => cloud.cluster(env, lkc) });
  const base = `/environments/${env}/clusters/${lkc}`;
  return (
    <div className="cluster">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/environments">Environments</Link> / <Link to={`/environments/${env}`}>{env}</Link> /{' '}
        <span>{cluster.data?.spec.display_name ?? lkc}</span> <code>{lkc}</code>
      </nav>
      {cluster.error && <ErrorBox error={cluster.error} title="Cluster not available" />}
      <nav className="subnav" aria-label="Cluster">
        <NavLink end to={base}>
          Overview
        </NavLink>
        <NavLink to={`${base}/topics`}>Topics</NavLink>
        <NavLink to={`${base}/connectors`}>Connectors</NavLink>
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}
