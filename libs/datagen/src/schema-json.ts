import type { AvroSchema } from './avro-types';

/**
 * Parses Avro schema JSON as Avro's Java parser does, which accepts `//` line comments
 * (clickstream_schema.avro relies on it). Comments inside string literals are kept.
 */
export function parseSchemaJson(text: string): AvroSchema {
  return JSON.parse(text.includes('//') ? stripLineComments(text) : text) as AvroSchema;
}

export function stripLineComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < text.length) out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      if (i < text.length) out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}
