import { Module } from '@nestjs/common';
import { ChangeUnitHandler } from './changing-unit/change-unit.command';
import { ChangeUnitController } from './changing-unit/change-unit.controller';
import { UnitsController } from './reading-units/units.controller';
import { GetUnitHandler, ListUnitsHandler } from './reading-units/units.query';
import { RegisterUnitHandler } from './registering-unit/register-unit.command';
import { RegisterUnitController } from './registering-unit/register-unit.controller';
import { SetUnitApprovalLevelsHandler } from './setting-approval-levels/set-unit-levels.command';
import { SetUnitLevelsController } from './setting-approval-levels/set-unit-levels.controller';

const controllers = [RegisterUnitController, ChangeUnitController, SetUnitLevelsController, UnitsController];
const commandHandlers = [RegisterUnitHandler, ChangeUnitHandler, SetUnitApprovalLevelsHandler];
const queryHandlers = [ListUnitsHandler, GetUnitHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class UnitsModule {}
