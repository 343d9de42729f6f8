import {
  acceptsEverything,
  add,
  checkLower,
  checkUpper,
  num,
  subSide,
  type Ctx,
  type Obj,
  type Side,
} from './json-compat-core';
import type { JsonSchemaNode } from './json-refs';

// Object rules: Confluent's open / closed / partially open content models, required properties,
// additional and pattern properties, sizes and dependencies.

/** Schema a property name not listed in `properties` gets: patternProperties, else additionalProperties. */
function extraPropertySchema(s: Obj, name: string): unknown {
  const pp = s.patternProperties as Obj | undefined;
  if (pp) {
    for (const [pattern, schema] of Object.entries(pp)) {
      try {
        if (new RegExp(pattern, 'u').test(name)) return schema;
      } catch {
        // invalid regexes were refused at parse time
      }
    }
  }
  return s.additionalProperties ?? s.unevaluatedProperties ?? true;
}

export function checkObject(reader: Side, writer: Side, r: Obj, w: Obj, path: string, ctx: Ctx): void {
  const { reader: rl, writer: wl } = ctx.labels;
  const rp = (r.properties as Obj | undefined) ?? {};
  const wp = (w.properties as Obj | undefined) ?? {};
  for (const name of Object.keys(wp)) {
    const p = `${path}/properties/${name}`;
    if (name in rp) {
      ctx.check(subSide(reader, rp[name]), subSide(writer, wp[name]), p, ctx);
      continue;
    }
    // `"foo": false` in the writer: it never wrote foo, so the reader may drop it.
    if (wp[name] === false) continue;
    const rExtra = extraPropertySchema(r, name) as JsonSchemaNode;
    if (rExtra === false) {
      add(
        ctx,
        'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        p,
        `Property '${name}' of the ${wl} schema is not allowed by the closed content model of the ${rl} schema`,
      );
    } else if (!acceptsEverything(rExtra) && !ctx.readable(subSide(reader, rExtra), subSide(writer, wp[name]), ctx)) {
      add(
        ctx,
        'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        p,
        `Property '${name}' of the ${wl} schema is not accepted by the ${rl} schema's additional/pattern properties`,
      );
    }
  }
  for (const name of Object.keys(rp)) {
    if (name in wp) continue;
    const p = `${path}/properties/${name}`;
    const wExtra = extraPropertySchema(w, name) as JsonSchemaNode;
    if (wExtra === false) continue; // the writer could never produce it: adding to a closed model is fine
    if (acceptsEverything(wExtra)) {
      if (!acceptsEverything(rp[name] as JsonSchemaNode)) {
        add(
          ctx,
          'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
          p,
          `Property '${name}' added by the ${rl} schema may already hold any value under the open content model of the ${wl} schema`,
        );
      }
    } else if (!ctx.readable(subSide(reader, rp[name]), subSide(writer, wExtra), ctx)) {
      add(
        ctx,
        'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        p,
        `Property '${name}' added by the ${rl} schema does not accept what the ${wl} schema's additional/pattern properties allow`,
      );
    }
  }
  const wRequired = new Set((w.required as string[] | undefined) ?? []);
  for (const name of (r.required as string[] | undefined) ?? []) {
    if (wRequired.has(name)) continue;
    // Like Confluent, only declared properties count: requiring an undeclared name is not checked.
    if (!(name in rp)) continue;
    // Confluent lets a required property with a default through.
    const prop = rp[name];
    if (prop && typeof prop === 'object' && 'default' in (prop as Obj)) continue;
    add(
      ctx,
      'REQUIRED_ATTRIBUTE_ADDED',
      `${path}/required/${name}`,
      `The ${rl} schema requires '${name}', which the ${wl} schema does not require`,
    );
  }
  const rAdd = (r.additionalProperties ?? true) as JsonSchemaNode;
  const wAdd = (w.additionalProperties ?? true) as JsonSchemaNode;
  if (rAdd === false && wAdd !== false) {
    add(
      ctx,
      'ADDITIONAL_PROPERTIES_REMOVED',
      `${path}/additionalProperties`,
      `The ${rl} schema closes the content model the ${wl} schema left open`,
    );
  } else if (!acceptsEverything(rAdd) && rAdd !== false) {
    if (acceptsEverything(wAdd))
      add(
        ctx,
        'ADDITIONAL_PROPERTIES_NARROWED',
        `${path}/additionalProperties`,
        `The ${rl} schema restricts additional properties the ${wl} schema allows freely`,
      );
    else ctx.check(subSide(reader, rAdd), subSide(writer, wAdd), `${path}/additionalProperties`, ctx);
  }
  const rpp = (r.patternProperties as Obj | undefined) ?? {};
  const wpp = (w.patternProperties as Obj | undefined) ?? {};
  for (const [pattern, schema] of Object.entries(rpp)) {
    const p = `${path}/patternProperties/${pattern}`;
    if (pattern in wpp) ctx.check(subSide(reader, schema), subSide(writer, wpp[pattern]), p, ctx);
    else if (
      wAdd !== false &&
      !acceptsEverything(schema as JsonSchemaNode) &&
      !ctx.readable(subSide(reader, schema), subSide(writer, wAdd), ctx)
    ) {
      add(
        ctx,
        'PATTERN_PROPERTY_ADDED',
        p,
        `The ${rl} schema constrains properties matching ${pattern}, which the ${wl} schema allows freely`,
      );
    }
  }
  checkUpper('MAX_PROPERTIES', num(r.maxProperties), num(w.maxProperties), path, ctx);
  checkLower('MIN_PROPERTIES', num(r.minProperties), num(w.minProperties), path, ctx);
  for (const key of ['dependencies', 'dependentRequired', 'dependentSchemas'] as const) {
    const rd = (r[key] as Obj | undefined) ?? {};
    const wd = (w[key] as Obj | undefined) ?? {};
    for (const [prop, dep] of Object.entries(rd)) {
      if (JSON.stringify(dep) !== JSON.stringify(wd[prop])) {
        add(
          ctx,
          prop in wd ? 'DEPENDENCY_CHANGED' : 'DEPENDENCY_ADDED',
          `${path}/${key}/${prop}`,
          `The ${rl} schema adds or changes the ${key} entry for '${prop}'`,
        );
      }
    }
  }
}
