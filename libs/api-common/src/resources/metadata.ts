/** Confluent timestamps: RFC 3339 UTC with fractional seconds. */
export const rfc3339 = (d: Date): string => d.toISOString();

export interface ResourceMetadata {
  self: string;
  resource_name?: string;
  created_at: string;
  updated_at: string;
}

export function resourceMetadata(
  self: string,
  resourceName: string | undefined,
  row: { createdAt: Date; updatedAt: Date },
): ResourceMetadata {
  return {
    self,
    ...(resourceName ? { resource_name: resourceName } : {}),
    created_at: rfc3339(row.createdAt),
    updated_at: rfc3339(row.updatedAt),
  };
}
