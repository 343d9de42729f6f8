import { X509Certificate } from 'node:crypto';
import { ApiError } from '@libs/api-common';
import type { ExternalKafkaDto } from './dto/cluster.dto';

const POINTER = '/spec/external_kafka';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * spec.external_kafka checked before anything is stored or connected to: SASL protocols need a login,
 * a CA certificate only makes sense over TLS and must be one or more PEM certificates that parse
 * (a typo here would otherwise surface as a TLS failure much later, on every connection).
 */
export function checkExternalSettings(ext: ExternalKafkaDto): void {
  const tls = ext.security_protocol.endsWith('SSL');
  if (ext.security_protocol.startsWith('SASL') && (!ext.username || ext.password === undefined)) {
    throw ApiError.badRequest('SASL security protocols need username and password', { pointer: `${POINTER}/username` });
  }
  if (ext.ssl_ca_cert === undefined) return;
  const pointer = `${POINTER}/ssl_ca_cert`;
  if (!tls)
    throw ApiError.badRequest(`ssl_ca_cert needs security_protocol SSL or SASL_SSL, not ${ext.security_protocol}`, {
      pointer,
    });
  const blocks = ext.ssl_ca_cert.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0)
    throw ApiError.badRequest('ssl_ca_cert must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)', {
      pointer,
    });
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch (e) {
      throw ApiError.badRequest(`ssl_ca_cert: certificate ${i + 1} cannot be read: ${(e as Error).message}`, {
        pointer,
      });
    }
  });
}
