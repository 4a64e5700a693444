import { SetMetadata } from '@nestjs/common';
import { PROJECTIONS } from '@app/read-models';

export const READS_MODELS = 'danvan:reads-models';

/**
 * The read models (projection names, as /health lists them) a query route reads: a list, or, when
 * it depends on the query, a function of the validated query (GET /api/reports reads the approval
 * queue only for `awaiting=me`).
 */
export type ReadsDeclaration = readonly string[] | ((query: Record<string, unknown>) => readonly string[]);

function checkNames(names: readonly string[], where: string): readonly string[] {
  const unknown = names.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (!names.length || unknown.length) {
    throw new Error(`${where}: ${names.length ? `unknown read model ${unknown.join(', ')}` : 'no read model'} (known: ${PROJECTIONS.map((p) => p.name).join(', ')})`);
  }
  return names;
}

/** Resolves a declaration against the validated query; the names are checked. */
export function resolveReads(declaration: ReadsDeclaration, query: Record<string, unknown>, where: string): readonly string[] {
  return checkNames(typeof declaration === 'function' ? declaration(query) : declaration, where);
}

/**
 * Declares the read models a query route reads: `minPosition` waits for these only (QueryReads),
 * and a read of any other during the request fails (ScopedReadModels). A list is
 * checked when the decorator is applied, so a misspelt name fails at startup.
 */
export const ReadsModels = (declaration: ReadsDeclaration) => {
  if (typeof declaration !== 'function') checkNames(declaration, 'ReadsModels');
  return SetMetadata(READS_MODELS, declaration);
};
