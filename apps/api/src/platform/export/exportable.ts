import { applyDecorators, StreamableFile, Type } from '@nestjs/common';
import { ApiExtension, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { csvChunks } from './csv';
import { HeadingLanguage, Table } from './table';
import { xlsxStream } from './xlsx';

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type ExportFormat = 'json' | 'csv' | 'xlsx';

/** The query parameters of a route that exports: `format` (else `Accept`) and the headings' language. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ExportableQuery<TBase extends Type<any>>(Base: TBase) {
  class WithExport extends Base {
    @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], description: `The answer's format; without it, Accept: ${CSV} or ${XLSX} chooses` })
    @IsOptional() @IsIn(['json', 'csv', 'xlsx'])
    format?: ExportFormat;

    @ApiPropertyOptional({ enum: ['vi', 'en'], description: "An export's column headings in words (Vietnamese or English); without it, the JSON field names (which import reads back too)" })
    @IsOptional() @IsIn(['vi', 'en'])
    lang?: 'vi' | 'en';
  }
  return WithExport;
}

/** Marks the route as exporting; openapi.ts documents its answer in every format. */
export const EXPORTS_EXTENSION = 'x-exports';
export const Exports = () => applyDecorators(ApiExtension(EXPORTS_EXTENSION, true));

/** What the caller asked for: `format` first, then the Accept header (the first of CSV/XLSX it names), else JSON. */
export function exportFormat(query: { format?: ExportFormat }, request: Pick<Request, 'headers'>): ExportFormat {
  if (query.format) return query.format;
  const accept = String(request.headers.accept ?? '').toLowerCase();
  const csv = accept.indexOf(CSV);
  const xlsx = accept.indexOf(XLSX);
  if (csv >= 0 && (xlsx < 0 || csv < xlsx)) return 'csv';
  if (xlsx >= 0) return 'xlsx';
  return 'json';
}

/** The export as a streamed file download (RFC 6266 file name, ASCII). */
export function exportFile(table: Table, format: 'csv' | 'xlsx', lang: HeadingLanguage): StreamableFile {
  const stream = format === 'csv' ? Readable.from(csvChunks(table, lang), { objectMode: false }) : xlsxStream(table, lang);
  const file = `${table.name.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
  return new StreamableFile(stream, {
    type: format === 'csv' ? `${CSV}; charset=utf-8; header=present` : XLSX,
    disposition: `attachment; filename="${file}"`,
  });
}

/**
 * Answers a query in the format asked for: JSON from `json()`, or the whole result (every page)
 * streamed as CSV or XLSX from `table()`.
 */
export async function answer<T>(
  query: { format?: ExportFormat; lang?: 'vi' | 'en' },
  request: Pick<Request, 'headers'>,
  json: () => Promise<T>,
  table: () => Promise<Table>,
): Promise<T | StreamableFile> {
  const format = exportFormat(query, request);
  if (format === 'json') return json();
  return exportFile(await table(), format, query.lang ?? 'key');
}
