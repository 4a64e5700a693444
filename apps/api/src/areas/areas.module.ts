import { Module } from '@nestjs/common';
import { ChangeAreaMapHandler } from './changing-area-map/change-area-map.command';
import { ChangeAreaMapController } from './changing-area-map/change-area-map.controller';
import { AreasController } from './reading-areas/areas.controller';
import { GetAreaHandler, ListAreasHandler } from './reading-areas/areas.query';

// The literal `merge` route before `:code` routes (Express matches in order).
const controllers = [ChangeAreaMapController, AreasController];
const commandHandlers = [ChangeAreaMapHandler];
const queryHandlers = [ListAreasHandler, GetAreaHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class AreasModule {}
