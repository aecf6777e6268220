/**
 * libuv's thread pool runs node-sqlite3's statements (and DNS lookups, file reads, zlib). It
 * gets 2 threads unless `UV_THREADPOOL_SIZE` is set. SQLite runs one statement of a connection
 * at a time, so Node's default of 4 threads only made the statements of a group-commit batch
 * queue on the connection's mutex, each hand-over waking a thread: at concurrency 32, 2
 * threads gave ~6 % more turns per second (docs/benchmarks-turns.md). The second thread keeps a
 * lookup or file read from waiting behind a long query.
 *
 * Imported first by bot/main.ts: libuv reads the variable once, when the pool first starts.
 */
const DEFAULT_THREADS = '2';

if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = DEFAULT_THREADS;
