import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const BIN = join(new URL("../..", import.meta.url).pathname, "bin/modelgraph.js");

export interface ServeProcess {
  url: string;
  /** The child (to signal it: SIGKILL, SIGSTOP, SIGCONT). */
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `modelgraph serve --port 0 --db FILE --health-interval 0` as a child process (`healthInterval`
 * seconds instead of 0 turns the sweeper on); resolves once its log says where it listens
 * (`ready` must capture the base URL).
 */
export function serveProcess(
  dbPath: string,
  options: { cwd: string; env?: NodeJS.ProcessEnv; ready?: RegExp; children?: Set<ChildProcess>; timeoutMs?: number; healthInterval?: number },
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", dbPath, "--health-interval", String(options.healthInterval ?? 0)], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  options.children?.add(child);
  const ready = options.ready ?? /modelgraph listening on (http:\/\/[^/\s]+)\/graphql/;
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        child,
        output: () => output,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once("exit", (code) => done(code));
            child.kill("SIGCONT"); // a stopped child would not see SIGTERM until continued
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}
