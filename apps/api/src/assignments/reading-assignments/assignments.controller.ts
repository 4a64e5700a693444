import { Get, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { CodeParams } from '../../platform/http/params.dto';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { AreaAssignmentHistoryDto, AssignmentDto, AssignmentListDto } from '../../platform/http/reference-responses.dto';
import { AssignmentIdParams } from '../assignment-id';
import { AssignmentsQuery, ListAssignmentsQueryDto } from './assignments.query';
import { Routes } from '../../platform/http/routes.decorator';

/** Area assignments (giao địa bàn), readable by every authenticated caller. */
@Routes('assignments', 'api')
export class AssignmentsController {
  constructor(private readonly query: AssignmentsQuery) {}

  @Get('assignments')
  @Access('authenticated')
  @ApiOperation({ summary: 'Assignments by program, year, unit and area' })
  @QueryAnswer(AssignmentListDto)
  listAssignments(@Query() q: ListAssignmentsQueryDto) {
    return this.query.list(q);
  }

  @Get('assignments/:id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One assignment' })
  @QueryAnswer(AssignmentDto)
  getAssignment(@Param() { id }: AssignmentIdParams, @Query() _fresh: FreshQueryDto) {
    return this.query.get(id);
  }

  @Get('areas/:code/assignments')
  @Access('authenticated')
  @ApiOperation({ summary: "The history of an area's assignments, including its subtree and predecessors under the current map" })
  @QueryAnswer(AreaAssignmentHistoryDto)
  areaAssignmentHistory(@Param() { code }: CodeParams, @Query() _fresh: FreshQueryDto) {
    return this.query.areaHistory(code);
  }
}
