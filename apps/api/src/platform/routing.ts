/**
 * What a feature's controller needs from the platform, in one import: the route and policy
 * decorators, the command context and caller, the command and query answers (ETag, the
 * `{id, revision, position}` shape, a query's read models and its `minPosition` wait) and the
 * shared parameter DTOs.
 */
export { Access } from './auth/policy.decorator';
export { Principal } from './auth/principal';
export { Answer, CommandAnswerer } from './commands/command-answer';
export { CommandContext } from './commands/command-context';
export { CommandAnswerOf } from './commands/command-handling';
export { Ctx } from './commands/http-command-context';
export { Actor } from './http/actor.decorator';
export { CommandAnswer, QueryAnswer, revisionETag } from './http/api-responses';
export { CodeParams, IdParams } from './http/params.dto';
export { FreshQueryDto, PagedQueryDto } from './http/query.dto';
export { QueryReads, Reads } from './query-scope/query-reads';
export { Routes } from './http/routes.decorator';
