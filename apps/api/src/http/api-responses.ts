import { applyDecorators, Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { CommandResponseDto } from './responses.dto';

const ETAG = { description: 'The revision, quoted: send it back as If-Match', required: true, schema: { type: 'string', pattern: '^"-?[0-9]+"$' } };

/** A command's answer: `{id, revision, position}` with the revision as ETag. The problem answers are added to the spec centrally (openapi.ts). */
export const CommandAnswer = (status: 200 | 201) =>
  applyDecorators(ApiResponse({ status, description: status === 201 ? 'Created' : 'Done (or nothing to change)', type: CommandResponseDto, headers: { ETag: ETAG } }));

/** A query's answer. */
export const QueryAnswer = (type: Type<unknown>, options: { etag?: boolean } = {}) =>
  applyDecorators(ApiResponse({ status: 200, description: 'OK', type, ...(options.etag ? { headers: { ETag: ETAG } } : {}) }));
