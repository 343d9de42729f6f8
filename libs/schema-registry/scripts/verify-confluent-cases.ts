// Runs Confluent's published JSON Schema / Protobuf diff cases through our checkers (BACKWARD:
// original = old, update = new) and prints where we disagree. The case files stay in Confluent's
// repository; point this script at a checkout of confluentinc/schema-registry:
//   node scripts/run.js libs/schema-registry/scripts/verify-confluent-cases.ts /path/to/schema-registry
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getSchemaProvider, type ResolvedReference, type SchemaType } from '@libs/schema-registry';

interface DiffCase {
  description: string;
  original_schema: unknown;
  update_schema: unknown;
  original_dependencies?: Array<{ name: string; dependency: string }>;
  update_dependencies?: Array<{ name: string; dependency: string }>;
  original_metadata?: unknown;
  update_metadata?: unknown;
  changes: string[];
  compatible: boolean;
}

const FILES: Array<[SchemaType, string]> = [
  ['JSON', 'json-schema-provider/src/test/resources/diff-schema-examples.json'],
  ['JSON', 'json-schema-provider/src/test/resources/diff-schema-examples-2020-12.json'],
  ['JSON', 'json-schema-provider/src/test/resources/diff-combined-schema-examples.json'],
  ['JSON', 'json-schema-provider/src/test/resources/diff-combined-schema-examples-2020-12.json'],
  ['PROTOBUF', 'protobuf-provider/src/test/resources/diff-schema-examples.json'],
];

const root = process.argv[2];
if (!root) {
  console.error('usage: verify-confluent-cases.ts <path to a confluentinc/schema-registry checkout>');
  process.exit(2);
}

const text = (x: unknown): string => (typeof x === 'string' ? x : JSON.stringify(x));
const refs = (deps: DiffCase['original_dependencies']): ResolvedReference[] =>
  (deps ?? []).map((d) => ({ name: d.name, schema: d.dependency }));
let disagreements = 0;
for (const [type, file] of FILES) {
  // The case files contain trailing commas (Jackson accepts them).
  const cases = JSON.parse(readFileSync(join(root, file), 'utf8').replace(/,(\s*[}\]])/g, '$1')) as DiffCase[];
  const provider = getSchemaProvider(type);
  let agree = 0;
  let total = 0;
  for (const c of cases) {
    if (c.original_metadata || c.update_metadata) continue; // needs schema metadata (confluent:reserved)
    total++;
    try {
      const reasons = provider.isCompatible(
        provider.parse(text(c.update_schema), refs(c.update_dependencies)),
        [provider.parse(text(c.original_schema), refs(c.original_dependencies))],
        'BACKWARD',
      );
      if ((reasons.length === 0) === c.compatible) agree++;
      else
        console.log(
          `  DISAGREE ${c.description}: Confluent ${c.compatible ? 'compatible' : JSON.stringify(c.changes)}, ours ${reasons.join(' | ') || 'compatible'}`,
        );
    } catch (e) {
      console.log(`  ERROR ${c.description}: ${(e as Error).message}`);
    }
  }
  disagreements += total - agree;
  console.log(`${file}: ${agree}/${total} agree`);
}
process.exit(disagreements === 0 ? 0 : 1);
