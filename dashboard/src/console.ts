// The GraphQL console: GraphiQL bundled with the dashboard (no CDN: it works offline), talking to
// this server's /graphql with the tokens the dashboard holds, subscriptions over graphql-ws.
// A separate entry point, loaded the first time the console is opened.
import "graphiql/style.css";
import { GraphiQL } from "graphiql";
import { getOperationAST, parse } from "graphql";
import { createClient } from "graphql-ws/client";
import { createElement, type ComponentProps } from "react";
import { createRoot, type Root } from "react-dom/client";
import { askForToken, tokens, type TokenKind } from "./api.ts";

type Fetcher = ComponentProps<typeof GraphiQL>["fetcher"];

const DEFAULT_QUERY = `# Runs against this server's /graphql, with the token this tab holds (if any).
# Ctrl-Enter runs it; the Docs button browses the schema.
query Overview {
  healthSummary { deployments healthy degraded unhealthy unknown }
  aliases(first: 10) {
    totalCount
    edges { node { name prefixedId health provider { name } } }
  }
}
`;

const socket = createClient({
  url: `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`,
  connectionParams: () => {
    const token = tokens.forRequest("read");
    return token ? { authorization: `Bearer ${token}` } : {};
  },
});

function operationType(query: string, operationName: string | null | undefined): string | undefined {
  try {
    return getOperationAST(parse(query), operationName ?? undefined)?.operation;
  } catch {
    return undefined; // the server reports the syntax error
  }
}

const fetcher: Fetcher = async (params, options) => {
  const type = operationType(params.query, params.operationName);
  if (type === "subscription") {
    return socket.iterate({ query: params.query, variables: params.variables ?? undefined, operationName: params.operationName ?? undefined }) as never;
  }
  const kind: TokenKind = type === "mutation" ? "admin" : "read";
  for (;;) {
    const token = tokens.forRequest(kind);
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...options?.headers },
      body: JSON.stringify(params),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    // A token typed into the headers editor is the user's business; otherwise ask, as the pages do.
    if ((response.status === 401 || first?.extensions?.code === "UNAUTHENTICATED") && !options?.headers?.authorization) {
      if ((await askForToken(kind, first?.message ?? `HTTP ${response.status}`)) !== null) continue;
    }
    return body as never;
  }
};

let mounted: Root | undefined;

export function mountConsole(element: HTMLElement): void {
  mounted?.unmount();
  mounted = createRoot(element);
  mounted.render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false }));
}
