import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useCloud, useCloudKey, useClusterParams, useConnect } from '../api/hooks';
import { catalogueEntry } from '../connect/catalogue';
import { buildForm, cleanConfig, defaultConnectorName, groupsByStep, type StepId } from '../connect/config-form';
import type { Config } from '../connect/transforms-model';
import { DEFAULT_SAMPLE, previewConfig, useValidation } from '../connect/useValidation';
import { ConfigGroups, configOf, fieldKey } from '../components/ConfigFields';
import { createResourceKey } from '../components/ResourceKeyGate';
import { PreviewPanel, SmtEditor } from '../components/SmtEditor';
import { ErrorBox, Loading } from '../components/ui';

const STEPS: Array<{ id: StepId | 'transforms'; title: string }> = [
  { id: 'topic', title: 'Topic selection' },
  { id: 'credentials', title: 'Kafka credentials' },
  { id: 'configuration', title: 'Configuration' },
  { id: 'transforms', title: 'Transforms' },
  { id: 'sizing', title: 'Sizing' },
  { id: 'review', title: 'Review and launch' },
];

const SECRET = /password|secret/i;

export default function Wizard() {
  const { env, lkc } = useClusterParams();
  const plugin = decodeURIComponent(useParams().plugin ?? '');
  const connect = useConnect();
  const cloud = useCloud();
  const cloudKey = useCloudKey();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const step = Math.min(Math.max(Number(params.get('step') ?? 0) || 0, 0), STEPS.length - 1);
  const existing = useQuery({ queryKey: ['connectors', lkc], queryFn: () => connect.list() });
  const plugins = useQuery({ queryKey: ['plugins', lkc], queryFn: () => connect.plugins() });
  const type = plugins.data?.find((p) => p.class === plugin)?.type;
  const defaultName = defaultConnectorName(plugin, Object.keys(existing.data ?? {}));
  const form = useForm<Record<string, string>>({ defaultValues: {} });
  const [smt, setSmt] = useState<Config>({});
  const [sample, setSample] = useState(DEFAULT_SAMPLE);
  const [attempted, setAttempted] = useState<Set<number>>(new Set());
  const [launchError, setLaunchError] = useState<unknown>();
  const [keyNote, setKeyNote] = useState<string>();
  const [launching, setLaunching] = useState(false);
  const values = form.watch();
  const config = useMemo(() => {
    const c = cleanConfig(configOf(values));
    return { 'connector.class': plugin, name: c.name ?? defaultName, ...c, ...smt };
  }, [JSON.stringify(values), JSON.stringify(smt), plugin, defaultName]);
  const { infos, error, validateNow } = useValidation(connect, plugin, config);
  const groups = useMemo(() => (infos ? groupsByStep(buildForm(infos)) : undefined), [infos]);
  const dirty = form.formState.dirtyFields;
  const showErrors = (name: string) => attempted.has(step) || Boolean(dirty[fieldKey(name)]);

  const fieldsOf = (s: number) => {
    const id = STEPS[s]?.id;
    if (!groups || !id) return [];
    if (id === 'transforms') return [...Object.keys(smt)];
    const own = id === 'configuration' ? [...groups.configuration, ...groups.advanced] : groups[id as StepId];
    return own.flatMap((g) => g.fields.map((f) => f.name));
  };

  const next = async () => {
    setAttempted((a) => new Set(a).add(step));
    const r = await validateNow();
    if (!r) return;
    const mine = new Set(fieldsOf(step));
    const blocking = r.configs.filter((c) => mine.has(c.value.name) && (c.value.errors ?? []).length > 0);
    if (blocking.length === 0) setParams({ step: String(step + 1) });
  };

  const generateKey = async () => {
    try {
      const k = await createResourceKey(cloud, cloudKey, lkc, env, `connector ${config.name}`);
      form.setValue(fieldKey('kafka.auth.mode'), 'KAFKA_API_KEY', { shouldDirty: true });
      form.setValue(fieldKey('kafka.api.key'), k.key, { shouldDirty: true });
      form.setValue(fieldKey('kafka.api.secret'), k.secret, { shouldDirty: true });
      setKeyNote(
        `Created API key ${k.key} of ${lkc} for this connector (owned by your account; listed under API keys).`,
      );
    } catch (e) {
      setKeyNote(`Could not create a key: ${(e as Error).message}`);
    }
  };

  const launch = async () => {
    setAttempted(new Set(STEPS.map((_, i) => i)));
    setLaunching(true);
    setLaunchError(undefined);
    try {
      await connect.create(config.name, config);
      navigate(`/environments/${env}/clusters/${lkc}/connectors/${encodeURIComponent(config.name)}`);
    } catch (e) {
      setLaunchError(e);
      void validateNow();
    } finally {
      setLaunching(false);
    }
  };

  const entry = catalogueEntry(plugin, type ?? '');
  const current = STEPS[step]!;
  const masked = Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, SECRET.test(k) && v ? '****************' : v]),
  );
  return (
    <section className="wizard">
      <nav className="crumbs">
        <Link to={`/environments/${env}/clusters/${lkc}/connectors/new`}>Connector plugins</Link>
      </nav>
      <h1>Add {entry.name} connector</h1>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            aria-current={i === step ? 'step' : undefined}
            className={i === step ? 'current' : i < step ? 'done' : ''}
          >
            {i < step ? (
              <button type="button" className="link" onClick={() => setParams({ step: String(i) })}>
                {s.title}
              </button>
            ) : (
              s.title
            )}
          </li>
        ))}
      </ol>
      {error !== undefined && <ErrorBox error={error} title="Validation request failed" />}
      {!infos && !error && <Loading what="Loading the plugin's configuration" />}
      {groups && (
        <form
          className="wizard-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (current.id === 'review') void launch();
            else void next();
          }}
        >
          <h2>{current.title}</h2>
          {current.id === 'credentials' && (
            <div className="notice">
              <button type="button" onClick={() => void generateKey()}>
                Generate a Kafka API key for this connector
              </button>{' '}
              {keyNote && <span role="status">{keyNote}</span>}
            </div>
          )}
          {current.id === 'transforms' ? (
            <div className="two-col">
              <SmtEditor config={smt} onChange={setSmt} infos={infos} />
              <PreviewPanel
                config={smt}
                sample={sample}
                onSample={setSample}
                preview={(_c, records) => connect.preview(previewConfig(config, type), records)}
              />
            </div>
          ) : current.id === 'configuration' ? (
            <>
              <ConfigGroups groups={groups.configuration} register={form.register} showErrors={showErrors} />
              {groups.advanced.length > 0 && (
                <details>
                  <summary>Show advanced configurations</summary>
                  <ConfigGroups groups={groups.advanced} register={form.register} showErrors={showErrors} />
                </details>
              )}
            </>
          ) : (
            <ConfigGroups
              groups={groups[current.id as StepId]}
              register={form.register}
              showErrors={showErrors}
              hide={['connector.class']}
            />
          )}
          {current.id === 'review' && (
            <>
              <h3>Configuration (JSON)</h3>
              <pre className="json" aria-label="Connector configuration JSON">
                {JSON.stringify(masked, null, 2)}
              </pre>
              {infos && infos.error_count > 0 && (
                <ErrorBox
                  title={`${infos.error_count} configuration error(s)`}
                  error={infos.configs
                    .filter((c) => (c.value.errors ?? []).length > 0)
                    .map((c) => `${c.value.name}: ${(c.value.errors ?? []).join('; ')}`)
                    .join('\n')}
                />
              )}
            </>
          )}
          {launchError !== undefined && <ErrorBox error={launchError} title="Could not launch the connector" />}
          <div className="actions">
            {step > 0 && (
              <button type="button" onClick={() => setParams({ step: String(step - 1) })}>
                Back
              </button>
            )}
            <button type="submit" className="primary" disabled={launching}>
              {current.id === 'review' ? (launching ? 'Launching…' : 'Launch') : 'Continue'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
