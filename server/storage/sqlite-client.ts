// A knex SQLite client whose transactions start with BEGIN IMMEDIATE.
//
// Why: knex opens SQLite transactions with a deferred BEGIN. A deferred transaction that reads
// and then writes fails with SQLITE_BUSY when another process wrote in between, and busy_timeout
// does not help it. BEGIN IMMEDIATE takes the write lock first (waiting up to busy_timeout), so
// every write transaction, and with it every log append, is serialized across processes that
// share the database file.
import Client_SQLite3 from 'knex/lib/dialects/sqlite3/index.js';
import Transaction_Sqlite from 'knex/lib/dialects/sqlite3/execution/sqlite-transaction.js';

class ImmediateTransaction extends Transaction_Sqlite {
  override begin(conn: unknown): Promise<unknown> {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

export class ImmediateSqliteClient extends Client_SQLite3 {
  override transaction(...args: unknown[]): unknown {
    return new ImmediateTransaction(this, ...args);
  }
}
