// HttpSinkV2's task. put() routes each record to its API, renders it, cuts the records into
// batches (per URL, method and batch key, at most max.batch.size) and sends them: batches of one
// group in order, different groups on up to MAX_CONNECTIONS keep-alive connections at once. put()
// returns only when every request is done (retried on the configured codes with backoff) and the
// reporting records are written, so a slow or failing endpoint holds the consumer (back-pressure,
// memory bounded by one consumer batch) and offsets commit only after the requests (at least once).
// A request that failed for good: its records go to the error topic, to the DLQ when the runtime
// gives an ErrantRecordReporter (errors.tolerance decides), and behavior.on.error=FAIL fails the task.
import { ConnectException, SinkTask, type Props, type SinkRecord, type SinkRecordWriter } from '@libs/connect-spi';
import { Stopper } from '../common/validation';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import { EndpointAuth } from './auth';
import { batchBody, toBatches, type Batch } from './batching';
import { EgressRefusedError, HttpClient, MAX_CONNECTIONS, type HttpResponse } from './http-client';
import { apiFor, parseHttpSinkConfig, type ApiConfig, type HttpSinkConfig } from './http-sink-config';
import { renderRecord, type RenderedRecord } from './request-builder';
import { errorRecord, errorString, successRecord, type FailureInfo, type ReportRecord } from './report-records';
import { writeReports } from './reporter';
import { nextDelayMs } from './retry-policy';
import { isRetriableStatus } from './status-codes';

export const HTTP_SINK_VERSION = '1.0.0';

/** Process-wide hooks for tests and embedders (the egress policy). */
export const httpSinkHooks: { policy: EgressPolicy | null } = { policy: null };

interface Failure {
  record: SinkRecord;
  payload: string | null;
  info: FailureInfo;
}

type BatchOutcome = { ok: true; response: HttpResponse } | { ok: false; info: FailureInfo };

export class HttpSinkTask extends SinkTask {
  private config: HttpSinkConfig | null = null;
  private client: HttpClient | null = null;
  private auth: EndpointAuth | null = null;
  private reports: SinkRecordWriter | null = null;
  private readonly stopper = new Stopper();

  version(): string {
    return HTTP_SINK_VERSION;
  }

  start(props: Props): void {
    const config = (this.config = parseHttpSinkConfig(props, this.context?.connectorId));
    const connectTimeout = Math.max(...config.apis.map((a) => a.connectTimeoutMs));
    this.client = new HttpClient(httpSinkHooks.policy ?? egressPolicy(), config.tls, connectTimeout, config.proxy);
    this.auth = new EndpointAuth(config, this.client);
    const writer = this.context?.recordWriter?.();
    if (!writer) throw new ConnectException('HttpSinkV2 needs a worker that gives sink tasks a record writer');
    this.reports = writer;
  }

  /** Token requests so far (tests). */
  get tokenRequests(): number {
    return this.auth?.tokenRequests ?? 0;
  }

