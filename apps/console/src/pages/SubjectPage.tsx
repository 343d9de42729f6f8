import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useSchemaRegistry } from '../api/hooks';
import type { Credentials } from '../api/session';
import { ConfirmDelete, ErrorBox, Loading } from '../components/ui';
import { WithRegistry } from './Subjects';

const LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'];

function pretty(schema: string): string {
  try {
    return JSON.stringify(JSON.parse(schema), null, 2);
  } catch {
    return schema;
  }
}

function Subject({ srKey, env, subject }: { srKey: Credentials; env: string; subject: string }) {
  const sr = useSchemaRegistry(srKey)!;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const versions = useQuery({ queryKey: ['versions', srKey.key, subject], queryFn: () => sr.versions(subject) });
  const latest = versions.data?.[versions.data.length - 1];
  const chosen = Number(params.get('version')) || latest;
  const version = useQuery({
    queryKey: ['version', srKey.key, subject, chosen],
    queryFn: () => sr.version(subject, chosen as number),
    enabled: chosen !== undefined,
  });
  const qc = useQueryClient();
  const compat = useQuery({ queryKey: ['compat', srKey.key, subject], queryFn: () => sr.compatibility(subject) });
  const setCompat = useMutation({
    mutationFn: (level: string) => sr.setCompatibility(subject, level),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['compat', srKey.key, subject] }),
  });
  if (versions.isPending) return <Loading />;
  if (versions.error) return <ErrorBox error={versions.error} />;
  return (
    <>
      <div className="title-row">
        <label>
          Version
          <select value={chosen} onChange={(e) => setParams({ version: e.target.value })}>
            {versions.data.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Compatibility
          <select
            value={compat.data?.compatibilityLevel ?? ''}
            onChange={(e) => setCompat.mutate(e.target.value)}
            disabled={!compat.data || setCompat.isPending}
          >
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        {setCompat.isSuccess && <span role="status">Compatibility set to {setCompat.data.compatibility}.</span>}
        <ConfirmDelete
          what="subject"
          name={subject}
          onConfirm={async () => {
            await sr.deleteSubject(subject);
            navigate(`/environments/${env}/schema-registry`);
          }}
        />
      </div>
      {setCompat.error && <ErrorBox error={setCompat.error} title="Could not change the compatibility" />}
      {version.error && <ErrorBox error={version.error} />}
      {version.data && (
        <>
          <p className="muted">
            Schema id <code>{version.data.id}</code> · type {version.data.schemaType ?? 'AVRO'}
          </p>
          <pre className="json">{pretty(version.data.schema)}</pre>
        </>
      )}
    </>
  );
}

export default function SubjectPage() {
  const env = useParams().env ?? '';
  const subject = decodeURIComponent(useParams().subject ?? '');
  return (
    <section>
      <nav className="crumbs">
        <Link to={`/environments/${env}/schema-registry`}>Subjects</Link>
      </nav>
      <h1>{subject}</h1>
      <WithRegistry env={env}>{(key) => <Subject srKey={key} env={env} subject={subject} />}</WithRegistry>
    </section>
  );
}
