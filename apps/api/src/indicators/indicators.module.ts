import { Module } from '@nestjs/common';
import { DefineIndicatorHandler } from './defining-indicator/define-indicator.command';
import { DefineIndicatorController } from './defining-indicator/define-indicator.controller';
import { IndicatorsController } from './reading-indicators/indicators.controller';
import { IndicatorsQuery } from './reading-indicators/indicators.query';

@Module({
  controllers: [DefineIndicatorController, IndicatorsController],
  providers: [DefineIndicatorHandler, IndicatorsQuery],
  exports: [DefineIndicatorHandler],
})
export class IndicatorsModule {}
