import { RequestMethod, type INestApplication, type NestInterceptor, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { AuditInterceptor } from './audit.interceptor';

const MUTATING = new Set<RequestMethod>([
  RequestMethod.POST,
  RequestMethod.PUT,
  RequestMethod.PATCH,
  RequestMethod.DELETE,
  RequestMethod.ALL,
]);

type Interceptor = Type<NestInterceptor> | NestInterceptor;

// A handler's own chain as declared (controller's, then its own), captured the first time: route
// metadata lives on the classes, shared by every app built in this process (tests build several).
const declared = new WeakMap<object, Interceptor[]>();

/**
 * Puts AuditInterceptor on every mutating route, outermost as a global interceptor would be, and on
 * no other: a global one sent every GET through Nest's interceptor chain (rxjs, AsyncResource.bind),
 * a sixth of a cached GET's CPU. A controller's own interceptors move onto each of its methods, after
 * the audit one, so the order is still global → controller → method. Runs before routes are
 * registered (app.init()).
 */
export function auditMutatingRoutes(app: INestApplication): void {
  const audit = app.get(AuditInterceptor);
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const ofClass = (Reflect.getMetadata(INTERCEPTORS_METADATA, controller) ?? []) as Interceptor[];
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        let own = declared.get(handler);
        if (!own) {
          own = [...ofClass, ...((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as Interceptor[])];
          declared.set(handler, own);
        }
        Reflect.defineMetadata(INTERCEPTORS_METADATA, MUTATING.has(method) ? [audit, ...own] : own, handler);
      }
      Reflect.deleteMetadata(INTERCEPTORS_METADATA, controller);
    }
  }
}
