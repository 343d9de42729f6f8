import { Module } from '@nestjs/common';
import { OperatorGuard } from '../operator/operator.guard';
import { AuditEventsController, OperatorAuditEventsController } from './audit-events.controller';
import { AuditInterceptor } from './audit.interceptor';
import { ListAuditEvents } from './list-audit-events.usecase';

/** Writing (interceptor + rejection middleware, see create-api-app.ts) and reading audit events. */
@Module({
  controllers: [AuditEventsController, OperatorAuditEventsController],
  // AuditInterceptor is attached to the mutating routes by auditMutatingRoutes().
  providers: [AuditInterceptor, ListAuditEvents, OperatorGuard],
  exports: [AuditInterceptor],
})
export class AuditModule {}
