import { Module } from '@nestjs/common';
import { DefineIndicatorHandler } from './defining-indicator/define-indicator.command';
import { DefineIndicatorController } from './defining-indicator/define-indicator.controller';
import { IndicatorsController } from './reading-indicators/indicators.controller';
import { ListIndicatorsHandler } from './reading-indicators/indicators.query';
import { SetIndicatorRulesHandler } from './setting-rules/set-indicator-rules.command';
import { SetIndicatorRulesController } from './setting-rules/set-indicator-rules.controller';

const controllers = [DefineIndicatorController, IndicatorsController, SetIndicatorRulesController];
const commandHandlers = [DefineIndicatorHandler, SetIndicatorRulesHandler];
const queryHandlers = [ListIndicatorsHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class IndicatorsModule {}
