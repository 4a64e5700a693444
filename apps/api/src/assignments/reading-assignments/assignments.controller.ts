import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, CodeParams, FreshQueryDto, QueryAnswer, Routes } from '../../platform/routing';
import { AssignmentIdParams } from '../assignment-id';
import { AreaAssignmentHistoryDto, AssignmentDto, AssignmentListDto } from './assignments.dto';
import { GetAreaAssignments, GetAssignment, ListAssignments, ListAssignmentsQueryDto } from './assignments.query';

/** Area assignments (giao địa bàn), readable by every authenticated caller. */
@Routes('assignments', 'api')
export class AssignmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('assignments')
  @Access('authenticated')
  @ApiOperation({ summary: 'Assignments by program, year, unit and area' })
  @QueryAnswer(AssignmentListDto, { reads: ['programs'] })
  listAssignments(@Query() q: ListAssignmentsQueryDto) {
    return this.queries.execute(new ListAssignments(q));
  }

  @Get('assignments/:id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One assignment' })
  @QueryAnswer(AssignmentDto, { reads: ['programs'] })
  getAssignment(@Param() { id }: AssignmentIdParams, @Query() _fresh: FreshQueryDto) {
    return this.queries.execute(new GetAssignment(id));
  }

  @Get('areas/:code/assignments')
  @Access('authenticated')
  @ApiOperation({ summary: "The history of an area's assignments, including its subtree and predecessors under the current map" })
  @QueryAnswer(AreaAssignmentHistoryDto, { reads: ['programs', 'areas'] })
  areaAssignmentHistory(@Param() { code }: CodeParams, @Query() _fresh: FreshQueryDto) {
    return this.queries.execute(new GetAreaAssignments(code));
  }
}
