import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { SchemaByIdFastPath } from './schema-by-id.fast-path';
import { SchemaRegistryController } from './schema-registry.controller';
import { SchemaRegistryHttpInterceptor } from './sr-http';
import { SchemaRegistryUsecases } from './usecases/schema-registry.usecases';

@Module({
  controllers: [SchemaRegistryController],
  providers: [SchemaRegistryUsecases, SchemaRegistryHttpInterceptor, SchemaByIdFastPath],
  exports: [SchemaRegistryUsecases],
})
export class SchemaRegistryModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SchemaByIdFastPath).forRoutes({ path: 'schemas/ids/:id', method: RequestMethod.GET });
  }
}
