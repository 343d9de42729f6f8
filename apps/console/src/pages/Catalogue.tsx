import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useClusterParams, useConnect } from '../api/hooks';
import { catalogueEntry } from '../connect/catalogue';
import { Empty, ErrorBox, Loading } from '../components/ui';

export default function Catalogue() {
  const { env, lkc } = useClusterParams();
  const connect = useConnect();
  const plugins = useQuery({ queryKey: ['plugins', lkc], queryFn: () => connect.plugins() });
  const [filter, setFilter] = useState('');
  const shown = (plugins.data ?? []).filter((p) => {
    const e = catalogueEntry(p.class, p.type);
    return `${p.class} ${e.name} ${e.category}`.toLowerCase().includes(filter.toLowerCase());
  });
  return (
    <section>
      <nav className="crumbs">
        <Link to={`/environments/${env}/clusters/${lkc}/connectors`}>Connectors</Link>
      </nav>
      <h1>Connector plugins</h1>
      <label>
        Search plugins
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {plugins.isPending && <Loading what="Loading plugins" />}
      {plugins.error && <ErrorBox error={plugins.error} />}
      {plugins.data && shown.length === 0 && <Empty>No plugin matches “{filter}”.</Empty>}
      <ul className="cards plugins">
        {shown.map((p) => {
          const e = catalogueEntry(p.class, p.type);
          return (
            <li key={p.class} className="card">
              <h2>
                <Link to={`/environments/${env}/clusters/${lkc}/connectors/new/${encodeURIComponent(p.class)}`}>
                  {e.name}
                </Link>
              </h2>
              <p className="muted">
                {e.category} · {p.type} · <code>{p.class}</code>
              </p>
              <p>{e.description}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
