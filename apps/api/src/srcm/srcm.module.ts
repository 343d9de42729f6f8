import { Module } from '@nestjs/common';
import { SrcmController } from './srcm.controller';

@Module({ controllers: [SrcmController] })
export class SrcmModule {}
