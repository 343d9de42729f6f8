import { Module } from '@nestjs/common';
import { SchemaRegistryController } from './schema-registry.controller';
import { SchemaRegistryHttpInterceptor } from './sr-http';
import { SchemaRegistryUsecases } from './usecases/schema-registry.usecases';

@Module({
  controllers: [SchemaRegistryController],
  providers: [SchemaRegistryUsecases, SchemaRegistryHttpInterceptor],
  exports: [SchemaRegistryUsecases],
})
export class SchemaRegistryModule {}
