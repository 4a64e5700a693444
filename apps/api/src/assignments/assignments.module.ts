import { Module } from '@nestjs/common';
import { AssignAreaHandler } from './assigning-area/assign-area.command';
import { AssignAreaController } from './assigning-area/assign-area.controller';
import { EndAssignmentHandler } from './ending-assignment/end-assignment.command';
import { EndAssignmentController } from './ending-assignment/end-assignment.controller';
import { AssignmentsController } from './reading-assignments/assignments.controller';
import { AssignmentsQuery } from './reading-assignments/assignments.query';

const commandHandlers = [AssignAreaHandler, EndAssignmentHandler];

@Module({
  controllers: [AssignAreaController, EndAssignmentController, AssignmentsController],
  providers: [...commandHandlers, AssignmentsQuery],
  exports: commandHandlers,
})
export class AssignmentsModule {}
