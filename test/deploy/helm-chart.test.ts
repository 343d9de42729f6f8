/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped YAML */
// Issue 20 point 5: deploy/helm/connectplane, rendered by the real helm (deploy/helm/get-helm.sh:
// on PATH, $HELM, or the binary the npm registry's AWS CDK kubectl layer ships) — `helm lint
// --strict`, the values schema, the `required` secrets — and every rendered manifest validated
// against the Kubernetes OpenAPI schemas (kubernetes-models' validators), then the wiring checked:
// selectors, probes, hook order, HPA target, the non-root security context.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';

const CHART = join(__dirname, '..', '..', 'deploy', 'helm', 'connectplane');
const SECRETS = [
  'secrets.databaseUrl=postgresql://postgres@postgres:5432/connectplane',
  'secrets.redisUrl=redis://redis:6379',
  'secrets.apiKeyPepper=0123456789abcdef0123456789abcdef',
  'secrets.secretsKey=k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
];

let helm = '';
function runHelm(args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync(helm, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
function render(sets: string[]): any[] {
  const r = runHelm(['template', 'cp', CHART, ...sets.flatMap((s) => ['--set', s])]);
  assert.equal(r.status, 0, r.err);
  return parseAllDocuments(r.out)
    .map((d) => d.toJSON())
    .filter(Boolean);
}
/** kubernetes-models' class for apiVersion/kind: its validate() checks against the OpenAPI schema. */
function validateAgainstOpenApi(doc: any): void {
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : [undefined, doc.apiVersion];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module path depends on the kind
  const mod = require(`kubernetes-models/${group ? `${group}/` : ''}${version}/${doc.kind}`);
  new mod[doc.kind](doc).validate();
}
const find = (docs: any[], kind: string, suffix: string) =>
  docs.find((d) => d.kind === kind && d.metadata.name === `cp-connectplane-${suffix}`);

describe('Helm chart deploy/helm/connectplane', () => {
  before(() => {
    const r = spawnSync(join(CHART, '..', 'get-helm.sh'), { encoding: 'utf8', timeout: 170_000 });
    assert.equal(r.status, 0, `no helm binary (deploy/helm/get-helm.sh): ${r.stderr}`);
    helm = r.stdout.trim();
  });

  it('helm lint --strict passes', () => {
    const r = runHelm(['lint', CHART, '--strict', ...SECRETS.flatMap((s) => ['--set', s])]);
    assert.equal(r.status, 0, r.out + r.err);
  });

  it('the default render: every manifest valid against the Kubernetes OpenAPI schemas, and wired together', () => {
    const docs = render(SECRETS);
    for (const d of docs) assert.doesNotThrow(() => validateAgainstOpenApi(d), `${d.kind} ${d.metadata?.name}`);
    assert.deepEqual(docs.map((d) => d.kind).sort(), [
      'ConfigMap',
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Job',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'Service',
      'Service',
      'StatefulSet',
    ]);
    // a schema check proves nothing about this: the bad value must fail it
    const broken = structuredClone(find(docs, 'Deployment', 'api'));
    broken.spec.replicas = 'two';
    assert.throws(() => validateAgainstOpenApi(broken), /replicas/);

    const api = find(docs, 'Deployment', 'api');
    const worker = find(docs, 'Deployment', 'worker');
    const broker = find(docs, 'StatefulSet', 'broker');
    const job = find(docs, 'Job', 'migrate');
    for (const [w, process] of [
      [api, 'api'],
      [worker, 'worker'],
      [broker, 'broker'],
      [job, 'migrate'],
    ] as const) {
      const pod = w.spec.template.spec;
      assert.deepEqual(pod.containers[0].args, [process]);
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
      assert.deepEqual(
        pod.containers[0].envFrom.map((e: any) => e.configMapRef?.name ?? e.secretRef?.name),
        ['cp-connectplane-config', 'cp-connectplane-secrets'],
      );
      if (w.spec.selector)
        for (const [k, v] of Object.entries(w.spec.selector.matchLabels))
          assert.equal(w.spec.template.metadata.labels[k], v, `${w.metadata.name} selector`);
    }
    assert.equal(api.spec.replicas, 2);
    assert.equal(api.spec.template.spec.containers[0].readinessProbe.httpGet.path, '/readyz');
    assert.equal(worker.spec.replicas, undefined, 'the HPA owns the worker count');
    assert.deepEqual(worker.spec.template.spec.containers[0].env[2].valueFrom, {
      fieldRef: { fieldPath: 'metadata.name' },
    });

    const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler');
    assert.equal(hpa.spec.scaleTargetRef.name, worker.metadata.name);
    assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');

    // Services select the pods of their workload
    const podLabels = (w: any) => w.spec.template.metadata.labels;
    const selects = (svc: any, w: any) => Object.entries(svc.spec.selector).every(([k, v]) => podLabels(w)[k] === v);
    assert.ok(selects(find(docs, 'Service', 'api'), api));
    assert.ok(selects(find(docs, 'Service', 'broker'), broker));
    assert.equal(broker.spec.serviceName, 'cp-connectplane-broker-headless');
    for (const pdb of docs.filter((d) => d.kind === 'PodDisruptionBudget')) {
      const target = pdb.metadata.name.endsWith('-api') ? api : worker;
      assert.ok(Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => podLabels(target)[k] === v));
    }

    // the migration Job runs before install/upgrade, after the ConfigMap and Secret it reads
    const weight = (d: any) => Number(d.metadata.annotations['helm.sh/hook-weight']);
    assert.match(job.metadata.annotations['helm.sh/hook'], /pre-install,pre-upgrade/);
    assert.ok(weight(find(docs, 'ConfigMap', 'config')) < weight(job));
    assert.ok(weight(find(docs, 'Secret', 'secrets')) < weight(job));

    const config = find(docs, 'ConfigMap', 'config').data;
    assert.equal(config.NODE_ENV, 'production');
    assert.equal(config.BROKER_HOST, 'cp-connectplane-broker');
  });

  it('without the broker, with an existing Secret and a fixed worker count', () => {
    const docs = render([
      'broker.enabled=false',
      'existingSecret=my-secrets',
      'worker.hpa.enabled=false',
      'worker.replicas=5',
    ]);
    for (const d of docs) assert.doesNotThrow(() => validateAgainstOpenApi(d), `${d.kind} ${d.metadata?.name}`);
    assert.equal(
      docs.filter((d) => d.kind === 'StatefulSet' || d.kind === 'Secret' || d.kind === 'HorizontalPodAutoscaler')
        .length,
      0,
    );
    assert.equal(find(docs, 'Deployment', 'worker').spec.replicas, 5);
    assert.equal(find(docs, 'ConfigMap', 'config').data.BROKER_HOST, undefined);
    assert.equal(
      find(docs, 'Deployment', 'api').spec.template.spec.containers[0].envFrom[1].secretRef.name,
      'my-secrets',
    );
  });

  it('refuses a render without the secrets, and values outside the schema', () => {
    const missing = runHelm(['template', 'cp', CHART]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.err, /secrets\.databaseUrl \(or existingSecret\) is required/);
    const bad = runHelm(['template', 'cp', CHART, ...SECRETS.flatMap((s) => ['--set', s]), '--set', 'api.port=99999']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.err, /api\/port/);
  });
});
