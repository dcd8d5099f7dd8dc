import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { show } from "../../../catalog/validation.ts";
import type { AliasRow, ModelGroupRow } from "../../../db/schema.ts";
import { BadUserInputError } from "../../../errors.ts";
import { UNKNOWN_ACTOR } from "../../../history/actor.ts";
import type { ChangeRecord, ChangeSetRecord } from "../../../history/history.service.ts";
import { changeId, changeSetId, parseHistoryId, type HistoryTarget } from "../../../history/ids.ts";
import { Alias } from "../alias/alias.type.ts";
import type { Context } from "../context.ts";
import { toGlobalId, type NodeTypeName } from "../global-id.ts";
import { ModelGroup } from "../group/group.type.ts";
import { PageArgs, toConnection } from "../relay.ts";
import {
  Change,
  ChangeAction,
  ChangeConnection,
  ChangeEntity,
  ChangeSet,
  ChangeSource,
  ChangesArgs,
  fromChangeEntity,
  RevertChangePayload,
  toChangeAction,
  toChangeEntity,
  toChangeSource,
} from "./history.type.ts";


function target(id: string, accept: "change" | "set" | "either"): HistoryTarget {
  const parsed = parseHistoryId(id);
  const expected = accept === "change" ? "a Change" : accept === "set" ? "a ChangeSet" : "a Change or a ChangeSet";
  if (!parsed || (accept === "change" && parsed.kind !== "change") || (accept === "set" && parsed.kind !== "set")) {
    throw new BadUserInputError(`id ${show(id)} is not the id of ${expected}; use the id field of ${expected} as returned by the API (changes, Alias.history, Change.changeSet)`, {
      field: "id",
    });
  }
  return parsed;
}

const NODE_TYPES: Partial<Record<ChangeRecord["entity"], NodeTypeName>> = { provider: "Provider", group: "ModelGroup", deployment: "Deployment", alias: "Alias" };

@Resolver(_of => Change)
export class ChangeResolver {
  @Query(_returns => ChangeConnection, { description: "Every recorded change, newest first (retention: MODELGRAPH_HISTORY_DAYS, default 90 days)." })
  async changes(@Args(_type => ChangesArgs) args: ChangesArgs, @Ctx() ctx: Context) {
    const entity = args.entity != null ? fromChangeEntity(args.entity) : null;
    return toConnection(await ctx.catalog.history.page({ name: args.name, entity }, args));
  }

  @Query(_returns => Change, { nullable: true })
  async change(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): Promise<ChangeRecord | null> {
    const t = target(id, "change") as { kind: "change"; seq: number };
    return (await ctx.catalog.history.change(t.seq)) ?? null;
  }

  @Mutation(_returns => RevertChangePayload, {
    description:
      "Undoes one change (a Change id) or a whole change set (a ChangeSet id: an import, a mutation) as a new change set with source REVERT. Refused (CONFLICT) when something changed the same entity since, naming that change, or when it was reverted already.",
  })
  async revertChange(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context) {
    const history = ctx.catalog.history;
    const { setId, warnings, version } = await history.revert(target(id, "either"));
    return { changeSet: (await history.changeSet(setId))!, warnings, version };
  }

  @FieldResolver(_returns => ID)
  id(@Root() c: ChangeRecord): string {
    return changeId(c.seq);
  }

  @FieldResolver(_returns => String)
  actor(@Root() c: ChangeRecord): string {
    return c.changeSet?.actor ?? UNKNOWN_ACTOR;
  }

  @FieldResolver(_returns => ChangeSource, { nullable: true })
  source(@Root() c: ChangeRecord): ChangeSource | null {
    return c.changeSet ? toChangeSource(c.changeSet.source) : null;
  }

  @FieldResolver(_returns => ChangeEntity)
  entity(@Root() c: ChangeRecord): ChangeEntity {
    return toChangeEntity(c.entity);
  }

