// Transforms and predicates of a connector config: add, order, remove, per-SMT properties (from the
// validate answer's "Transforms: <alias>" groups) and a live before/after preview from the API.
import { useEffect, useState } from 'react';
import type { ConfigInfos, PreviewRecord } from '../api/types';
import { PREDICATE_TYPES, shortClass, TRANSFORM_TYPES } from '../connect/catalogue';
import {
  addPredicate,
  addTransform,
  moveTransform,
  predicateAliases,
  removePredicate,
  removeTransform,
  setKey,
  transformAliases,
  type Config,
} from '../connect/transforms-model';
import { ErrorBox } from './ui';

const RESERVED = ['type', 'predicate', 'negate'];

function PropFields({
  config,
  onChange,
  infos,
  prefix,
  group,
}: {
  config: Config;
  onChange: (c: Config) => void;
  infos?: ConfigInfos;
  prefix: string;
  group: string;
}) {
  const defs = (infos?.configs ?? []).filter(
    (c) => c.definition.group === group && !RESERVED.some((r) => c.definition.name === prefix + r),
  );
  if (defs.length === 0) return <p className="muted">No properties (or choose a type first).</p>;
  return (
    <div className="smt-props">
      {defs.map(({ definition: d, value: v }) => {
        const id = `smt-${d.name.replace(/[^a-zA-Z0-9]/g, '_')}`;
        const errors = config[d.name] !== undefined || (v.errors ?? []).length > 0 ? (v.errors ?? []) : [];
        const options = v.recommended_values ?? [];
        return (
          <div key={d.name} className={`field${errors.length ? ' invalid' : ''}`} data-field={d.name}>
            <label htmlFor={id}>
              {d.display_name || d.name.slice(prefix.length)}
              {d.required && ' *'} <code className="muted">{d.name}</code>
            </label>
            {options.length > 0 ? (
              <select
                id={id}
                value={config[d.name] ?? ''}
                onChange={(e) => onChange(setKey(config, d.name, e.target.value))}
              >
                <option value="">(default{d.default_value ? `: ${d.default_value}` : ''})</option>
                {options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                value={config[d.name] ?? ''}
                placeholder={d.default_value ?? ''}
                onChange={(e) => onChange(setKey(config, d.name, e.target.value))}
              />
            )}
            {d.documentation && <p className="doc">{d.documentation}</p>}
            {errors.length > 0 && (
              <ul className="field-error" role="alert">
                {errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </div>
  );
}

function AddForm({
  label,
  types,
  onAdd,
}: {
  label: string;
  types: string[];
  onAdd: (alias: string, type: string) => void;
}) {
  const [alias, setAlias] = useState('');
  const [type, setType] = useState(types[0] ?? '');
  const [error, setError] = useState<unknown>();
  return (
    <form
      className="inline-form"
      aria-label={`Add a ${label}`}
      onSubmit={(e) => {
        e.preventDefault();
        try {
          if (!/^[a-zA-Z0-9_-]+$/.test(alias)) throw new Error('The alias is letters, digits, _ and - only');
          onAdd(alias, type);
          setAlias('');
          setError(undefined);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <label>
        {label === 'transform' ? 'Transform' : 'Predicate'} alias
        <input value={alias} onChange={(e) => setAlias(e.target.value)} />
      </label>
      <label>
        Type
        {/* named explicitly: a wrapping label would add the selected option's text to the name */}
        <select aria-label="Type" value={type} onChange={(e) => setType(e.target.value)}>
          {types.map((t) => (
            <option key={t} value={t}>
              {shortClass(t)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Add {label}</button>
      {error !== undefined && <ErrorBox error={error} title={`Could not add the ${label}`} />}
    </form>
  );
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 1);
}

export function PreviewPanel({
  config,
  sample,
  onSample,
  preview,
}: {
  config: Config;
  sample: string;
  onSample: (s: string) => void;
  preview: (c: Config, records: unknown[]) => Promise<{ records: PreviewRecord[] }>;
}) {
  const [result, setResult] = useState<PreviewRecord[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let records: unknown[];
    try {
      const parsed = JSON.parse(sample) as unknown;
      records = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      setError(new Error('The sample is not valid JSON'));
      return;
    }
    const t = setTimeout(() => {
      preview(config, records).then(
        (r) => {
          setResult(r.records);
          setError(undefined);
        },
        (e) => setError(e),
      );
    }, 300);
    return () => clearTimeout(t);
  }, [JSON.stringify(config), sample]);
  return (
    <section className="preview" aria-label="Transform preview">
      <h3>Preview</h3>
      <label>
        Sample records (JSON: {'{key, value}'} or a list of them)
        <textarea rows={5} value={sample} onChange={(e) => onSample(e.target.value)} className="mono" />
      </label>
      {error !== undefined && <ErrorBox error={error} title="Preview failed" />}
      {result?.map((r, i) => (
        <div key={i} className="preview-row">
          <div>
            <h4>Before</h4>
            <pre>{show(r.before)}</pre>
          </div>
          <div>
            <h4>After</h4>
            {r.error ? (
              <ErrorBox error={`${r.error.stage}: ${r.error.message}`} title="Transform error" />
            ) : r.dropped ? (
              <p className="muted">Dropped</p>
            ) : (
              <pre>{show({ key: r.after?.key, value: r.after?.value })}</pre>
            )}
          </div>
        </div>
      ))}
    </section>
  );
}

export function SmtEditor({
  config,
  onChange,
  infos,
}: {
  config: Config;
  onChange: (c: Config) => void;
  infos?: ConfigInfos;
}) {
  const transforms = transformAliases(config);
  const predicates = predicateAliases(config);
  return (
    <div className="smt">
      <h3>Transforms (applied in this order)</h3>
      {transforms.length === 0 && <p className="muted">No transform yet.</p>}
      <ol className="smt-list">
        {transforms.map((a, i) => {
          const p = `transforms.${a}.`;
          return (
            <li key={a} className="card smt-item" data-alias={a}>
              <div className="title-row">
                <strong>{a}</strong>
                <code>{shortClass(config[`${p}type`] ?? '')}</code>
                <button
                  type="button"
                  className="small"
                  disabled={i === 0}
                  onClick={() => onChange(moveTransform(config, a, -1))}
                  aria-label={`Move ${a} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="small"
                  disabled={i === transforms.length - 1}
                  onClick={() => onChange(moveTransform(config, a, 1))}
                  aria-label={`Move ${a} down`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="small danger"
                  onClick={() => onChange(removeTransform(config, a))}
                  aria-label={`Remove ${a}`}
                >
                  Remove
                </button>
              </div>
              <div className="inline-form">
                <label>
                  Apply only when predicate
                  <select
                    value={config[`${p}predicate`] ?? ''}
                    onChange={(e) => onChange(setKey(config, `${p}predicate`, e.target.value))}
                  >
                    <option value="">(always)</option>
                    {predicates.map((x) => (
                      <option key={x}>{x}</option>
                    ))}
                  </select>
                </label>
                {config[`${p}predicate`] && (
                  <label>
                    <input
                      type="checkbox"
                      checked={config[`${p}negate`] === 'true'}
                      onChange={(e) => onChange(setKey(config, `${p}negate`, e.target.checked ? 'true' : ''))}
                    />{' '}
                    Negate
                  </label>
                )}
              </div>
              <PropFields config={config} onChange={onChange} infos={infos} prefix={p} group={`Transforms: ${a}`} />
            </li>
          );
        })}
      </ol>
      <AddForm
        label="transform"
        types={TRANSFORM_TYPES}
        onAdd={(alias, type) => onChange(addTransform(config, alias, type))}
      />
      <h3>Predicates</h3>
      {predicates.map((a) => (
        <div key={a} className="card">
          <div className="title-row">
            <strong>{a}</strong> <code>{shortClass(config[`predicates.${a}.type`] ?? '')}</code>
            <button type="button" className="small danger" onClick={() => onChange(removePredicate(config, a))}>
              Remove
            </button>
          </div>
          <PropFields
            config={config}
            onChange={onChange}
            infos={infos}
            prefix={`predicates.${a}.`}
            group={`Predicates: ${a}`}
          />
        </div>
      ))}
      <AddForm
        label="predicate"
        types={PREDICATE_TYPES}
        onAdd={(alias, type) => onChange(addPredicate(config, alias, type))}
      />
    </div>
  );
}
