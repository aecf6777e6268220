/**
 * libuv's thread pool runs node-sqlite3's statements (and DNS lookups, file reads, zlib). It
 * gets 2 threads unless `UV_THREADPOOL_SIZE` is set. SQLite runs one statement of a connection
 * at a time, so with Node's default of 4 the statements of a group-commit batch only queued on
 * the connection's mutex in the other threads: at concurrency 32, 2 threads gave 6–12 % more
 * turns per second (docs/benchmarks-turns.md). 1 thread measured about the same again, but then
 * one slow DNS lookup (a resolver timeout takes seconds) would hold up every SQLite statement;
 * with 2 it takes two at once (with 4, four). A statement that runs long holds up the others
 * queued behind it, with any number of threads.
 *
 * Imported first by bot/main.ts: libuv reads the variable once, when the pool first starts.
 * That holds for the compiled CommonJS entry (`npm start`); a loader that touches the pool
 * before (`node --import tsx`, some `--require` agents) gets Node's default, so set the
 * variable in the environment to be sure.
 */
const DEFAULT_THREADS = '2';

if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = DEFAULT_THREADS;
