// Role names accepted on role bindings, and the scope level each binds at. Only the first three
// grant anything in our APIs today; the others are stored so Confluent scripts keep working.
export type RoleScope = 'organization' | 'environment' | 'cluster';

export const ROLE_SCOPES: Record<string, RoleScope> = {
  OrganizationAdmin: 'organization',
  EnvironmentAdmin: 'environment',
  CloudClusterAdmin: 'cluster',
  MetricsViewer: 'organization',
  Operator: 'environment',
};

export const GRANTING_ROLES = new Set(['OrganizationAdmin', 'EnvironmentAdmin', 'CloudClusterAdmin']);
