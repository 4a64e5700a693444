import { Module } from '@nestjs/common';
import { ChangeUnitHandler } from './changing-unit/change-unit.command';
import { ChangeUnitController } from './changing-unit/change-unit.controller';
import { UnitsController } from './reading-units/units.controller';
import { UnitsQuery } from './reading-units/units.query';
import { RegisterUnitHandler } from './registering-unit/register-unit.command';
import { RegisterUnitController } from './registering-unit/register-unit.controller';

const commandHandlers = [RegisterUnitHandler, ChangeUnitHandler];

@Module({
  controllers: [RegisterUnitController, ChangeUnitController, UnitsController],
  providers: [...commandHandlers, UnitsQuery],
  exports: commandHandlers,
})
export class UnitsModule {}
