import { assertNever, conflict } from '../errors';

/** A reporting or steering body: a committee, a command, a regiment, a company. */
export type UnitEvent = {
  type: 'UnitRegistered.v1';
  data: { unitId: string; name: string; kind: string; parentId: string | null };
};

export type UnitState =
  | { status: 'none' }
  | { status: 'registered'; unitId: string; name: string; kind: string; parentId: string | null };

export const initialUnitState: UnitState = { status: 'none' };

export type UnitCommand = {
  type: 'RegisterUnit';
  data: { unitId: string; name: string; kind: string; parentId: string | null };
};

export const unitStreamId = (unitId: string) => `unit-${unitId}`;

export function decideUnit(command: UnitCommand, state: UnitState): UnitEvent[] {
  switch (command.type) {
    case 'RegisterUnit':
      if (state.status !== 'none') throw conflict(`unit ${command.data.unitId} already exists`);
      return [{ type: 'UnitRegistered.v1', data: { ...command.data } }];
    default:
      return assertNever(command.type);
  }
}

export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitRegistered.v1':
      return { status: 'registered', ...event.data };
    default:
      return assertNever(event.type);
  }
}
