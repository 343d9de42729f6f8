// Config keys shared by several SMTs.
import type { ConfigKeyDefinition } from '@libs/connect-spi';

export const replaceNullWithDefaultKey = 'replace.null.with.default';

/** KIP-1040 (Kafka 3.9): read the schema default for null Struct fields, or keep the null. */
export const REPLACE_NULL_WITH_DEFAULT: ConfigKeyDefinition = {
  name: replaceNullWithDefaultKey,
  type: 'BOOLEAN',
  defaultValue: true,
  importance: 'MEDIUM',
  documentation:
    'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
};
