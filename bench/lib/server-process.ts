import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../common/project-root';
import { freePort } from './child-server';

/** `ADMIN_API_KEY` of every spawned server, so tests and scripts can call the admin routes. */
export const PROCESS_ADMIN_KEY = 'process-admin-key-0123456789abcdef';
/** Widget token key shared by every spawned server (instances behind one load balancer share it). */
export const PROCESS_WEBCHAT_SECRET = 'process-webchat-secret-0123456789abcdef';

/** Options of {@link ServerProcess.start}. */
export interface ServerProcessOptions {
  /** `sqlite:<path>` or `postgres://…`, passed as `DATABASE_URL`. */
  databaseUrl: string;
  /** Extra environment (e.g. `AGENT_TIMEOUT_S`); overrides the defaults. */
  env?: Record<string, string>;
  /** Port to listen on; a free one of 127.0.0.1 when omitted. */
  port?: number;
  /** How long to wait for `/healthz`, in ms (startup loads the NLU model and the KB). */
  readyTimeoutMs?: number;
}

/** How a server process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const OUTPUT_KEEP_CHARS = 16_384;

/**
 * The command that runs the real server entry (`bot/main.ts`): through tsx when this file runs
 * as TypeScript, the compiled `dist/bot/main.js` otherwise.
 */
export function serverCommand(): string[] {
  if (__filename.endsWith('.ts')) return ['--import', 'tsx', path.join(projectRoot, 'bot', 'main.ts')];
  const compiled = path.join(projectRoot, 'dist', 'bot', 'main.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} not found: run npm run build`);
  return [compiled];
}

/**
 * The real support-bot server as a child process (`node bot/main.ts`), for tests that crash it
 * with `kill -9`, stop it with SIGTERM, or run several instances on one database.
 */
export class ServerProcess {
  private output = '';
  private exitInfo?: ProcessExit;
  /** Resolves when the process has ended. */
  readonly exited: Promise<ProcessExit>;

  private constructor(
    private readonly child: ChildProcess,
    /** Base URL, always on 127.0.0.1. */
    readonly url: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_KEEP_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  /** Spawns the server and resolves once `GET /healthz` answers 200. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const port = options.port ?? (await freePort());
    const child = spawn(process.execPath, serverCommand(), {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ADMIN_API_KEY: PROCESS_ADMIN_KEY,
        WEBCHAT_SECRET: PROCESS_WEBCHAT_SECRET,
        RATE_LIMIT_CONVERSATION_PER_MIN: '0',
        RATE_LIMIT_WIDGET_PER_MIN: '0',
        ...options.env,
      },
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    try {
      await server.waitHealthy(options.readyTimeoutMs ?? 120_000);
    } catch (error) {
      server.kill('SIGKILL');
      await server.exited;
      throw error;
    }
    return server;
  }

  /** The process id. */
  get pid(): number {
    return this.child.pid as number;
  }

  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  get recentOutput(): string {
    return this.output;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Sends a signal (`SIGKILL` is `kill -9`: no cleanup of any kind runs). */
  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Kills the process with SIGKILL unless it already ended, and waits for it. */
  async dispose(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited;
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`server exited during startup (${JSON.stringify(this.exitInfo)}):\n${this.output}`);
      }
      const healthy = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) })
        .then((res) => res.status === 200)
        .catch(() => false);
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`server not healthy within ${timeoutMs} ms:\n${this.output}`);
  }
}
