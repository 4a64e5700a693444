import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter, with an HTTP server that creates each request and response with
 * Express's prototypes (`app.request`, `app.response`) already.
 *
 * Express gives every request and response those prototypes as it takes them
 * (`Object.setPrototypeOf`). On V8 that change of prototype, once per request, makes the objects
 * reachable from them survive the young generation's next collection, to be promoted and left for
 * a full GC. In this API, answering `GET /health/live` at 500 req/s, 45% of what was allocated
 * between two minor GCs was copied by the second; created with the right prototype, 1% (the
 * minor GCs' pauses: ~80 ms against ~10 ms per 8 s; BENCHMARKS.md), and Express's
 * `setPrototypeOf` is a no-op. Node's `IncomingMessage` / `ServerResponse` server options are the
 * documented way to choose the classes; the two constructors below are Node's own, called on the
 * new object.
 *
 * HTTPS and `forceCloseConnections` are left to Nest's own server (the API uses neither), and so is
 * a Node whose `IncomingMessage` is a class (it cannot be called on another object).
 */
export class ExpressPrototypesAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections || !callable(IncomingMessage) || !callable(ServerResponse)) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    this.httpServer = createServer({ IncomingMessage: requestWith(app.request), ServerResponse: responseWith(app.response) }, app);
  }
}

/** Node (20, 22) defines both as plain functions: callable on an object made with another prototype. */
function callable(constructor: unknown): boolean {
  return typeof constructor === 'function' && !/^class\b/.test(Function.prototype.toString.call(constructor));
}

function requestWith(prototype: object): typeof IncomingMessage {
  function ExpressRequest(this: IncomingMessage, socket: Socket): void {
    (IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  ExpressRequest.prototype = prototype;
  return ExpressRequest as unknown as typeof IncomingMessage;
}

function responseWith(prototype: object): typeof ServerResponse {
  function ExpressResponse(this: ServerResponse, req: IncomingMessage, options?: unknown): void {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: unknown) => void).call(this, req, options);
  }
  ExpressResponse.prototype = prototype;
  return ExpressResponse as unknown as typeof ServerResponse;
}
