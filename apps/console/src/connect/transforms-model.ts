// The transformation chain in a flat connector config: `transforms` (aliases in order),
// `transforms.<alias>.type|predicate|negate|<prop>`, `predicates`, `predicates.<alias>.type|<prop>`.
export type Config = Record<string, string>;

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const transformAliases = (c: Config) => list(c.transforms);
export const predicateAliases = (c: Config) => list(c.predicates);

function setList(c: Config, key: 'transforms' | 'predicates', aliases: string[]): Config {
  const out = { ...c };
  if (aliases.length === 0) delete out[key];
  else out[key] = aliases.join(',');
  return out;
}

function dropPrefix(c: Config, prefix: string): Config {
  return Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith(prefix)));
}

export function addTransform(c: Config, alias: string, type: string): Config {
  if (transformAliases(c).includes(alias)) throw new Error(`A transform named ${alias} already exists`);
  return { ...setList(c, 'transforms', [...transformAliases(c), alias]), [`transforms.${alias}.type`]: type };
}

export function removeTransform(c: Config, alias: string): Config {
  return setList(
    dropPrefix(c, `transforms.${alias}.`),
    'transforms',
    transformAliases(c).filter((a) => a !== alias),
  );
}

export function moveTransform(c: Config, alias: string, by: -1 | 1): Config {
  const a = transformAliases(c);
  const i = a.indexOf(alias);
  const j = i + by;
  if (i < 0 || j < 0 || j >= a.length) return c;
  [a[i], a[j]] = [a[j] as string, a[i] as string];
  return setList(c, 'transforms', a);
}

export function addPredicate(c: Config, alias: string, type: string): Config {
  if (predicateAliases(c).includes(alias)) throw new Error(`A predicate named ${alias} already exists`);
  return { ...setList(c, 'predicates', [...predicateAliases(c), alias]), [`predicates.${alias}.type`]: type };
}

export function removePredicate(c: Config, alias: string): Config {
  let out = setList(
    dropPrefix(c, `predicates.${alias}.`),
    'predicates',
    predicateAliases(c).filter((a) => a !== alias),
  );
  // transforms that used it run unconditionally again
  for (const t of transformAliases(out))
    if (out[`transforms.${t}.predicate`] === alias) {
      out = { ...out };
      delete out[`transforms.${t}.predicate`];
      delete out[`transforms.${t}.negate`];
    }
  return out;
}

export function setKey(c: Config, key: string, value: string): Config {
  const out = { ...c };
  if (value === '') delete out[key];
  else out[key] = value;
  return out;
}
