// knex ships its dialect classes without type declarations; these are the parts we extend.
declare module 'knex/lib/dialects/sqlite3/index.js' {
  import type { Knex } from 'knex';
  class Client_SQLite3 extends Knex.Client {
    transaction(...args: unknown[]): unknown;
  }
  export default Client_SQLite3;
}

declare module 'knex/lib/dialects/sqlite3/execution/sqlite-transaction.js' {
  class Transaction_Sqlite {
    constructor(...args: unknown[]);
    query(conn: unknown, sql: string): Promise<unknown>;
    begin(conn: unknown): Promise<unknown>;
  }
  export default Transaction_Sqlite;
}
