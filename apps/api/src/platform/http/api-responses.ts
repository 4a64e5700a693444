import { applyDecorators, HttpCode, SetMetadata, Type } from '@nestjs/common';
import type { Response } from 'express';
import { ApiResponse } from '@nestjs/swagger';
import { etagOf } from '../commands/command-handling';
import { ReadsDeclaration, ReadsModels } from '../query-scope/reads-declaration';
import { CommandResponseDto } from './responses.dto';

const ETAG = { description: 'The revision, quoted: send it back as If-Match', required: true, schema: { type: 'string', pattern: '^"-?[0-9]+"$' } };

/** Marks a command route (CommandAnswer); a test checks each one answers through `@Answer()`. */
export const COMMAND_ANSWER = 'danvan:command-answer';

/**
 * A command route: answers `status` with `{id, revision, position}` and the revision as ETag, as
 * the route hands its command's result to `@Answer() answer` (commands/command-answer.ts); a
 * command that reports what it found (a submission's warnings) names its answer's `type`, a
 * CommandResponseDto with more fields. The problem answers are added to the spec centrally
 * (openapi.ts).
 */
export const CommandAnswer = (status: 200 | 201, type: Type<CommandResponseDto> = CommandResponseDto) =>
  applyDecorators(
    SetMetadata(COMMAND_ANSWER, true),
    HttpCode(status),
    ApiResponse({ status, description: status === 201 ? 'Created' : 'Done (or nothing to change)', type, headers: { ETag: ETAG } }),
  );

/**
 * A query route: `reads` declares the read models it reads (see ReadsModels); its `@Reads()`
 * parameter opens them for its query, waiting for `minPosition` in those first (QueryReads).
 * `etag` documents the ETag the route sets from its answer's revision (revisionETag).
 */
export const QueryAnswer = (type: Type<unknown>, options: { reads: ReadsDeclaration; etag?: boolean }) =>
  applyDecorators(
    ReadsModels(options.reads),
    ApiResponse({ status: 200, description: 'OK', type, ...(options.etag ? { headers: { ETag: ETAG } } : {}) }),
  );

/** A query answer that carries a revision goes out with it as ETag (a report: If-Match for its next command). */
export async function revisionETag<T extends { revision?: unknown }>(response: Response, answer: Promise<T> | T): Promise<T> {
  const body = await answer;
  if (typeof body?.revision === 'number') response.setHeader('ETag', etagOf(body.revision));
  return body;
}
