import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';

/** A query answer that carries a revision sends it as ETag (a report: If-Match for its next command). */
@Injectable()
export class RevisionETagInterceptor implements NestInterceptor<{ revision: number }> {
  intercept(context: ExecutionContext, next: CallHandler<{ revision: number }>): Observable<{ revision: number }> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body) => {
        // An export (a file) carries no revision: no ETag for it.
        if (typeof body?.revision === 'number') response.setHeader('ETag', `"${body.revision}"`);
        return body;
      }),
    );
  }
}
