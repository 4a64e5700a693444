/*
 * A TEST DOUBLE of EventStoreDB at the wire: a gRPC server built from the service definitions and
 * protobuf messages that @eventstore/db-client itself ships (its `generated/` folder), so that the
 * real client talks to it through real HTTP/2, real protobuf serialization and its own error
 * mapping. It implements only what EsdbEventStore uses, backed by SQLite:
 *
 *   - Streams.Append with an expected revision (any / no_stream / stream_exists / a revision),
 *     the server's idempotency rule (the same ids right after the expected revision answer success
 *     without a position), and the 1 MiB maximum append size;
 *   - Streams.Read of one stream (forwards / backwards, from a revision, count; StreamNotFound);
 *   - Streams.Read of $all (forwards from a position inclusive, backwards before one, count);
 *   - Streams.Read as a catch-up subscription to $all with an event-type or stream-name filter
 *     (regex or prefixes), confirmation, checkpoints, caught-up, then live events;
 *   - ServerFeatures.GetSupportedMethods, naming just these (so the client uses the classic Append,
 *     not BatchAppend).
 *
 * Positions copy the server's shape as read in its source: an event's prepare position is its byte
 * offset in the log, every event of one write shares the commit position of the write's first
 * event, and the Append answer carries (commit, commit). Positions start above 2^53 so that a
 * conversion to a JS number shows. A system event (`$statsCollected`) can be added between user
 * events, as a real server writes them. It is NOT EventStoreDB: no clustering, no leader
 * election, no persistent subscriptions, no ACLs, no scavenging, no link resolution, and
 * backpressure on subscriptions is ignored (events are buffered). Not for production use.
 */
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';

/** EventStoreDB's default `MaxAppendSize`. */
export const ESDB_MAX_APPEND_SIZE = 1_048_576;

interface Row {
  prepare: bigint;
  commit_pos: bigint;
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  content_type: string;
  data: Buffer;
  metadata: Buffer;
  created: bigint;
}

interface Pos {
  commit: bigint;
  prepare: bigint;
}

interface Proposed {
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
}

