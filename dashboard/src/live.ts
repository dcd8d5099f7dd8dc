// Health and catalog changes without a reload: `healthChanged` and `catalogChanged` over graphql-ws
// on this origin's /graphql. While the socket is refused (a server without subscriptions, a proxy
// that drops upgrades) the page re-reads every few seconds instead, and says which mode is on.
import { createClient, type Client } from "graphql-ws/client";
import { onTokenChange, tokens } from "./api.ts";
import { CATALOG_CHANGED, HEALTH_CHANGED } from "./operations.ts";

export type LiveMode = "connecting" | "live" | "polling";

export interface LiveEvents {
  /** Something may have changed: re-read what is shown. `why` is "health", "catalog" or "poll". */
  changed(why: "health" | "catalog" | "poll"): void;
  mode(mode: LiveMode, detail: string): void;
}

export const POLL_MS = 5_000;
const RESUBSCRIBE_MS = 30_000;

function socketUrl(): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
}

export function startLive(events: LiveEvents): void {
  let client: Client | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let subscribed = 0;
  let mode: LiveMode | undefined;

  const setMode = (next: LiveMode, detail: string) => {
    mode = next;
    events.mode(next, detail);
    if (next === "live") {
      clearInterval(poll);
      poll = undefined;
    } else if (next === "polling" && poll === undefined) {
      poll = setInterval(() => events.changed("poll"), POLL_MS);
    }
  };

  const subscribe = (query: string, why: "health" | "catalog") => {
    client!.subscribe(
      { query },
      {
        next: (result) => {
          if (!result.errors?.length) events.changed(why);
        },
        error: (error) => {
          // Refused by the server (a schema without the field, a close it calls fatal): poll, and
          // try again later.
          subscribed--;
          setMode("polling", `subscriptions refused: ${describe(error)}`);
          const current = client;
          setTimeout(() => {
            if (client === current) {
              subscribed++;
              subscribe(query, why);
            }
          }, RESUBSCRIBE_MS);
        },
        complete: () => undefined,
      },
    );
    subscribed++;
  };

  const connect = () => {
    void client?.dispose();
    setMode(mode === "polling" ? "polling" : "connecting", "connecting to the WebSocket");
    subscribed = 0;
    client = createClient({
      url: socketUrl(),
      lazy: false,
      connectionParams: () => {
        const token = tokens.forRequest("read");
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((done) => setTimeout(done, Math.min(1_000 * 2 ** retries, 15_000))),
      keepAlive: 15_000,
      onNonLazyError: () => undefined,
      on: {
        connected: () => {
          if (subscribed > 0) setMode("live", "updates arrive over the WebSocket");
          // Whatever changed while the socket was down is read once now.
          events.changed("poll");
        },
        closed: (event) => setMode("polling", `WebSocket closed (${describe(event)}); re-reading every ${POLL_MS / 1000} s`),
      },
    });
    subscribe(HEALTH_CHANGED, "health");
    subscribe(CATALOG_CHANGED, "catalog");
  };

  onTokenChange(connect);
  connect();
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e) => (e as { message?: string }).message ?? String(e)).join("; ");
  if (error && typeof error === "object" && "code" in error) {
    const close = error as { code: number; reason?: string };
    return close.reason ? `${close.code}: ${close.reason}` : `code ${close.code}`;
  }
  return error instanceof Error ? error.message : String(error);
}
