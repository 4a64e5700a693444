import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, CodeParams, FreshQueryDto, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
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
  async listAssignments(@Query() q: ListAssignmentsQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new ListAssignments(q, await reads.open(q)));
  }

  @Get('assignments/:id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One assignment' })
  @QueryAnswer(AssignmentDto, { reads: ['programs'] })
  async getAssignment(@Param() { id }: AssignmentIdParams, @Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetAssignment(id, await reads.open(fresh)));
  }

  @Get('areas/:code/assignments')
  @Access('authenticated')
  @ApiOperation({ summary: "The history of an area's assignments, including its subtree and predecessors under the current map" })
  @QueryAnswer(AreaAssignmentHistoryDto, { reads: ['programs', 'areas'] })
  async areaAssignmentHistory(@Param() { code }: CodeParams, @Query() fresh: FreshQueryDto, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetAreaAssignments(code, await reads.open(fresh)));
  }
}
