import { InvalidSchemaError } from '../../errors';
import type { JsonRefResolver, JsonSchemaNode } from './json-refs';

// The checks Ajv's compile would make that its meta-schema validation does not: regexes and
// $ref targets. Done by a walk so registering a large schema does not pay for code generation.

/** Returns the $refs our resolver cannot follow (anchors, $id-scoped bases): Ajv decides those. */
export function checkJsonSchemaStructure(root: JsonSchemaNode, resolver: JsonRefResolver): string[] {
  const unresolved: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 1000 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const obj = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(obj)) {
      // Instance data may contain anything, including keys named like keywords.
      if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
      if (key === 'pattern' && typeof value === 'string') checkRegex(value);
      if (key === 'patternProperties' && value && typeof value === 'object')
        for (const p of Object.keys(value)) checkRegex(p);
      if (key === '$ref' && typeof value === 'string' && !resolver.canResolve(value, root)) unresolved.push(value);
      visit(value, depth + 1);
    }
  };
  visit(root, 0);
  return unresolved;
}

function checkRegex(pattern: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    throw new InvalidSchemaError(`Invalid JSON schema: ${(e as Error).message}`);
  }
}
