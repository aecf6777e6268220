import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** How to start a server process. */
export interface ChildServerOptions {
  /** Name used in error messages. */
  name: string;
  /** Node arguments: loader flags (if any) and the entry file. */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Extra CPU-profile directory: runs the child with `--cpu-prof` into it. */
  cpuProfDir?: string;
  startTimeoutMs?: number;
}

/** Resident-memory figures of a process from `/proc/<pid>/status`, in MB. */
export interface MemorySample {
  rssMb: number;
  peakRssMb: number;
}

const TAIL_LINES = 40;
/** USER_HZ: Linux reports /proc CPU times in 1/100 s on every architecture Node runs on. */
const CLOCK_TICKS_PER_S = 100;

/** A free TCP port on 127.0.0.1 (bound and released; the child binds it right after). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A server under test in a child process of its own: started on a chosen port, awaited until it
 * answers HTTP, sampled through /proc, and stopped with SIGTERM. Its output is kept as a short
 * tail for error messages, and error-level log lines are counted.
 */
export class ChildServer {
  private child?: ChildProcess;
  private readonly tail: string[] = [];
  /** pino lines at level error or fatal seen on the child's output. */
  errorLines = 0;
  /** The port the child listens on (chosen at start). */
  port = 0;

  constructor(private readonly options: ChildServerOptions) {}

  /** The base URL on 127.0.0.1. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The child's process id. */
  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error(`${this.options.name}: not started`);
    return pid;
  }

  /** Spawns the process on a free port and waits until it answers an HTTP request. */
  async start(): Promise<void> {
    this.port = await freePort();
    const profArgs = this.options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${this.options.cpuProfDir}`] : [];
    const child = spawn(process.execPath, [...profArgs, ...this.options.args], {
      cwd: this.options.cwd,
      env: { ...this.options.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        if (/"level":(50|60)/.test(line)) this.errorLines++;
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await this.waitUntilAnswering(this.options.startTimeoutMs ?? 90_000);
  }

  /** Current and peak resident set size of the child (VmRSS, VmHWM). */
  memory(): MemorySample {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 };
  }

  /**
   * CPU time the child has used so far (user + system, all threads, so SQLite's work on the
   * libuv pool counts too), in ms, from `/proc/<pid>/stat`.
   */
  cpuMs(): number {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  }

  /** The last lines the child printed. */
  output(): string {
    return this.tail.join('\n');
  }

  /** SIGTERM, then SIGKILL after 15 s; resolves when the process has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const child = this.child;
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        throw new Error(`${this.options.name} exited during start (code ${child.exitCode}):\n${this.output()}`);
      }
      if (await answers(this.url)) return;
      if (Date.now() > deadline) throw new Error(`${this.options.name} did not answer within ${timeoutMs} ms:\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
  });
}
