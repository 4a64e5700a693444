import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Access } from '../auth/policy.decorator';
import { areaCode } from '../areas/areas.controller';
import { CommandContext, Ctx } from '../commands/command-context';
import { CommandResult } from '../commands/command-runner';
import { commandResponse } from '../http/command-response';
import { CommandAnswer, QueryAnswer } from '../http/api-responses';
import { AreaAssignmentHistoryDto, AssignmentDto, AssignmentListDto } from '../http/reference-responses.dto';
import { AssignmentIdParams, CodeParams } from '../http/params.dto';
import { problem } from '../http/problem';
import { FreshnessService } from '../queries/freshness.service';
import { FreshQueryDto } from '../queries/query.dto';
import { ASSIGNMENT_ID_PATTERN, AssignAreaCommand, AssignAreaDto } from './assign-area.command';
import { AreaAssignmentHistoryQuery, GetAssignmentQuery, ListAssignmentsQuery, ListAssignmentsQueryDto } from './assignments.queries';
import { EndAssignmentCommand, EndAssignmentDto } from './end-assignment.command';

function assignmentId(id: string): string {
  if (!ASSIGNMENT_ID_PATTERN.test(id)) throw problem(400, 'Invalid input', 'id is not an assignment id.', [{ field: 'id', message: 'is malformed' }]);
  return id;
}

/** Area assignments (giao địa bàn), made and ended by the program's steering unit; readable by every authenticated caller. */
@ApiTags('assignments')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiHeader({ name: 'If-Match', required: false, description: "ETag of the program stream's revision" })
@Controller('api')
export class AssignmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: FreshnessService,
  ) {}

  @Post('assignments')
  @Access('authenticated')
  @ApiOperation({ summary: 'Assign an area to a unit for a year under a program (admin or steering supervisor)' })
  @CommandAnswer(201)
  async assign(@Body() dto: AssignAreaDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult & { id: string } = await this.commands.execute(new AssignAreaCommand(dto, ctx));
    return commandResponse(res, result.id, result);
  }

  @Post('assignments/:id/end')
  @HttpCode(200)
  @Access('authenticated')
  @ApiOperation({ summary: 'End an assignment early, from a date, with a reason (admin or steering supervisor)' })
  @CommandAnswer(200)
  async end(@Param() { id }: AssignmentIdParams, @Body() dto: EndAssignmentDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return commandResponse(res, id, await this.commands.execute(new EndAssignmentCommand(assignmentId(id), dto, ctx)));
  }

  @Get('assignments')
  @Access('authenticated')
  @ApiOperation({ summary: 'Assignments by program, year, unit and area' })
  @QueryAnswer(AssignmentListDto)
  async list(@Query() q: ListAssignmentsQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new ListAssignmentsQuery(q));
  }

  @Get('assignments/:id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One assignment' })
  @QueryAnswer(AssignmentDto)
  async get(@Param() { id }: AssignmentIdParams, @Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new GetAssignmentQuery(assignmentId(id)));
  }

  @Get('areas/:code/assignments')
  @Access('authenticated')
  @ApiOperation({ summary: "The history of an area's assignments, including its subtree and predecessors under the current map" })
  @QueryAnswer(AreaAssignmentHistoryDto)
  async history(@Param() { code }: CodeParams, @Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return this.queries.execute(new AreaAssignmentHistoryQuery(areaCode(code)));
  }
}
