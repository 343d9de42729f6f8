import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { useClusterParams, useConnect } from '../api/hooks';
import type { ExpandedConnector } from '../api/types';
import { DataTable } from '../components/DataTable';
import { Empty, ErrorBox, Loading, StateBadge } from '../components/ui';

type Row = ExpandedConnector & { name: string };

export default function Connectors() {
  const { env, lkc } = useClusterParams();
  const connect = useConnect();
  const list = useQuery({ queryKey: ['connectors', lkc], queryFn: () => connect.list(), refetchInterval: 3000 });
  const base = `/environments/${env}/clusters/${lkc}/connectors`;
  const rows: Row[] = Object.entries(list.data ?? {}).map(([name, c]) => ({ name, ...c }));
  const columns: ColumnDef<Row, unknown>[] = [
    {
      header: 'Name',
      accessorKey: 'name',
      cell: (c) => <Link to={`${base}/${encodeURIComponent(c.row.original.name)}`}>{c.row.original.name}</Link>,
    },
    { header: 'Id', accessorFn: (r) => r.id?.id ?? '', cell: (c) => <code>{String(c.getValue())}</code> },
    {
      header: 'Status',
      accessorFn: (r) => r.status?.connector.state ?? '',
      cell: (c) => <StateBadge state={String(c.getValue() || 'UNKNOWN')} />,
    },
    { header: 'Type', accessorFn: (r) => r.info?.type ?? '' },
    { header: 'Plugin', accessorFn: (r) => r.info?.config['connector.class'] ?? '' },
    {
      header: 'Tasks',
      accessorFn: (r) =>
        `${r.status?.tasks.filter((t) => t.state === 'RUNNING').length ?? 0} / ${r.status?.tasks.length ?? 0}`,
    },
  ];
  return (
    <section>
      <div className="title-row">
        <h1>Connectors</h1>
        <Link className="button primary" to={`${base}/new`}>
          Add connector
        </Link>
      </div>
      {list.isPending && <Loading what="Loading connectors" />}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && rows.length === 0 && (
        <Empty>
          No connector in this cluster yet. <Link to={`${base}/new`}>Add one from the catalogue.</Link>
        </Empty>
      )}
      {rows.length > 0 && <DataTable data={rows} columns={columns} label="Connectors" />}
    </section>
  );
}
