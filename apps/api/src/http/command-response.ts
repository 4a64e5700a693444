import { Response } from 'express';
import { CommandResult } from '../commands/command-runner';

export interface CommandResponse {
  id: string;
  revision: number;
  position: string | null;
}

/** `{id, revision, position}` with the revision as ETag, for If-Match on the next command. */
export function commandResponse(res: Response, id: string, result: CommandResult): CommandResponse {
  res.setHeader('ETag', `"${result.revision}"`);
  return { id, revision: result.revision, position: result.position };
}
