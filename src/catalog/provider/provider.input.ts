import { Field, InputType } from "type-graphql";
import type { CreateProviderData, UpdateProviderData } from "./provider.service.ts";

@InputType("CreateProviderInput")
export class CreateProviderInput implements CreateProviderData {
  @Field(_type => String, { description: "Slug: lower-case letters, digits, '_' and '-'; no '/'." })
  name!: string;

  @Field(_type => String, { description: "A ProviderType id (see providerTypes)." })
  type!: string;

  @Field(_type => String, { nullable: true, description: "Overrides the type's default API base." })
  apiBase?: string | null;

  @Field(_type => String, { nullable: true, description: "Name of the environment variable holding the key (os.environ/NAME accepted)." })
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
}
