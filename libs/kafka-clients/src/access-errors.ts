// Why a Kafka cluster refused our connection, when the reason is how it is reached (its TLS
// certificate, its SASL login) rather than an outage: the API turns these into 4xx answers that name
// the setting to fix, never a retriable 5xx.

export interface KafkaJsErrorLike {
  name?: string;
  type?: string;
  code?: string;
  message?: string;
  retriable?: boolean;
  errors?: unknown[];
  originalError?: unknown;
  cause?: unknown;
}

/** Every error in kafkajs's wrapping chain (retries, aggregates, causes), outermost first. */
export function errorChain(err: unknown): KafkaJsErrorLike[] {
  const out: KafkaJsErrorLike[] = [];
  let e = err as KafkaJsErrorLike | undefined;
  for (let depth = 0; e && depth < 8; depth++) {
    out.push(e);
    if (Array.isArray(e.errors) && e.errors.length > 0) e = e.errors[0] as KafkaJsErrorLike;
    else e = (e.originalError ?? e.cause) as KafkaJsErrorLike | undefined;
  }
  return out;
}

/** Node's (OpenSSL's) certificate verification failures. */
export function isTlsCertificateError(code: string | undefined): boolean {
  return (
    code !== undefined &&
    /CERT|SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY|DECRYPT)|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH/.test(code)
  );
}

export type ClusterAccessFailure = { setting: 'ssl_ca_cert' | 'password'; message: string };

/** The cluster's certificate is not trusted, or it refused the login; undefined for anything else. */
export function clusterAccessFailure(err: unknown): ClusterAccessFailure | undefined {
  const errors = errorChain(err);
  const tls = errors.find((e) => isTlsCertificateError(e.code));
  if (tls)
    return {
      setting: 'ssl_ca_cert',
      message: `The cluster's TLS certificate is not trusted (${tls.code}): ${tls.message}. Register the CA that signed it as external_kafka.ssl_ca_cert.`,
    };
  const sasl = errors.find(
    (e) => e.name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED',
  );
  if (sasl)
    return { setting: 'password', message: `The cluster rejected the credentials registered for it: ${sasl.message}` };
  return undefined;
}
