import { ConfigError, loadConfig } from './config';

describe('loadConfig: EVENTSTORE_CONNECTION_STRING', () => {
  function problemsFor(connectionString: string): string[] {
    try {
      loadConfig({ EVENTSTORE_CONNECTION_STRING: connectionString });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it.each(['esdb://eventstore:2113?tls=false', 'esdb+discover://admin:changeit@cluster.example.org:2113'])('accepts %s', (connectionString) => {
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: connectionString }).eventStore).toEqual({ kind: 'esdb', connectionString });
  });

  it.each(['kurrentdb://eventstore:2113', 'kdb://eventstore:2113', 'kurrentdb+discover://eventstore:2113', 'http://eventstore:2113'])(
    'refuses %s at boot, naming the schemes the client accepts',
    (connectionString) => {
      expect(problemsFor(connectionString)).toEqual([
        'EVENTSTORE_CONNECTION_STRING: must start with esdb:// or esdb+discover:// (the EventStoreDB client does not accept kurrentdb:// or kdb://)',
      ]);
    },
  );

  it('refuses a string the client cannot parse, with the parser’s reason', () => {
    const [problem] = problemsFor('esdb://eventstore:port');
    expect(problem).toMatch(/^EVENTSTORE_CONNECTION_STRING: is not a valid EventStoreDB connection string: /);
  });

  it('given it blank, then the embedded SQLite store is used', () => {
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: '', DATA_DIR: '/tmp/x' }).eventStore).toEqual({ kind: 'sqlite', file: '/tmp/x/events.sqlite' });
  });
});
