import { createParamDecorator, ExecutionContext, Inject, Injectable, PipeTransform } from '@nestjs/common';
import { finished } from 'node:stream';
import type { Response } from 'express';
import { comparePositions, EVENT_STORE, EventStore } from '@app/event-store';
import { AsOfReadModels, LiveReadModels, READ_MODEL_STORE, ScopedReadModels, waitForPosition } from '@app/read-models';
import { problem } from '../http/problem';
import { READS_MODELS, ReadsDeclaration, resolveReads } from './reads-declaration';

/**
 * What `minPosition` accepts, as the spec states it: hex read by value, any case, any leading
 * zeros, at most 32 significant digits. The query DTO turns it into the canonical spelling
 * (canonicalHexPosition) before validation, and a canonical value matches this pattern too.
 */
export const MIN_POSITION_PATTERN = /^0*[0-9a-fA-F]{1,32}$/;
const WAIT_MS = 5000;

/** What a query route's `@Reads()` parameter is made from: the route, its declaration, its response. */
export interface QueryRoute {
  /** `Controller.method`, for the errors. */
  readonly route: string;
  readonly declaration: ReadsDeclaration;
  /** An as-of answer names its position on it, and gives the state back once it is sent. */
  readonly response: Response;
}

function queryRouteOf(_: unknown, context: ExecutionContext): QueryRoute {
  const route = `${context.getClass().name}.${context.getHandler().name}`;
  const declaration = Reflect.getMetadata(READS_MODELS, context.getHandler()) as ReadsDeclaration | undefined;
  if (!declaration) throw new Error(`${route} takes @Reads() but declares no read models (QueryAnswer's reads)`);
  return { route, declaration, response: context.switchToHttp().getResponse<Response>() };
}

/**
 * The read models of one query request, as its route hands them to its query (`@Reads() reads`,
 * then `await reads.open(q)` with the validated query): the live read models seen through the
 * route's declaration (QueryAnswer's reads), once they are as fresh as the query asked.
 *
 * `minPosition`: `open` waits until the read models the query declares include the caller's own
 * write, or answers 503 with Retry-After after 5 s, naming them. A model the query does not read
 * (stopped, parked, slow) does not hold it back. A position past the head of the log was never
 * returned by a command: 400 at once, naming the field, rather than a 5 s wait for a write that
 * does not exist. `open` takes the validated query, so a malformed request is 400 before any wait.
 * A declaration that depends on the query is resolved here, and the view `open` returns refuses a
 * read of any model not waited for (ScopedReadModels).
 *
 * `asOf` / `asOfTime` (the routes taking AsOfQuery): the read models exactly as they stood right
 * after that position, rebuilt beside the live ones (AsOfReadModels) and lent to this query: the
 * view answers every read from that state, the answer names its position (X-As-Of-Position) and
 * the state goes back once the answer (a streamed export too) is sent or the client left. Such an
 * answer does not depend on how far the live models are, so `minPosition` is not waited for.
 */
export class QueryReads {
  constructor(
    readonly route: QueryRoute,
    private readonly live: LiveReadModels,
    private readonly events: EventStore,
    private readonly asOf: AsOfReadModels,
  ) {}

  /** The read models this query reads, fresh as `query` asks: call once, with the validated query. */
  async open(query: object): Promise<ScopedReadModels> {
    const { route, declaration, response } = this.route;
    const models = resolveReads(declaration, query as Record<string, unknown>, route);
    const fresh = query as { asOf?: unknown; asOfTime?: unknown; minPosition?: unknown };
    if (typeof fresh.asOf === 'string' || typeof fresh.asOfTime === 'string') {
      // An answer as of a past position reads a state rebuilt to that position: nothing to wait for.
      const lease = await this.asOf.at(await this.asOfPosition(fresh), models);
      // Given back once the answer is sent or the client left (at once if it left while the state was built).
      finished(response, () => lease.release());
      // The answer names the position it is as of (a streamed export too: set before it starts).
      response.setHeader('X-As-Of-Position', (lease.position ?? '0').padStart(16, '0'));
      return this.live.within({ route, models, asOf: lease });
    }
    const { minPosition } = fresh;
    // Position zero is before every event: nothing to wait for.
    if (typeof minPosition === 'string' && minPosition !== '0') await this.waitFor(minPosition, models);
    return this.live.within({ route, models });
  }

  private async waitFor(minPosition: string, models: readonly string[]): Promise<void> {
    if (comparePositions(await this.live.position(true, models), minPosition) >= 0) return;
    const head = await this.events.headPosition();
    if (comparePositions(minPosition, head) > 0) {
      throw problem(400, 'Bad request', `minPosition ${minPosition} is past the end of the log: no command returned it.`, [
        { field: 'minPosition', message: 'is past the end of the log; send a position a command returned' },
      ]);
    }
    if (!(await waitForPosition(this.live, minPosition, WAIT_MS, models))) {
      const checkpoints = await this.live.liveCheckpoints(true);
      const behind = models.filter((m) => comparePositions(checkpoints.get(m) ?? null, minPosition) < 0);
      throw problem(
        503, 'Read models behind',
        `This query waited for the read models ${models.join(', ')}; not at position ${minPosition} yet: ${behind.join(', ') || 'none now (ask again)'}.`,
        [], { 'Retry-After': '1' },
      );
    }
  }

  /** The position an as-of query asks for: `asOf` (at most the head), or the last event recorded at or before `asOfTime`; null is before every event. */
  private async asOfPosition(query: { asOf?: unknown; asOfTime?: unknown }): Promise<string | null> {
    if (typeof query.asOf === 'string' && typeof query.asOfTime === 'string') {
      throw problem(400, 'Invalid input', 'Give asOf or asOfTime, not both.', [{ field: 'asOfTime', message: 'cannot be combined with asOf' }]);
    }
    if (typeof query.asOfTime === 'string') return this.events.positionAt(new Date(query.asOfTime).toISOString());
    const asOf = query.asOf as string;
    if (asOf === '0') return null;
    const head = await this.events.headPosition();
    if (comparePositions(asOf, head) > 0) {
      throw problem(400, 'Invalid input', `asOf ${asOf} is past the end of the log (${head ?? 'empty'}).`, [{ field: 'asOf', message: 'is past the end of the log' }]);
    }
    return asOf;
  }
}

/** Makes the `@Reads()` parameter of a query route: its QueryReads (see Reads). */
@Injectable()
export class QueryReadsPipe implements PipeTransform<QueryRoute, QueryReads> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly live: LiveReadModels,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly asOf: AsOfReadModels,
  ) {}

  transform(route: QueryRoute): QueryReads {
    return new QueryReads(route, this.live, this.events, this.asOf);
  }
}

const ReadsParam = createParamDecorator(queryRouteOf);

/**
 * A query route's read models (QueryReads): the route passes `await reads.open(q)` to its query,
 * whose handler reads through that view and nothing else. Handed over explicitly, not held in an
 * AsyncLocalStorage (see ReadModelScope).
 */
export const Reads = () => ReadsParam(QueryReadsPipe);
