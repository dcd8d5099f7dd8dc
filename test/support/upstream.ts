import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type UpstreamMode =
  | "ok"
  | "hang"
  | "fail500"
  | "auth401"
  | "rate429"
  | "malformed"
  | "empty"
  | "huge"
  | "no-list"
  | "redirect-other-host"
  | "redirect-same-host";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) that answers like an LLM API (OpenAI, Anthropic,
 * Gemini and Ollama list routes, chat completions), counts what it receives, and can be switched
 * to slow, failing, hanging or malformed answers.
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  mode: UpstreamMode = "ok";
  delayMs = 0;
  /** Requests being answered right now, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    public models: string[],
  ) {
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(models: string[] = [], options: { delayMs?: number } = {}): Promise<FakeUpstream> {
    let upstream: FakeUpstream;
    const server = createServer((req, res) => void upstream.handle(req, res));
    upstream = new FakeUpstream(server, models);
    upstream.delayMs = options.delayMs ?? 0;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return upstream;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Base URL of the OpenAI-style API (`…/v1`). */
  get base(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get count(): number {
    return this.requests.length;
  }

  reset(): void {
    this.requests.length = 0;
    this.maxInFlight = this.inFlight;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on("close", () => this.inFlight--);
    let body = "";
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? "/", this.origin);
    this.requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, headers: req.headers, body });
    if (this.mode === "hang") return; // never answers; close() destroys the socket
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    switch (this.mode) {
      case "fail500":
        return json(500, { error: { message: "internal error" } });
      case "auth401":
        return json(401, { error: { message: "invalid api key" } });
      case "rate429":
        return json(429, { error: { message: "rate limited" } });
      case "malformed":
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end("{ this is not json");
      case "empty":
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end();
      case "huge": {
        res.writeHead(200, { "content-type": "application/json" });
        const filler = JSON.stringify({ id: "x".repeat(1000) });
        res.write('{"data":[');
        for (let i = 0; i < 3000 && !res.destroyed; i++) res.write((i ? "," : "") + filler);
        return void res.end("]}");
      }
      case "no-list":
        return json(200, { object: "list", items: this.models });
      case "redirect-other-host":
        res.writeHead(302, { location: `http://localhost:${this.port}${url.pathname}` });
        return void res.end();
      case "redirect-same-host":
        if (!url.pathname.startsWith("/moved")) {
          res.writeHead(307, { location: `/moved${url.pathname}` });
          return void res.end();
        }
        url.pathname = url.pathname.slice("/moved".length);
        break;
      case "ok":
        break;
    }
    const path = url.pathname;
    if (req.method === "GET" && path.endsWith("/api/tags")) return json(200, { models: this.models.map((name) => ({ name, model: name })) });
    if (req.method === "GET" && path.endsWith("/v1beta/models")) return json(200, { models: this.models.map((m) => ({ name: `models/${m}` })) });
    if (req.method === "GET" && path.endsWith("/models")) return json(200, { object: "list", data: this.models.map((id) => ({ id, object: "model" })) });
    if (req.method === "POST" && (path.endsWith("/chat/completions") || path.endsWith("/v1/messages"))) {
      const model = (JSON.parse(body || "{}") as { model?: string }).model;
      if (!model || !this.models.includes(model)) return json(404, { error: { message: `model ${model} not found` } });
      return json(200, { id: "cmpl-1", choices: [{ message: { role: "assistant", content: "p" } }] });
    }
    return json(404, { error: { message: `no route ${path}` } });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
