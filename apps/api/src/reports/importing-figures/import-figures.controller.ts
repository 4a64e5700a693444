import { Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { invalid } from '@app/domain';
import type { Request } from 'express';
import { CSV, XLSX } from '../../platform/export/exportable';
import { Imports } from '../../platform/export/importable';
import { Access, CommandAnswer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { ImportRow, rowsFromCsv, rowsFromJson, rowsFromXlsx } from './figure-rows';
import { ImportFigures } from './import-figures.command';
import { ImportAnswerDto, ImportFiguresDto, ImportFiguresQueryDto } from './import-figures.dto';

@Routes('reports', 'api/reports')
export class ImportFiguresController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/figures/import')
  @Access('authenticated')
  @ApiOperation({
    summary: 'Import a data value set: JSON rows, or CSV/XLSX in the columns of the report export; all rows in one command or none (400 listing every bad row by line); dryRun=true answers per row and records nothing',
  })
  @Imports(ImportFiguresDto, 'JSON rows; or the same columns as CSV or XLSX (see the other media types)')
  @CommandAnswer(200, ImportAnswerDto)
  async importFigures(@Param() { id }: IdParams, @Query() q: ImportFiguresQueryDto, @Req() req: Request, @Ctx() ctx: CommandContext) {
    const rows = await rowsOf(req);
    return this.commands.execute(new ImportFigures(ctx, id, rows, { dryRun: q.dryRun === 'true', reason: q.reason ?? null }));
  }
}

async function rowsOf(req: Request): Promise<ImportRow[]> {
  if (Buffer.isBuffer(req.body)) {
    if (req.is(CSV)) return rowsFromCsv(req.body);
    if (req.is(XLSX)) return rowsFromXlsx(req.body);
  }
  if (req.body === undefined || req.body === null || (Buffer.isBuffer(req.body) && req.body.length === 0)) {
    throw invalid('an import needs a body: JSON {rows}, CSV or XLSX', [{ field: 'body', message: 'is required' }]);
  }
  return rowsFromJson(req.body);
}
