// Data access stays in libs/db (issue 13): controllers, use cases, the runtime and every other lib
// go through its repositories (tenant repositories take an OrgScope; cross-tenant work goes through
// PlatformRepository) and never query Prisma themselves. Tests and benchmarks may seed and inspect
// rows directly, so they are not covered.

// Prisma's model delegates (prisma/schema.prisma) and their query methods.
const MODELS =
  'organization|environment|serviceAccount|apiKey|roleBinding|kafkaCluster|auditEvent|connector|connectorTask|connectWorker|sourceOffset|connectorOffsetRequest|srSchema|srSubjectVersion|srConfig|srRegistrySequence';
const QUERIES =
  'findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy';
const MESSAGE = 'query through a libs/db repository (tenant: OrgScope; cross-tenant: PlatformRepository), not Prisma';

export const dataAccessConfig = {
  files: ['apps/**/*.ts', 'libs/**/*.ts'],
  ignores: ['libs/db/**', 'libs/db-migrations/**', 'libs/*/test/**', '**/*.test.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: `CallExpression > MemberExpression.callee[property.name=/^(${QUERIES})$/] > MemberExpression.object[property.name=/^(${MODELS})$/]`,
        message: `Prisma model query outside libs/db: ${MESSAGE}`,
      },
      {
        selector:
          'MemberExpression[property.name=/^\\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe|transaction)$/]',
        message: `raw SQL or a transaction outside libs/db: ${MESSAGE}`,
      },
    ],
  },
};
