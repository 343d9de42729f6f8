// Confluent's context URL form (confluentinc/schema-registry's ContextFilter): any SR path prefixed
// with /contexts/{ctx}/ addresses subjects of that context, e.g.
//   /contexts/.team-a/subjects/orders-value/versions → /subjects/:.team-a:orders-value/versions
// Ids are registry-wide here (contexts do not get their own id namespace), so /schemas/… only loses
// the prefix. Runs before routing; `GET /contexts` itself is left alone.

const qualify = (ctx: string, subject: string): string => (ctx === '.' ? subject : `:${ctx}:${subject}`);

/** The rewritten URL, or undefined when `url` is not a context-prefixed SR path. */
export function rewriteContextUrl(url: string): string | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const m = /^\/contexts\/([^/]+)(\/.*)$/.exec(path);
  if (!m) return undefined;
  let ctx: string;
  try {
    ctx = decodeURIComponent(m[1] as string);
  } catch {
    return undefined;
  }
  if (ctx === '' || ctx.includes(':')) return undefined;
  if (!ctx.startsWith('.')) ctx = `.${ctx}`;
  const rest = m[2] as string;
  const enc = (subject: string) => encodeURIComponent(qualify(ctx, subject));
  const withQuery = (p: string, extra?: string) => {
    const parts = [query, extra].filter((x) => x);
    return parts.length ? `${p}?${parts.join('&')}` : p;
  };
  let sub: RegExpExecArray | null;
  if ((sub = /^\/(subjects|config|mode)\/([^/]+)(\/.*)?$/.exec(rest))) {
    let subject: string;
    try {
      subject = decodeURIComponent(sub[2] as string);
    } catch {
      return undefined;
    }
    return withQuery(`/${sub[1]}/${enc(subject)}${sub[3] ?? ''}`);
  }
  if ((sub = /^\/compatibility\/subjects\/([^/]+)(\/.*)$/.exec(rest))) {
    let subject: string;
    try {
      subject = decodeURIComponent(sub[1] as string);
    } catch {
      return undefined;
    }
    return withQuery(`/compatibility/subjects/${enc(subject)}${sub[2]}`);
  }
  if (rest === '/subjects' || rest === '/subjects/') {
    return ctx === '.'
      ? withQuery('/subjects')
      : withQuery('/subjects', `subjectPrefix=${encodeURIComponent(`:${ctx}:`)}`);
  }
  // Context-level config and mode live under the empty subject of the context (`:.ctx:`).
  if (rest === '/config' || rest === '/mode')
    return withQuery(ctx === '.' ? rest : `${rest}/${encodeURIComponent(`:${ctx}:`)}`);
  if (rest.startsWith('/schemas')) return withQuery(rest);
  return undefined;
}
