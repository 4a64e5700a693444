import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/domain';
import { getProgram, getReview, listReviews, ReadModelStore, ScopedReadModels, ReviewView, reviewView, UnitScope } from '@app/read-models';
import { supervises } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { readScope } from '../../platform/auth/read-scope';
import { ReferenceData } from '../../platform/reference/reference-data';

export class ListReviews extends Query<{ items: ReviewView[] }> {
  constructor(readonly programId: string, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

export class GetReview extends Query<ReviewView> {
  constructor(readonly programId: string, readonly reviewId: string, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

/**
 * Whose announced figures the caller sees: all of them for auditors, admins and the program's
 * steering supervisors; the units in their scope for everyone else (a party's reporter sees what
 * was announced for its unit).
 */
async function reviewScope(store: ReadModelStore, reference: ReferenceData, programId: string, actor: Principal): Promise<UnitScope> {
  const program = await getProgram(store, programId);
  if (!program) throw notFound(`Program ${programId} does not exist.`);
  if (actor.readsAll || supervises(actor, program.steeringUnitId, await reference.current())) return 'all';
  return readScope(actor, store);
}

@QueryHandler(ListReviews)
export class ListReviewsHandler implements IQueryHandler<ListReviews> {
  constructor(private readonly reference: ReferenceData) {}

  async execute({ programId, actor, reads }: ListReviews): Promise<{ items: ReviewView[] }> {
    const scope = await reviewScope(reads, this.reference, programId, actor);
    return { items: (await listReviews(reads, programId)).map((doc) => reviewView(doc, scope)) };
  }
}

@QueryHandler(GetReview)
export class GetReviewHandler implements IQueryHandler<GetReview> {
  constructor(private readonly reference: ReferenceData) {}

  async execute({ programId, reviewId, actor, reads }: GetReview): Promise<ReviewView> {
    const scope = await reviewScope(reads, this.reference, programId, actor);
    const doc = await getReview(reads, reviewId);
    if (!doc || doc.programId !== programId) throw notFound(`Review ${reviewId} of program ${programId} does not exist.`);
    return reviewView(doc, scope);
  }
}
