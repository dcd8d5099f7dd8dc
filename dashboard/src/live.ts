// Health and catalog changes without a reload: `healthChanged` and `catalogChanged` over graphql-ws
// on this origin's /graphql. While the socket is refused (a server without subscriptions, a proxy
// that drops upgrades) or a subscription is, the page re-reads every few seconds instead, and says
// which mode is on.
import { createClient, type Client } from "graphql-ws/client";
import { onTokenChange, tokens } from "./api.ts";
import { CATALOG_CHANGED, HEALTH_CHANGED } from "./operations.ts";

export type LiveMode = "connecting" | "live" | "polling";
type Why = "health" | "catalog";

export interface LiveEvents {
  /** Something may have changed: re-read what is shown. */
  changed(why: Why | "poll"): void;
  /** `detail` says what is live and what is re-read. */
  mode(mode: LiveMode, detail: string): void;
}

export const POLL_MS = 5_000;
const RESUBSCRIBE_MS = 30_000;

const SUBSCRIPTIONS: Record<Why, string> = { health: HEALTH_CHANGED, catalog: CATALOG_CHANGED };

function socketUrl(): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
}

export function startLive(events: LiveEvents): void {
  let client: Client | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let socket: { open: boolean; detail: string } = { open: false, detail: "connecting to the WebSocket" };
  /** Why a subscription is not running (absent: it is). */
  const refused = new Map<Why, string>();

  const update = () => {
    let mode: LiveMode;
    let detail: string;
    if (!socket.open) {
      mode = socket.detail.startsWith("connecting") ? "connecting" : "polling";
      detail = `${socket.detail}; re-reading every ${POLL_MS / 1000} s`;
    } else if (refused.size > 0) {
      mode = "polling";
      detail = [...refused].map(([why, reason]) => `${why} changes refused (${reason})`).join("; ") + `; re-reading every ${POLL_MS / 1000} s`;
      const live = (Object.keys(SUBSCRIPTIONS) as Why[]).filter((why) => !refused.has(why));
      if (live.length) detail = `${live.join(" and ")} changes live; ${detail}`;
    } else {
      mode = "live";
      detail = "health and catalog changes arrive over the WebSocket";
    }
    // Until the socket is up (and while it is down) the page re-reads on its own.
    if (mode === "live") {
      clearInterval(poll);
      poll = undefined;
    } else if (poll === undefined) {
      poll = setInterval(() => events.changed("poll"), POLL_MS);
    }
    events.mode(mode, detail);
  };

  const subscribe = (why: Why, owner: Client) => {
    owner.subscribe(
      { query: SUBSCRIPTIONS[why] },
      {
        next: (result) => {
          if (!result.errors?.length) events.changed(why);
        },
        // Refused by the server (a schema without the field, a close it calls fatal): poll for
        // it, and ask again later.
        error: (error) => {
          if (client !== owner) return;
          refused.set(why, describe(error));
          update();
          setTimeout(() => {
            if (client !== owner) return;
            refused.delete(why);
            subscribe(why, owner);
          }, RESUBSCRIBE_MS);
        },
        complete: () => undefined,
      },
    );
  };

  const connect = () => {
    void client?.dispose();
    refused.clear();
    const owner = createClient({
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
      connectionAckWaitTimeout: 10_000,
      onNonLazyError: () => undefined,
      on: {
        connected: () => {
          if (client !== owner) return;
          socket = { open: true, detail: "connected" };
          update();
          // Whatever changed while the socket was down is read once now.
          events.changed("poll");
        },
        closed: (event) => {
          if (client !== owner) return;
          socket = { open: false, detail: `WebSocket closed (${describe(event)})` };
          update();
        },
      },
    });
    client = owner;
    socket = { open: false, detail: "connecting to the WebSocket" };
    update();
    for (const why of Object.keys(SUBSCRIPTIONS) as Why[]) subscribe(why, owner);
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