  @FieldResolver(_returns => ID)
  entityId(@Root() c: ChangeRecord): string {
    const type = NODE_TYPES[c.entity];
    return type ? toGlobalId(type, Number(c.entityId)) : c.entityId;
  }

  @FieldResolver(_returns => ChangeAction)
  action(@Root() c: ChangeRecord): ChangeAction {
    return toChangeAction(c.action);
  }

  @FieldResolver(_returns => ChangeSet, { nullable: true, description: "The write it was part of; null when the writer named none." })
  changeSet(@Root() c: ChangeRecord): ChangeSetRecord | null {
    return c.changeSet;
  }

  @FieldResolver(_returns => ChangeSet, { nullable: true, description: "The newest change set that reverted this change (alone, or its whole set)." })
  async revertedBy(@Root() c: ChangeRecord, @Ctx() ctx: Context): Promise<ChangeSetRecord | null> {
    return c.revertedBy === null ? null : ((await ctx.catalog.history.changeSet(c.revertedBy)) ?? null);
  }
}

@Resolver(_of => ChangeSet)
export class ChangeSetResolver {
  @Query(_returns => ChangeSet, { nullable: true })
  async changeSet(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): Promise<ChangeSetRecord | null> {
    const t = target(id, "set") as { kind: "set"; id: number };
    return (await ctx.catalog.history.changeSet(t.id)) ?? null;
  }

  @FieldResolver(_returns => ID)
  id(@Root() s: ChangeSetRecord): string {
    return changeSetId(s.id);
  }

  @FieldResolver(_returns => ChangeSource)
  source(@Root() s: ChangeSetRecord): ChangeSource {
    return toChangeSource(s.source);
  }

  @FieldResolver(_returns => Int, { description: "How many rows it wrote (that the history still keeps)." })
  changeCount(@Root() s: ChangeSetRecord, @Ctx() ctx: Context): Promise<number> {
    return ctx.catalog.history.countOfSet(s.id);
  }

  @FieldResolver(_returns => ChangeConnection, { description: "The rows it wrote, in the order it wrote them." })
  async changes(@Root() s: ChangeSetRecord, @Args(_type => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await ctx.catalog.history.changesOfSet(s.id, page));
  }

  @FieldResolver(_returns => ChangeSet, { nullable: true, description: "For a REVERT of a whole set: the set it undid." })
  async reverts(@Root() s: ChangeSetRecord, @Ctx() ctx: Context): Promise<ChangeSetRecord | null> {
    return s.revertsSet === null ? null : ((await ctx.catalog.history.changeSet(s.revertsSet)) ?? null);
  }

  @FieldResolver(_returns => Change, { nullable: true, description: "For a REVERT of one change: the change it undid." })
  async revertsChange(@Root() s: ChangeSetRecord, @Ctx() ctx: Context): Promise<ChangeRecord | null> {
    return s.revertsChange === null ? null : ((await ctx.catalog.history.change(s.revertsChange)) ?? null);
  }

  @FieldResolver(_returns => ChangeSet, { nullable: true, description: "The newest change set that reverted this whole set." })
  async revertedBy(@Root() s: ChangeSetRecord, @Ctx() ctx: Context): Promise<ChangeSetRecord | null> {
    const history = ctx.catalog.history;
    const id = await history.revertedBy(s.id);
    return id === null ? null : ((await history.changeSet(id)) ?? null);
  }
}

@Resolver(_of => Alias)
export class AliasHistoryResolver {
  @FieldResolver(_returns => ChangeConnection, { description: "The changes of this alias, newest first, under any name it had." })
  async history(@Root() row: AliasRow, @Args(_type => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await ctx.catalog.history.page({ entity: "alias", entityId: String(row.id) }, page));
  }
}

@Resolver(_of => ModelGroup)
export class ModelGroupHistoryResolver {
  @FieldResolver(_returns => ChangeConnection, { description: "The changes of this group and of its deployments, newest first, under any name it had." })
  async history(@Root() row: ModelGroupRow, @Args(_type => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await ctx.catalog.history.page({ groupId: row.id }, page));
  }
}

