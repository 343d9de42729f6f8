// YAML as the Go CLI's yaml.v3 prints it: 4-space indent for nested maps, sequence items at the
// parent's indent plus four under a key, plain scalars where they are unambiguous.
import { stringify } from 'yaml';

export function goYaml(value: unknown): string {
  return stringify(value, { indent: 4, indentSeq: true, lineWidth: 0 });
}
