// Role names accepted on role bindings, and the scope level each binds at. The first three grant
// administration in our APIs, MetricsViewer reading the Metrics API; the others are stored so
// Confluent scripts keep working.
export type RoleScope = 'organization' | 'environment' | 'cluster';

export const ROLE_SCOPES: Record<string, RoleScope> = {
  OrganizationAdmin: 'organization',
  EnvironmentAdmin: 'environment',
  CloudClusterAdmin: 'cluster',
  MetricsViewer: 'organization',
  Operator: 'environment',
};

export const GRANTING_ROLES = new Set(['OrganizationAdmin', 'EnvironmentAdmin', 'CloudClusterAdmin']);
