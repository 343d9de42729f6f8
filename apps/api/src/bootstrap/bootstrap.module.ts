import { Module } from '@nestjs/common';
import { OperatorModule } from '../operator/operator.module';
import { BootstrapService } from './bootstrap.service';

@Module({ imports: [OperatorModule], providers: [BootstrapService], exports: [BootstrapService] })
export class BootstrapModule {}
