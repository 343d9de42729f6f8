// Credentials live in sessionStorage only (gone with the tab, cleared on sign-out), never in a URL.
export interface Credentials {
  key: string;
  secret: string;
}

const CLOUD = 'cp.cloud';
const prefix = 'cp.key.';

function read(name: string): Credentials | undefined {
  const raw = sessionStorage.getItem(name);
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Credentials;
    return typeof v.key === 'string' && typeof v.secret === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export const session = {
  cloud: (): Credentials | undefined => read(CLOUD),
  signIn(c: Credentials): void {
    sessionStorage.setItem(CLOUD, JSON.stringify(c));
  },
  signOut(): void {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith('cp.')) sessionStorage.removeItem(k);
  },
  /** A resource key: a Kafka cluster's (lkc-…) or a Schema Registry's (lsrc-…). */
  resourceKey: (resourceId: string): Credentials | undefined => read(prefix + resourceId),
  setResourceKey(resourceId: string, c: Credentials): void {
    sessionStorage.setItem(prefix + resourceId, JSON.stringify(c));
  },
  forgetResourceKey(resourceId: string): void {
    sessionStorage.removeItem(prefix + resourceId);
  },
};
