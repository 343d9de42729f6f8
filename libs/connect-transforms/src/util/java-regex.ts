// Java regex → JavaScript. Java's Matcher.matches() is a whole-string match and replacement
// strings use ${name} and backslash escapes, so both need translating.
import { ConfigException, LambdaValidator } from '@libs/connect-spi';

export function compileJavaRegex(pattern: string): RegExp {
  // Possessive quantifiers and \A / \Z have no JS equivalent; map the anchors, drop possessiveness.
  const js = pattern
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$')
    .replace(/([*+?}])\+/g, '$1');
  return new RegExp(js);
}

/** A regex that only matches the whole input (Matcher.matches()). */
export function compileFullMatch(pattern: string): RegExp {
  return new RegExp('^(?:' + compileJavaRegex(pattern).source + ')$');
}

/** Java replacement syntax ($1, ${name}, \$) → JS replacement syntax ($1, $<name>, $$). */
export function translateReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i];
      out += next === '$' ? '$$' : next;
    } else if (c === '$' && replacement[i + 1] === '{') {
      const end = replacement.indexOf('}', i);
      if (end < 0) throw new Error("named capturing group is missing trailing '}'");
      out += '$<' + replacement.slice(i + 2, end) + '>';
      i = end;
    } else out += c;
  }
  return out;
}

export const regexValidator = LambdaValidator.with(
  (name, value) => {
    if (value === null || value === undefined) return;
    try {
      compileJavaRegex(String(value));
    } catch (e) {
      throw new ConfigException(name, value, 'Invalid regex: ' + (e as Error).message);
    }
  },
  () => 'valid regex',
);