  async put(records: SinkRecord[]): Promise<void> {
    const config = this.config;
    if (!config || !this.reports) throw new Error('task not started');
    if (records.length === 0) return;
    const failures: Failure[] = [];
    const successes: { record: SinkRecord; report: ReportRecord }[] = [];
    const perApi = new Map<ApiConfig, RenderedRecord[]>();
    for (const r of records) {
      const api = apiFor(config, r.topic);
      if (!api) {
        failures.push({
          record: r,
          payload: null,
          info: exceptionInfo(new Error(`no API is configured for topic ${r.topic}`), 1),
        });
        continue;
      }
      const out = renderRecord(config.baseUrl, api, r);
      if ('skip' in out) continue;
      if ('error' in out) {
        failures.push({ record: r, payload: null, info: exceptionInfo(out.error, 1) });
        continue;
      }
      let list = perApi.get(api);
      if (!list) perApi.set(api, (list = []));
      list.push(out);
    }
    const groups = new Map<string, Batch[]>();
    for (const [api, items] of perApi)
      for (const b of toBatches(api, items)) {
        const key = `${api.index}\u0000${b.group}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = []));
        g.push(b);
      }
    const failFast = config.behaviorOnError === 'FAIL';
    const queue = [...groups.values()];
    const worker = async () => {
      for (let chain = queue.shift(); chain; chain = queue.shift())
        for (const batch of chain) {
          if (this.stopper.isStopped || (failFast && failures.length > 0)) return;
          const outcome = await this.sendBatch(batch);
          for (const it of batch.items) {
            if (outcome.ok)
              successes.push({
                record: it.record,
                report: successRecord(
                  it.record,
                  outcome.response.status,
                  outcome.response.body,
                  batch.api.onlyStatusCode,
                ),
              });
            else failures.push({ record: it.record, payload: it.payload, info: outcome.info });
          }
        }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_CONNECTIONS, queue.length) }, worker));
    if (this.stopper.isStopped) throw new ConnectException('HTTP sink task stopped while sending');
    // reported in consumption order, whichever concurrent request finished first
    const order = new Map(records.map((r, i) => [r, i]));
    const byInput = (a: { record: SinkRecord }, b: { record: SinkRecord }) =>
      order.get(a.record)! - order.get(b.record)!;
    successes.sort(byInput);
    failures.sort(byInput);
    await writeReports(
      this.reports,
      config.resultTopic,
      successes.map((x) => x.report),
    );
    await writeReports(
      this.reports,
      config.errorTopic,
      failures.map((f) => errorRecord(f.record, f.payload, f.info, config.reportErrorsAs)),
    );
    if (failures.length === 0) return;
    const dlq = this.context?.errantRecordReporter() ?? null;
    if (dlq) for (const f of failures) await dlq.report(f.record, new ConnectException(errorString(f.info)));
    if (failFast)
      throw new ConnectException(
        `HTTP request failed for ${failures.length} record(s) and behavior.on.error is FAIL: ${errorString(failures[0].info)}`,
      );
  }

  /** One batch, with retries; never throws (the outcome says how it ended). */
  private async sendBatch(batch: Batch): Promise<BatchOutcome> {
    const api = batch.api;
    const first = batch.items[0];
    const body = batchBody(
      api,
      batch.items.map((i) => i.payload),
    );
    const url = this.auth!.decorateUrl(first.url);
    const base: Record<string, string> = {};
    if (body !== null)
      base['content-type'] = api.bodyFormat === 'JSON' ? 'application/json' : 'text/plain; charset=utf-8';
    for (const [k, v] of api.headers) base[k.toLowerCase()] = v;
    let last: FailureInfo;
    for (let attempt = 0; ; attempt++) {
      let retryAfter: string | string[] | undefined;
      try {
        const headers = { ...base, ...(await this.auth!.headers()) };
        const res = await this.client!.send({
          method: first.method,
          url,
          headers,
          body,
          timeoutMs: api.requestTimeoutMs,
        });
        if (res.status >= 200 && res.status < 300) return { ok: true, response: res };
        last = {
          status: res.status,
          reason: res.reason,
          url: res.url,
          responseContent: res.body,
          exception: null,
          errorMessage: null,
        };
        if (res.status === 401) this.auth!.unauthorized();
        if (!isRetriableStatus(res.status, api.retryOn)) return { ok: false, info: last };
        retryAfter = res.headers['retry-after'];
      } catch (e) {
        last = { ...exceptionInfo(e, batch.items.length), url };
        if (e instanceof EgressRefusedError) return { ok: false, info: last }; // policy, not a transient fault
      }
      if (attempt >= api.maxRetries || this.stopper.isStopped) return { ok: false, info: last };
      await this.stopper.sleep(nextDelayMs(api.backoffPolicy, api.backoffMs, attempt + 1, retryAfter));
    }
  }

  /** Nothing is buffered between puts. */
  override flush(): void {}

  async stop(): Promise<void> {
    this.stopper.stop();
    await this.client?.close();
    this.client = null;
    this.reports = null;
  }
}

function exceptionInfo(e: unknown, n: number): FailureInfo {
  const err = e instanceof Error ? e : new Error(String(e));
  const cause = (err as { cause?: Error }).cause;
  const detail = cause && cause.message && !err.message.includes(cause.message) ? ` (${cause.message})` : '';
  return {
    status: null,
    reason: null,
    url: null,
    responseContent: null,
    exception: `${err.name}: ${err.message}${detail}`,
    errorMessage: `Exception while processing HTTP request for a batch of ${n} records.`,
  };
}
