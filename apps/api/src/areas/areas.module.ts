import { Module } from '@nestjs/common';
import { ChangeAreaMapHandler } from './changing-area-map/change-area-map.command';
import { ChangeAreaMapController } from './changing-area-map/change-area-map.controller';
import { AreasController } from './reading-areas/areas.controller';
import { AreasQuery } from './reading-areas/areas.query';

@Module({
  // The literal `merge` route before `:code` routes (Express matches in order).
  controllers: [ChangeAreaMapController, AreasController],
  providers: [ChangeAreaMapHandler, AreasQuery],
  exports: [ChangeAreaMapHandler],
})
export class AreasModule {}