interface LiveSubscriber {
  after: Pos | null;
  deliver(rows: Row[]): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS log (
    prepare INTEGER PRIMARY KEY,
    commit_pos INTEGER NOT NULL,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data BLOB NOT NULL,
    metadata BLOB NOT NULL,
    created INTEGER NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE INDEX IF NOT EXISTS log_by_commit ON log (commit_pos, prepare);`;

const FIRST_POSITION = 1n << 60n;
/** Bytes a record takes in the log besides its data and metadata (an approximation; only order matters). */
const RECORD_OVERHEAD = 137n;
const TICKS_PER_MS = 10_000n;
const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;
const DEFAULT_SEARCH_WINDOW = 32;

function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

function uuidOf(id: string): UUID {
  return new UUID().setString(id);
}

function parseUuid(uuid: UUID | undefined): string {
  if (!uuid) throw new Error('missing id');
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured()!;
  const hex = (BigInt.asUintN(64, BigInt(structured.getMostSignificantBits())).toString(16).padStart(16, '0') +
    BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits())).toString(16).padStart(16, '0'));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function comparePos(a: Pos, b: Pos): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function posOf(row: Row): Pos {
  return { commit: row.commit_pos, prepare: row.prepare };
}

function rpcError(code: grpc.status, details: string, trailers: Record<string, string> = {}): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

function toReadEvent(row: Row, withCommitPosition: boolean): ReadResp.ReadEvent {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidOf(row.id))
    .setStreamIdentifier(streamIdentifier(row.stream))
    .setStreamRevision(row.revision.toString())
    .setCommitPosition(row.commit_pos.toString())
    .setPreparePosition(row.prepare.toString())
    .setData(new Uint8Array(row.data))
    .setCustomMetadata(new Uint8Array(row.metadata));
  const map = recorded.getMetadataMap();
  map.set('type', row.type);
  map.set('content-type', row.content_type);
  map.set('created', row.created.toString());
  const event = new ReadResp.ReadEvent().setEvent(recorded);
  if (withCommitPosition) event.setCommitPosition(row.commit_pos.toString());
  else event.setNoPosition(new Empty());
  return event;
}

function eventResp(row: Row, withCommitPosition: boolean): ReadResp {
  return new ReadResp().setEvent(toReadEvent(row, withCommitPosition));
}

type Matcher = (row: Row) => boolean;

function filterOf(options: ReadReq.Options): { matches: Matcher; window: number } | null {
  if (!options.hasFilter()) return null;
  const filter = options.getFilter()!;
  const expression = filter.hasEventType() ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const field = (row: Row): string => (filter.hasEventType() ? row.type : row.stream);
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  const pattern = regex ? new RegExp(regex) : null;
  const matches: Matcher = (row) =>
    (pattern === null || pattern.test(field(row))) && (prefixes.length === 0 || prefixes.some((prefix) => field(row).startsWith(prefix)));
  const window = (filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW) * Math.max(1, filter.getCheckpointintervalmultiplier());
  return { matches, window };
}

export interface EsdbWireDoubleOptions {
  /** SQLite file for the log, or ':memory:' (default). */
  file?: string;
  /** Log position of the first event (default 2^60, beyond JS numbers' exact range). */
  firstPosition?: bigint;
  /** Write a `$statsCollected` system event after every append, as a busy real server would. */
  systemEventAfterEachAppend?: boolean;
  /** The server's MaxAppendSize in bytes (default ESDB_MAX_APPEND_SIZE, EventStoreDB's default). */
  maxAppendSize?: number;
}

/**
 * Start with `EsdbWireDouble.start()`, connect the real client to `connectionString`, stop with
 * `stop()`. `stopListening()` / `listenAgain()` take the port away and back, to act out an outage.
 */
export class EsdbWireDouble {
  private readonly db: Database.Database;
  private readonly live = new Set<LiveSubscriber>();
  private readonly openCalls = new Set<grpc.ServerWritableStream<ReadReq, ReadResp>>();
  private server: grpc.Server | null = null;
  private nextPosition: bigint;
  private port = 0;
  /** Appends answered so far (successes, idempotent retries and conflicts). */
  appendCalls = 0;
  /** Read calls received so far (stream reads, $all reads and subscriptions). */
  readCalls = 0;

  /** Subscriptions to $all now open. */
  get liveSubscriptions(): number {
    return this.live.size;
  }

  private constructor(private readonly options: EsdbWireDoubleOptions) {
    this.db = new Database(options.file ?? ':memory:');
    this.db.defaultSafeIntegers(true);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    const last = this.db.prepare('SELECT prepare, length(data) + length(metadata) AS size FROM log ORDER BY prepare DESC LIMIT 1').get() as
      | { prepare: bigint; size: bigint }
      | undefined;
    this.nextPosition = last ? last.prepare + last.size + RECORD_OVERHEAD : (options.firstPosition ?? FIRST_POSITION);
  }

  static async start(options: EsdbWireDoubleOptions = {}): Promise<EsdbWireDouble> {
    const double = new EsdbWireDouble(options);
    await double.listen(0);
    return double;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Closes the port and drops every open call, as a crashed server would. The log stays. */
  async stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.openCalls.clear();
    this.live.clear();
    if (server) server.forceShutdown();
  }

  /** Listens again on the same port. */
  async listenAgain(): Promise<void> {
    if (this.server) return;
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.stopListening();
    this.db.close();
  }

  /** Writes one system event, as the server's statistics collector does. */
  addSystemEvent(): void {
    this.db.transaction(() => {
      const stream = '$stats-127.0.0.1:2113';
      const head = this.streamHead(stream);
      this.insertWrite(stream, head ?? -1n, [
        { id: randomUUID(), type: '$statsCollected', contentType: 'application/json', data: Buffer.from('{"proc":{}}'), metadata: Buffer.alloc(0) },
      ]);
    }).immediate();
    this.notifyLive();
  }

  private async listen(port: number): Promise<void> {
    const server = new grpc.Server();
    server.addService(StreamsService as unknown as grpc.ServiceDefinition, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) => this.append(call, callback),
    });
    server.addService(ServerFeaturesService as unknown as grpc.ServiceDefinition, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) => {
        const methods = ['read', 'append'].map((name) =>
          new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name),
        );
        callback(null, new SupportedMethods().setEventStoreServerVersion('24.10.0-wire-double').setMethodsList(methods));
      },
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    this.server = server;
  }

  // ---- Append ------------------------------------------------------------------------------

  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    let options: AppendReq.Options | null = null;
    const proposed: Proposed[] = [];
    let size = 0;
    let failed = false;
    call.on('data', (req: AppendReq) => {
      if (failed) return;
      if (req.hasOptions()) {
        options = req.getOptions()!;
        return;
      }
      const message = req.getProposedMessage()!;
      const map = message.getMetadataMap();
      const data = Buffer.from(message.getData_asU8());
      const metadata = Buffer.from(message.getCustomMetadata_asU8());
      size += data.length + metadata.length;
      const maxAppendSize = this.options.maxAppendSize ?? ESDB_MAX_APPEND_SIZE;
      if (size > maxAppendSize) {
        failed = true;
        callback(
          rpcError(grpc.status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
            exception: 'maximum-append-size-exceeded',
            'maximum-append-size': String(maxAppendSize),
          }),
        );
        return;
      }
      proposed.push({ id: parseUuid(message.getId()), type: map.get('type') ?? '', contentType: map.get('content-type') ?? 'application/octet-stream', data, metadata });
    });
    call.on('error', () => {
      failed = true;
    });
    call.on('end', () => {
      if (failed) return;
      if (!options) return callback(rpcError(grpc.status.INVALID_ARGUMENT, 'append without options'));
      this.appendCalls += 1;
      try {
        callback(null, this.appendWrite(options, proposed));
      } catch (error) {
        callback(rpcError(grpc.status.INTERNAL, (error as Error).message));
      }
    });
  }

  private appendWrite(options: AppendReq.Options, proposed: Proposed[]): AppendResp {
    const stream = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
    const response = this.db
      .transaction((): AppendResp => {
        const current = this.streamHead(stream);
        const wrong = (): AppendResp => {
          const wev = new AppendResp.WrongExpectedVersion();
          if (current === null) wev.setCurrentNoStream(new Empty());
          else wev.setCurrentRevision(current.toString());
          if (options.hasRevision()) wev.setExpectedRevision(options.getRevision());
          else if (options.hasNoStream()) wev.setExpectedNoStream(new Empty());
          else if (options.hasStreamExists()) wev.setExpectedStreamExists(new Empty());
          else wev.setExpectedAny(new Empty());
          return new AppendResp().setWrongExpectedVersion(wev);
        };
        const expected = options.hasRevision() ? BigInt(options.getRevision()) : options.hasNoStream() ? -1n : null;

        // Idempotency: the same ids, in order, right after the expected revision (or anywhere, for any).
        if (proposed.length > 0) {
          const first = this.db.prepare('SELECT * FROM log WHERE stream = ? AND id = ?').get(stream, proposed[0].id) as Row | undefined;
          if (first && (expected === null || first.revision === expected + 1n)) {
            const rows = this.db
              .prepare('SELECT * FROM log WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?')
              .all(stream, first.revision, proposed.length) as Row[];
            if (rows.length === proposed.length && rows.every((row, i) => row.id === proposed[i].id)) {
              const success = new AppendResp.Success().setCurrentRevision(rows[rows.length - 1].revision.toString()).setNoPosition(new Empty());
              return new AppendResp().setSuccess(success);
            }
          }
        }

        if (options.hasStreamExists() && current === null) return wrong();
        if (expected !== null && expected !== (current ?? -1n)) return wrong();
        if (proposed.length === 0) {
          const success = new AppendResp.Success().setNoPosition(new Empty());
          if (current === null) success.setNoStream(new Empty());
          else success.setCurrentRevision(current.toString());
          return new AppendResp().setSuccess(success);
        }
        const { commit, revision } = this.insertWrite(stream, current ?? -1n, proposed);
        const position = new AppendResp.Position().setCommitPosition(commit.toString()).setPreparePosition(commit.toString());
        return new AppendResp().setSuccess(new AppendResp.Success().setCurrentRevision(revision.toString()).setPosition(position));
      })
      .immediate();
    if (response.hasSuccess() && response.getSuccess()!.hasPosition()) {
      if (this.options.systemEventAfterEachAppend) this.addSystemEvent();
      this.notifyLive();
    }
    return response;
  }

  private streamHead(stream: string): bigint | null {
    const row = this.db.prepare('SELECT max(revision) AS revision FROM log WHERE stream = ?').get(stream) as { revision: bigint | null };
    return row.revision;
  }

  private insertWrite(stream: string, current: bigint, events: Proposed[]): { commit: bigint; revision: bigint } {
    const insert = this.db.prepare(
      'INSERT INTO log (prepare, commit_pos, stream, revision, id, type, content_type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const commit = this.nextPosition;
    const created = BigInt(Date.now()) * TICKS_PER_MS + TICKS_AT_UNIX_EPOCH;
    let revision = current;
    for (const event of events) {
      revision += 1n;
      insert.run(this.nextPosition, commit, stream, revision, event.id, event.type, event.contentType, event.data, event.metadata, created);
      this.nextPosition += BigInt(event.data.length + event.metadata.length) + RECORD_OVERHEAD;
    }
    return { commit, revision };
  }

  // ---- Read ----------------------------------------------------------------------------------

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions();
    this.readCalls += 1;
    try {
      if (!options) throw rpcError(grpc.status.INVALID_ARGUMENT, 'read without options');
      if (options.hasSubscription()) return this.subscribe(call, options);
      if (options.hasStream()) this.readStream(call, options);
      else this.readAll(call, options);
      call.end();
    } catch (error) {
      call.destroy(error as Error);
    }
  }

  private readStream(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    const streamOptions = options.getStream()!;
    const stream = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
    const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
    const count = options.hasCount() ? BigInt(options.getCount()) : 1n << 62n;
    if (this.streamHead(stream) === null) {
      call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream))));
      return;
    }
    let rows: Row[];
    if (forwards) {
      const from = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : streamOptions.hasEnd() ? 1n << 62n : 0n;
      rows = this.db.prepare('SELECT * FROM log WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?').all(stream, from, count) as Row[];
    } else {
      const from = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : streamOptions.hasStart() ? -1n : 1n << 62n;
      rows = this.db.prepare('SELECT * FROM log WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?').all(stream, from, count) as Row[];
    }
    for (const row of rows) call.write(eventResp(row, false));
  }

  private readAll(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    const all = options.getAll()!;
    const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
    const count = options.hasCount() ? BigInt(options.getCount()) : 1n << 62n;
    const filter = filterOf(options);
    const position = all.hasPosition()
      ? { commit: BigInt(all.getPosition()!.getCommitPosition()), prepare: BigInt(all.getPosition()!.getPreparePosition()) }
      : null;
    let rows: Row[];
    if (forwards) {
      if (all.hasEnd()) rows = [];
      else if (position) {
        rows = this.db
          .prepare('SELECT * FROM log WHERE commit_pos > ? OR (commit_pos = ? AND prepare >= ?) ORDER BY commit_pos, prepare LIMIT ?')
          .all(position.commit, position.commit, position.prepare, count) as Row[];
      } else rows = this.db.prepare('SELECT * FROM log ORDER BY commit_pos, prepare LIMIT ?').all(count) as Row[];
    } else if (all.hasStart()) rows = [];
    else if (position) {
      rows = this.db
        .prepare('SELECT * FROM log WHERE commit_pos < ? OR (commit_pos = ? AND prepare < ?) ORDER BY commit_pos DESC, prepare DESC LIMIT ?')
        .all(position.commit, position.commit, position.prepare, count) as Row[];
    } else rows = this.db.prepare('SELECT * FROM log ORDER BY commit_pos DESC, prepare DESC LIMIT ?').all(count) as Row[];
    for (const row of rows) if (!filter || filter.matches(row)) call.write(eventResp(row, true));
  }

  /** Catch-up from the position (exclusive), a caught-up marker, then live events, until cancelled. */
  private subscribe(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    if (!options.hasAll()) throw rpcError(grpc.status.UNIMPLEMENTED, 'the double subscribes to $all only');
    const all = options.getAll()!;
    const filter = filterOf(options);
    let after: Pos | null = all.hasPosition()
      ? { commit: BigInt(all.getPosition()!.getCommitPosition()), prepare: BigInt(all.getPosition()!.getPreparePosition()) }
      : null;
    if (all.hasEnd()) {
      const head = this.db.prepare('SELECT * FROM log ORDER BY commit_pos DESC, prepare DESC LIMIT 1').get() as Row | undefined;
      after = head ? posOf(head) : null;
    }
    this.openCalls.add(call);
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));

    let scanned = 0;
    const send = (rows: Row[]): void => {
      for (const row of rows) {
        if (after && comparePos(posOf(row), after) <= 0) continue;
        after = posOf(row);
        if (!filter || filter.matches(row)) call.write(eventResp(row, true));
        else scanned += 1;
        if (filter && scanned >= filter.window) {
          scanned = 0;
          call.write(new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(row.commit_pos.toString()).setPreparePosition(row.prepare.toString())));
        }
      }
    };
    // Synchronous up to registration, so that no append can fall between catch-up and live.
    for (;;) {
      const page = this.rowsAfter(after, 500);
      if (page.length === 0) break;
      send(page);
    }
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    const subscriber: LiveSubscriber = {
      get after() {
        return after;
      },
      deliver: send,
    };
    this.live.add(subscriber);
    const end = (): void => {
      this.live.delete(subscriber);
      this.openCalls.delete(call);
    };
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
  }

  private rowsAfter(after: Pos | null, limit: number): Row[] {
    if (!after) return this.db.prepare('SELECT * FROM log ORDER BY commit_pos, prepare LIMIT ?').all(limit) as Row[];
    return this.db
      .prepare('SELECT * FROM log WHERE commit_pos > ? OR (commit_pos = ? AND prepare > ?) ORDER BY commit_pos, prepare LIMIT ?')
      .all(after.commit, after.commit, after.prepare, limit) as Row[];
  }

  private notifyLive(): void {
    for (const subscriber of this.live) subscriber.deliver(this.rowsAfter(subscriber.after, 1_000_000));
  }
}
