import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { SCHEMA_REGISTRY_PROVIDERS, RegisterSchemaUsecases, SchemaReadUsecases } from '@libs/schema-registry';
import { SchemaByIdFastPath } from './schema-by-id.fast-path';
import { SchemaRegistryController } from './schema-registry.controller';
import { SchemaRegistryHttpInterceptor } from './sr-http';

@Module({
  controllers: [SchemaRegistryController],
  providers: [...SCHEMA_REGISTRY_PROVIDERS, SchemaRegistryHttpInterceptor, SchemaByIdFastPath],
  // the transform preview reads the caller's registry in-process
  exports: [SchemaReadUsecases, RegisterSchemaUsecases],
})
export class SchemaRegistryModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SchemaByIdFastPath).forRoutes({ path: 'schemas/ids/:id', method: RequestMethod.GET });
  }
}
