import { applyDecorators, SetMetadata, Type } from '@nestjs/common';
import { ApiBody, ApiExtension } from '@nestjs/swagger';

/** Marks a route that takes a file: its JSON body's DTO, and CSV and XLSX beside it (openapi.ts documents all three). */
export const IMPORTS_EXTENSION = 'x-imports';
export const IMPORT_BODY = 'danvan:import-body';

/**
 * The route reads its body itself (JSON, or a file's bytes), so no `@Body()` DTO is bound; the
 * JSON body's DTO is named here for the spec and the route table.
 */
export const Imports = (json: Type<unknown>, description: string) =>
  applyDecorators(ApiBody({ type: json, description }), ApiExtension(IMPORTS_EXTENSION, true), SetMetadata(IMPORT_BODY, json));
