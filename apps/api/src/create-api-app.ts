import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import {
  ApiExceptionFilter,
  apiValidationPipe,
  assignRequestId,
  inputGuards,
  rejectNulReviver,
} from '@libs/api-common';
import { loadConfig } from '@libs/config';
import { EgressPolicy, setEgressPolicy } from '@libs/connectors';
import { AuditEventRepository } from '@libs/db';
import { AppModule } from './app.module';
import { auditMutatingRoutes } from './audit/audit-mutations';
import { auditRejections } from './audit/audit-rejections.middleware';
import { omitChallengeForScripts } from './browser-auth-challenge';
import { serveConsole } from './console-static';
import { isStreamingBodyPath } from './kafka-rest/records/records-path';
import { rewriteContextUrl } from './schema-registry/context-path';

// Schema Registry clients send their own JSON media types; all of them are JSON bodies.
const JSON_TYPES = [
  'application/json',
  'application/*+json',
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
];

export async function createApiApp(): Promise<NestExpressApplication> {
  const config = loadConfig();
  // connector validation checks connection targets (connection.host, …) against this policy
  setEgressPolicy(EgressPolicy.fromConfig(config));
  // Nest's own start-up chatter stays out of the log; runtime logging goes through pino.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  // Confluent's and Kafka Connect's APIs send no ETag; Express would hash every response body for one
  app.set('etag', false);
  app.use(
    (req: Parameters<typeof assignRequestId>[0], res: Parameters<typeof assignRequestId>[1], next: () => void) => {
      assignRequestId(req, res);
      next();
    },
  );
  // Mutations refused before their handler (authentication, rate limits, body parser) are audited too.
  app.use(auditRejections(app.get(AuditEventRepository)));
  // Schema Registry's /contexts/{ctx}/… URL form addresses the subjects of a context.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const rewritten = req.url.startsWith('/contexts/') ? rewriteContextUrl(req.url) : undefined;
    if (rewritten) req.url = rewritten;
    next();
  });
  serveConsole(app, config.CONSOLE_DIR);
  app.use(omitChallengeForScripts);
  app.use(inputGuards(JSON_TYPES));
  // Kafka REST's produce route reads its own (possibly endless, chunked) body; every other route gets parsed JSON.
  const jsonParser = json({ limit: config.BODY_LIMIT, type: JSON_TYPES, strict: false, reviver: rejectNulReviver });
  app.use((req: Request, res: Response, next: NextFunction) =>
    isStreamingBodyPath(req.method, req.path) ? next() : jsonParser(req, res, next),
  );
  auditMutatingRoutes(app);
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  // No enableShutdownHooks(): main.ts stops on SIGTERM itself, draining HTTP before closing modules.

  const doc = new DocumentBuilder()
    .setTitle('connectplane')
    .setDescription(
      'Self-hosted managed-connector control plane. Org v2, IAM v2 and CMK v2 are wire-compatible with Confluent Cloud; ' +
        'Operator is connectplane’s own tenant-onboarding API. Authenticate with HTTP Basic base64(API_KEY:API_SECRET).',
    )
    .setVersion('0.1.0')
    .addBasicAuth()
    .addTag('Org v2')
    .addTag('IAM v2')
    .addTag('CMK v2')
    .addTag('Connect v1')
    .addTag('Kafka REST v3')
    .addTag('Schema Registry')
    .addTag('SRCM v3')
    .addTag('Operator')
    .addTag('Audit v1')
    .addServer(config.publicUrl)
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  return app;
}
