/**
 * The peer of the read benchmark, run in its own process: Apollo Server 5 on Fastify 5
 * (@as-integrations/fastify), resolvers reading plain in-memory maps that hold what modelgraph
 * answered for every alias. It is what the same stack does when the data is already in memory:
 * no storage, no loaders, no limits, no cache.
 *
 * Usage: node --import tsx bench/read-peer.ts DATA.json — prints "peer on PORT" when listening.
 */
import { ApolloServer } from "@apollo/server";
import fastifyApollo from "@as-integrations/fastify";
import Fastify from "fastify";
import { readFileSync } from "node:fs";

export interface PeerAlias {
  cursor: string;
  name: string;
  provider: { name: string } | null;
  prefixedId: string | null;
  health: string;
  deployments: { prefixedId: string; provider: { name: string } }[];
}

const typeDefs = /* GraphQL */ `
  enum HealthStatus { UNKNOWN HEALTHY DEGRADED UNHEALTHY }
  type Provider { name: String! }
  type Deployment { prefixedId: String! provider: Provider! }
  type Alias { name: String! provider: Provider prefixedId: String health: HealthStatus! deployments: [Deployment!]! }
  type AliasEdge { cursor: String! node: Alias! }
  type PageInfo { endCursor: String hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String }
  type AliasConnection { edges: [AliasEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Query {
    alias(name: String!): Alias
    aliases(first: Int, after: String, includeHidden: Boolean! = false): AliasConnection!
  }
`;

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error("usage: read-peer.ts DATA.json");
  const list = JSON.parse(readFileSync(file, "utf8")) as PeerAlias[];
  const byName = new Map(list.map((a) => [a.name, a]));
  const indexOfCursor = new Map(list.map((a, i) => [a.cursor, i]));

  const resolvers = {
    Query: {
      alias: (_: unknown, args: { name: string }) => byName.get(args.name) ?? null,
      aliases: (_: unknown, args: { first?: number | null; after?: string | null }) => {
        const first = args.first ?? 50;
        const start = args.after != null ? (indexOfCursor.get(args.after) ?? -1) + 1 : 0;
        const items = list.slice(start, start + first);
        return {
          edges: items.map((node) => ({ cursor: node.cursor, node })),
          pageInfo: {
            startCursor: items[0]?.cursor ?? null,
            endCursor: items.at(-1)?.cursor ?? null,
            hasNextPage: start + first < list.length,
            hasPreviousPage: start > 0,
          },
          totalCount: list.length,
        };
      },
    },
  };

  const apollo = new ApolloServer({ typeDefs, resolvers });
  await apollo.start();
  const app = Fastify({ logger: false });
  await app.register(fastifyApollo(apollo), { path: "/graphql" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  console.log(`peer on ${typeof address === "object" && address ? address.port : address}`);
  // An exit, not the signal's default, so that `node --cpu-prof` writes its profile.
  process.once("SIGTERM", () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
