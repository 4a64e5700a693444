import { Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { CSV, XLSX } from '../../platform/export/exportable';
import { Imports } from '../../platform/export/importable';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { ImportBody } from './figure-rows';
import { ImportFigures } from './import-figures.command';
import { ImportAnswerDto, ImportFiguresDto, ImportFiguresQueryDto } from './import-figures.dto';

@Routes('reports', 'api/reports')
export class ImportFiguresController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/figures/import')
  @Access('authenticated')
  @ApiOperation({
    summary: 'Import a data value set: JSON rows, or CSV/XLSX in the columns of the report export; all rows in one command or none (every bad row listed by line: 400, or 422 as PUT figures when the bad rows only name unknown indicators, areas or units); dryRun=true answers per row and records nothing',
  })
  @Imports(ImportFiguresDto, 'JSON rows; or the same columns as CSV or XLSX (see the other media types)')
  @CommandAnswer(200, ImportAnswerDto)
  async importFigures(@Param() { id }: IdParams, @Query() q: ImportFiguresQueryDto, @Req() req: Request, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new ImportFigures(ctx, id, bodyOf(req), { dryRun: q.dryRun === 'true', reason: q.reason ?? null })));
  }
}

/** What the body is, without reading it: the handler reads it after the access checks. */
function bodyOf(req: Request): ImportBody {
  if (Buffer.isBuffer(req.body)) {
    if (req.is(CSV)) return { kind: 'csv', bytes: req.body };
    if (req.is(XLSX)) return { kind: 'xlsx', bytes: req.body };
  }
  if (req.body === undefined || req.body === null || Buffer.isBuffer(req.body)) return { kind: 'none' };
  return { kind: 'json', json: req.body };
}
