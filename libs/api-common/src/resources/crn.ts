// Confluent Resource Names ("Identifiers and URLs" in the Confluent Cloud API reference,
// https://docs.confluent.io/cloud/current/api.html).
const ROOT = 'crn://confluent.cloud';

export const crn = {
  organization: (org: string) => `${ROOT}/organization=${org}`,
  environment: (org: string, env: string) => `${ROOT}/organization=${org}/environment=${env}`,
  cluster: (org: string, env: string, lkc: string) =>
    `${ROOT}/organization=${org}/environment=${env}/cloud-cluster=${lkc}`,
  schemaRegistry: (org: string, env: string, lsrc: string) =>
    `${ROOT}/organization=${org}/environment=${env}/schema-registry=${lsrc}`,
  serviceAccount: (org: string, sa: string) => `${ROOT}/organization=${org}/service-account=${sa}`,
  apiKey: (org: string, owner: string, key: string) =>
    `${ROOT}/organization=${org}/service-account=${owner}/api-key=${key}`,
  roleBinding: (org: string, rb: string) => `${ROOT}/organization=${org}/role-binding=${rb}`,
};

/** Parses the organization/environment/cloud-cluster segments of a CRN (crn_pattern of a role binding). */
export function parseCrn(text: string): {
  organization?: string;
  environment?: string;
  cluster?: string;
  valid: boolean;
} {
  if (!text.startsWith(`${ROOT}/`)) return { valid: false };
  const out: { organization?: string; environment?: string; cluster?: string; valid: boolean } = { valid: true };
  const seen = new Set<string>();
  for (const part of text.slice(ROOT.length + 1).split('/')) {
    const [k, v, extra] = part.split('=');
    if (!k || v === undefined || v === '' || extra !== undefined) return { valid: false };
    // A repeated segment (two environments, two organizations) is ambiguous: refused rather than
    // letting the last one win. Kafka resource CRNs carry cloud-cluster=lkc/kafka=lkc: same id.
    if (seen.has(k)) return { valid: false };
    seen.add(k);
    if (k === 'organization') out.organization = v;
    else if (k === 'environment') out.environment = v;
    else if (k === 'cloud-cluster' || k === 'kafka') {
      if (out.cluster !== undefined && out.cluster !== v) return { valid: false };
      out.cluster = v;
    }
  }
  return out;
}
