import { Module } from '@nestjs/common';
import { AssignAreaHandler } from './assigning-area/assign-area.command';
import { AssignAreaController } from './assigning-area/assign-area.controller';
import { EndAssignmentHandler } from './ending-assignment/end-assignment.command';
import { EndAssignmentController } from './ending-assignment/end-assignment.controller';
import { AssignmentsController } from './reading-assignments/assignments.controller';
import { GetAreaAssignmentsHandler, GetAssignmentHandler, ListAssignmentsHandler } from './reading-assignments/assignments.query';

const controllers = [AssignAreaController, EndAssignmentController, AssignmentsController];
const commandHandlers = [AssignAreaHandler, EndAssignmentHandler];
const queryHandlers = [ListAssignmentsHandler, GetAssignmentHandler, GetAreaAssignmentsHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class AssignmentsModule {}
