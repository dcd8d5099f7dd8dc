// The dashboard's only way to the catalog: the public GraphQL API, POST /graphql on this origin.
// A 401 (UNAUTHENTICATED) answer asks the operator for a token and tries again with it.

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; suggestions?: string[]; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly errors: GraphQLErrorShape[],
  ) {
    super(message);
  }
}

/** Which token a request needs: reads take the read token (or the admin token), writes the admin token. */
export type TokenKind = "read" | "admin";

const STORAGE = { read: "modelgraph.readToken", admin: "modelgraph.adminToken" } as const;

export const tokens = {
  get(kind: TokenKind): string | null {
    return sessionStorage.getItem(STORAGE[kind]);
  },
  /** The token sent with a request of this kind. */
  forRequest(kind: TokenKind): string | null {
    return kind === "admin" ? tokens.get("admin") : (tokens.get("read") ?? tokens.get("admin"));
  },
  set(kind: TokenKind, value: string): void {
    sessionStorage.setItem(STORAGE[kind], value);
    listeners.forEach((listener) => listener());
  },
  clear(): void {
    sessionStorage.removeItem(STORAGE.read);
    sessionStorage.removeItem(STORAGE.admin);
    listeners.forEach((listener) => listener());
  },
};

const listeners = new Set<() => void>();
/** Called whenever a token is set or cleared (the subscription client reconnects with it). */
export function onTokenChange(listener: () => void): void {
  listeners.add(listener);
}

let pending: Promise<string | null> | null = null;

/**
 * Asks for a token in the page's dialog; resolves with it, or null when the operator cancels.
 * Requests refused at the same time share one prompt.
 */
export function askForToken(kind: TokenKind, reason: string): Promise<string | null> {
  pending ??= new Promise<string | null>((resolve) => {
    const dialog = document.getElementById("token-dialog") as HTMLDialogElement;
    const input = document.getElementById("token-input") as HTMLInputElement;
    document.getElementById("token-reason")!.textContent =
      (kind === "admin" ? "This change needs the admin token (MODELGRAPH_ADMIN_TOKEN). " : "Reading needs the read token (MODELGRAPH_READ_TOKEN) or the admin token. ") +
      `The server said: ${reason}`;
    dialog.dataset.kind = kind;
    input.value = "";
    dialog.addEventListener(
      "close",
      () => {
        pending = null;
        const value = input.value.trim();
        input.value = "";
        if (dialog.returnValue === "save" && value !== "") {
          tokens.set(kind, value);
          resolve(value);
        } else resolve(null);
      },
      { once: true },
    );
    dialog.showModal();
    input.focus();
  });
  return pending;
}

function isWrite(query: string): boolean {
  return /^\s*(?:#[^\n]*\n\s*)*mutation\b/.test(query);
}

/**
 * Runs one operation; resolves with its data, or throws an ApiError carrying the first error's
 * message and code (all errors in `errors`).
 */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const kind: TokenKind = isWrite(query) ? "admin" : "read";
  for (;;) {
    const token = tokens.forRequest(kind);
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    let body: { data?: T | null; errors?: GraphQLErrorShape[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new ApiError(`the server answered ${response.status} without a GraphQL response`, undefined, []);
    }
    const errors = body.errors ?? [];
    const first = errors[0];
    if (response.status === 401 || first?.extensions?.code === "UNAUTHENTICATED") {
      const given = await askForToken(kind, first?.message ?? `HTTP ${response.status}`);
      if (given !== null) continue;
    }
    if (first) throw new ApiError(errors.map((error) => error.message).join("; "), first.extensions?.code, errors);
    if (!response.ok || body.data === undefined || body.data === null) throw new ApiError(`the server answered ${response.status}`, undefined, []);
    return body.data;
  }
}
