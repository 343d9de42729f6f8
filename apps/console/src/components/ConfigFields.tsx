import type { UseFormRegister } from 'react-hook-form';
import type { FormField, FormGroup } from '../connect/config-form';

/** react-hook-form reads dots as paths: config names (kafka.api.key) are stored under an encoded name. */
export const fieldKey = (name: string) => name.replace(/\./g, '~');
export const configOf = (values: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/~/g, '.'), v]));

const id = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

function Input({ f, register }: { f: FormField; register: UseFormRegister<Record<string, string>> }) {
  const r = register(fieldKey(f.name));
  const described = `${id(f.name)}-doc ${f.errors.length > 0 ? `${id(f.name)}-err` : ''}`;
  const common = { id: id(f.name), 'aria-describedby': described, 'aria-invalid': f.errors.length > 0, ...r };
  switch (f.widget) {
    case 'password':
      return <input type="password" autoComplete="off" {...common} />;
    case 'toggle':
      return (
        <select {...common}>
          <option value="">(default{f.defaultValue ? `: ${f.defaultValue}` : ''})</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case 'select':
      return (
        <select {...common}>
          <option value="">{f.defaultValue ? `(default: ${f.defaultValue})` : '(choose)'}</option>
          {f.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'number':
      return <input inputMode="numeric" placeholder={f.defaultValue ?? ''} {...common} />;
    default:
      return <input placeholder={f.defaultValue ?? ''} {...common} />;
  }
}

export function ConfigField({
  f,
  register,
  showErrors,
}: {
  f: FormField;
  register: UseFormRegister<Record<string, string>>;
  showErrors: boolean;
}) {
  const errors = showErrors ? f.errors : [];
  return (
    <div className={`field${errors.length > 0 ? ' invalid' : ''}`} data-field={f.name}>
      <label htmlFor={id(f.name)}>
        {f.label}
        {f.required && <span aria-label="required"> *</span>} <code className="muted">{f.name}</code>
      </label>
      <Input f={{ ...f, errors }} register={register} />
      {f.documentation && (
        <p className="doc" id={`${id(f.name)}-doc`}>
          {f.documentation}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="field-error" id={`${id(f.name)}-err`} role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ConfigGroups({
  groups,
  register,
  showErrors,
  hide = [],
}: {
  groups: FormGroup[];
  register: UseFormRegister<Record<string, string>>;
  showErrors: (name: string) => boolean;
  hide?: string[];
}) {
  return (
    <>
      {groups.map((g) => (
        <fieldset key={g.name} className="group">
          <legend>{g.name}</legend>
          {g.fields
            .filter((f) => !hide.includes(f.name))
            .map((f) => (
              <ConfigField key={f.name} f={f} register={register} showErrors={showErrors(f.name)} />
            ))}
        </fieldset>
      ))}
    </>
  );
}
