import { Module } from '@nestjs/common';
import { DefineIndicatorHandler } from './defining-indicator/define-indicator.command';
import { DefineIndicatorController } from './defining-indicator/define-indicator.controller';
import { IndicatorsController } from './reading-indicators/indicators.controller';
import { ListIndicatorsHandler } from './reading-indicators/indicators.query';

const controllers = [DefineIndicatorController, IndicatorsController];
const commandHandlers = [DefineIndicatorHandler];
const queryHandlers = [ListIndicatorsHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class IndicatorsModule {}
