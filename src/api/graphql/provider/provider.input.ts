import { Field, InputType } from "type-graphql";
import type { CreateProviderData, UpdateProviderData } from "../../../catalog/provider/provider.service.ts";

@InputType("CreateProviderInput")
export class CreateProviderInput implements CreateProviderData {
  @Field(_type => String, { description: "Slug: lower-case letters, digits, '_' and '-'; no '/'." })
  name!: string;

  @Field(_type => String, { description: "A ProviderType id (see providerTypes)." })
  type!: string;

  @Field(_type => String, { nullable: true, description: "Overrides the type's default API base." })
  apiBase?: string | null;

  @Field(_type => String, {
    nullable: true,
    description:
      "Name of the environment variable holding the key (os.environ/NAME accepted): upper case; not one of modelgraph's own (MODELGRAPH_*, PORT, HOST, NODE_ENV); a built-in type's key variable, a name with a part ending in KEY, TOKEN, SECRET, PASSWORD or CREDENTIALS, or one starting with a built-in provider's family (AZURE_…).",
  })
  apiKeyEnv?: string | null;

  @Field(_type => String, { nullable: true, description: "A literal key: write-only, never read back." })
  apiKey?: string | null;

  @Field(_type => String, { nullable: true })
  displayName?: string | null;
}

@InputType("UpdateProviderInput")
export class UpdateProviderInput implements UpdateProviderData {
  @Field(_type => String, { nullable: true, description: "Renames the provider." })
  name?: string | null;

  @Field(_type => String, { nullable: true })
  type?: string | null;

  @Field(_type => String, { nullable: true, description: "null clears it (the type's default applies)." })
  apiBase?: string | null;

  @Field(_type => String, { nullable: true, description: "null clears it (the type's default variable applies)." })
  apiKeyEnv?: string | null;

  @Field(_type => String, { nullable: true })
  apiKey?: string | null;

  @Field(_type => String, { nullable: true })
  displayName?: string | null;

  @Field(_type => Boolean, {
    nullable: true,
    description:
      "Required (true) to move apiBase (or type) to another origin while the provider keeps its key (a stored apiKey or an apiKeyEnv) without giving it again in this input: the key is then sent to the new origin.",
  })
  confirmKeyMove?: boolean | null;
}
