/**
 * An OpenAI-style upstream on 127.0.0.1 for the probe-schedule tests: `/e<n>/v1/models` (and chat
 * completions) for any n, recording which server (by its `Bearer key-<name>`) asked for which
 * endpoint when, and holding a server's requests unanswered on demand (a probe in flight).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Hit {
  endpoint: string;
  /** The server, by the key its environment gave it (`key-A` → "A"). */
  server: string;
  at: number;
}

export class RecordingUpstream {
  readonly hits: Hit[] = [];
  /** Servers whose requests are held unanswered until release(). */
  readonly hold = new Set<string>();
  readonly held: { hit: Hit; res: ServerResponse }[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<RecordingUpstream> {
    let upstream: RecordingUpstream;
    const server = createServer((req, res) => void upstream.handle(req, res));
    upstream = new RecordingUpstream(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return upstream;
  }

  base(i: number): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/e${i}/v1`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const _ of req); // the body is not needed
    const at = Date.now();
    const path = req.url ?? "";
    const endpoint = /^\/e(\d+)\/v1\/(models|chat\/completions)$/.exec(path);
    const server = /^Bearer key-(\w+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "?";
    const hit = { endpoint: endpoint ? `e${endpoint[1]}` : path, server, at };
    this.hits.push(hit);
    if (this.hold.has(server)) {
      this.held.push({ hit, res });
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    if (endpoint?.[2] === "models") res.end(JSON.stringify({ object: "list", data: [{ id: "m" }, { id: "m2" }] }));
    else res.end(JSON.stringify({ id: "c", choices: [{ message: { role: "assistant", content: "p" } }] }));
  }

  /** Answers every held request with a 503 (a marker: nothing else answers so). */
  release(): void {
    this.hold.clear();
    for (const { res } of this.held.splice(0)) {
      if (res.destroyed) continue;
      res.writeHead(503, { "content-type": "application/json" });
      res.end('{"error":"held"}');
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
