import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import { ExpressPrototypesAdapter } from './express-prototypes.adapter';

/** What the server hands over before Express sees the request, and what the route answers. */
async function serve(adapter: ExpressAdapter): Promise<{ before: { request: boolean; response: boolean }; status: number; body: unknown }> {
  adapter.initHttpServer({});
  const app = adapter.getInstance<Express>();
  const server = adapter.getHttpServer() as Server;
  let before = { request: false, response: false };
  // Runs ahead of Express's own listener: the objects as the HTTP server made them.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    before = { request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response };
  });
  app.post('/echo', (req: Request, res: Response) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.status(201).json({
      got: Buffer.concat(chunks).toString('utf8'),
      instances: req instanceof IncomingMessage && res instanceof ServerResponse,
      header: req.get('x-probe'),
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', headers: { 'x-probe': 'yes' }, body: 'hello' });
    return { before, status: answer.status, body: await answer.json() };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('ExpressPrototypesAdapter', () => {
  it("creates each request and response with the Express app's prototypes already", async () => {
    const seen = await serve(new ExpressPrototypesAdapter());
    expect(seen.before).toEqual({ request: true, response: true });
    // Still Node's objects, with Express's methods: the request streams its body, the response answers.
    expect(seen).toMatchObject({ status: 201, body: { got: 'hello', instances: true, header: 'yes' } });
  });

  it("differs from Nest's adapter, whose server leaves the prototypes for Express to change", async () => {
    const seen = await serve(new ExpressAdapter());
    expect(seen.before).toEqual({ request: false, response: false });
    expect(seen).toMatchObject({ status: 201, body: { got: 'hello', instances: true, header: 'yes' } });
  });
});
