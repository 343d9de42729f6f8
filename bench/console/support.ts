// The real stack for the console's browser benchmarks, as the console e2e starts it: the console
// built by Vite into a private folder and served by the API (CONSOLE_DIR), the embedded broker, a
// tenant with an environment, a cluster and keys of its own (cloud, cluster, Schema Registry), and
// Debian's Chromium through playwright-core. The keys go into the tab's sessionStorage the way the
// console keeps them (apps/console/src/api/session.ts), so a page opens signed in.
import { rmSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { loadConfig } from '@libs/config';
import { EgressPolicy, setEgressPolicy } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import {
  provisionCluster,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../test/support/stack-harness';
import type { Tenant } from '../../test/support/api-harness';
import type { Credentials } from '../../test/support/http-client';
import { buildConsoleForTests } from '../../test/e2e/console/support';

export interface ConsoleBenchStack {
  stack: Stack;
  url: string;
  tenant: Tenant;
  cluster: ProvisionedCluster;
  /** The environment's Schema Registry (lsrc-…) and a key of it. */
  schemaRegistry: { id: string; key: Credentials };
  runtime: ConnectRuntime | null;
  close(): Promise<void>;
}

export async function startConsoleBenchStack(
  opts: { runtime?: { capacity: number } } = {},
): Promise<ConsoleBenchStack> {
  // CONSOLE_BUILD=<dir>: an earlier build to compare with (kept); else this tree's, built now
  const given = process.env.CONSOLE_BUILD;
  const consoleDir = given ?? buildConsoleForTests();
  // the console polls; the bench must not meet the API's per-key rate limit
  const stack = await startStack({
    CONSOLE_DIR: consoleDir,
    CONNECT_TEST_PLUGINS: 'false',
    RATE_LIMIT_REQUESTS: '100000000',
  });
  const tenant = await stack.api.newTenant('console-bench');
  const cluster = await provisionCluster(stack.api, tenant, 'console-bench');
  const srcm = await stack.api.request('GET', `/srcm/v3/clusters?environment=${cluster.environmentId}`, {
    auth: tenant.admin,
  });
  const lsrc = srcm.body?.data?.[0]?.id as string | undefined;
  if (!lsrc) throw new Error(`no Schema Registry in ${cluster.environmentId}: ${srcm.status} ${srcm.text}`);
  const srKey = await stack.api.request('POST', '/iam/v2/api-keys', {
    auth: tenant.admin,
    body: {
      spec: { owner: { id: tenant.adminServiceAccountId }, resource: { id: lsrc, environment: cluster.environmentId } },
    },
  });
  if (srKey.status !== 202) throw new Error(`Schema Registry key: ${srKey.status} ${srKey.text}`);
  let runtime: ConnectRuntime | null = null;
  if (opts.runtime) {
    setEgressPolicy(EgressPolicy.fromConfig(loadConfig()));
    runtime = await startRuntime(stack, tenant.organizationId, {
      capacity: opts.runtime.capacity,
      workerId: 'w-console-bench',
      schemaRegistry: true,
      testPlugins: false,
    });
  }
  return {
    stack,
    url: stack.api.baseUrl,
    tenant,
    cluster,
    schemaRegistry: { id: lsrc, key: { key: srKey.body.id, secret: srKey.body.spec.secret } },
    runtime,
    async close() {
      await runtime?.close().catch(() => undefined);
      await stack.close();
      if (!given) rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}

/** Pages of this context open signed in, with the cluster's and the Schema Registry's keys at hand. */
export async function signInContext(context: BrowserContext, s: ConsoleBenchStack): Promise<void> {
  const items: Record<string, string> = {
    'cp.cloud': JSON.stringify(s.tenant.admin),
    [`cp.key.${s.cluster.clusterId}`]: JSON.stringify(s.cluster.key),
    [`cp.key.${s.schemaRegistry.id}`]: JSON.stringify(s.schemaRegistry.key),
  };
  // page code as text: the root tsconfig has no DOM types
  await context.addInitScript(
    `for (const [k, v] of Object.entries(${JSON.stringify(items)})) sessionStorage.setItem(k, v);`,
  );
}

export function clusterPath(s: ConsoleBenchStack): string {
  return `/console/environments/${s.cluster.environmentId}/clusters/${s.cluster.clusterId}`;
}
