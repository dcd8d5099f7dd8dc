import fc from "fast-check";
import { GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import type { Catalog } from "../src/catalog/catalog.ts";
import { MODEL_MODES } from "../src/catalog/group/modes.ts";
import { doublePrefixWarning, prefixedId } from "../src/catalog/prefix.ts";
import { PROVIDER_TYPES, type ProviderTypeInfo } from "../src/catalog/provider-types.ts";
import { candidatesOf, compareCandidates, displayOrder, selectCandidate } from "../src/catalog/resolution/select.ts";
import { validateModel, validateProviderName, validatePublicName } from "../src/catalog/validation.ts";
import type { DbHandle } from "../src/db/client.ts";
import type { DeploymentRow } from "../src/db/schema.ts";
import { BadUserInputError, CatalogError } from "../src/errors.ts";
import { HealthStatus } from "../src/health/status.ts";
import type { SnapshotStore } from "../src/read/snapshot-store.ts";
import type { ImportReport, ImportRequest } from "../src/interop/interop.service.ts";
import { nanobotProviderSlug } from "../src/interop/nanobot.ts";
import * as ops from "./generated/graphql.ts";
import { seedDesignExamples } from "./support/seed.ts";
import { dumpDatabase, startTestServer, type TestServer } from "./support/server.ts";

/*
 * Property-based tests (fast-check): name validation, prefixedId, candidate order and selection,
 * and the two import parsers. Random input never crashes, never half-writes, and always ends in
 * a clear error or a valid result. fast-check prints the seed and the shrunk counterexample of a
 * failing property; rerun one with `fc.assert(..., { seed, path })` to reproduce it.
 */

// ---------------------------------------------------------------------------------------------
// Shared arbitraries and oracles

/** Characters a name may hold: letters (incl. non-Latin and an astral emoji), digits, punctuation. */
const SAFE_CHARS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@+/", "é", "ß", "中", "Ω", "ǅ", "😀", "𝔸"];
const safeChar = fc.constantFrom(...SAFE_CHARS);

/** Whitespace, control and invisible format characters: each makes a name invalid. */
const FORBIDDEN_CHARS = [
  " ", "\t", "\n", "\r", "\u000b", "\f", "\u00a0", "\u1680", "\u2000", "\u2007", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
  "\ufeff", "\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f", "\u00ad", "\u0600", "\u061c", "\u180e", "\u200b", "\u200c",
  "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2060", "\u2066", "\u{110bd}", "\u{1d173}", "\u{e0001}", "\u{e007f}",
];
const forbiddenChar = fc.oneof(
  fc.constantFrom(...FORBIDDEN_CHARS),
  fc.integer({ min: 0, max: 0x9f }).filter((cp) => cp < 0x20 || cp >= 0x7f).map((cp) => String.fromCodePoint(cp)),
);

/**
 * The oracle, written independently of the validator: one code point is refused when it is
 * white space (Unicode White_Space or a space separator) or of category Cc, Cf, Zl or Zp.
 */
const REFUSED_CODE_POINT = /^[\p{White_Space}\p{Zs}\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u;
/** Letters and symbols drawn blank (Hangul fillers, blank braille, …): refused too (issue 8, finding 16). */
const BLANK_CODE_POINTS = new Set(["\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f", "\u17b4", "\u17b5", "\u{1d159}"]);
/**
 * `form`: what the validator stores (NFC for public names, the value itself for models); length,
 * blank characters and a leading combining mark are judged on it.
 */
function nameIsAcceptable(value: string, maxCodePoints: number, form: (v: string) => string = (v) => v, innerSpaces = false): boolean {
  const stored = [...form(value)];
  // Public names may hold single spaces between words (`Local LLM`); nothing else white.
  const spacesOk = innerSpaces && (!value.includes(" ") || /^[^ ]+( [^ ]+)*$/.test(value));
  return (
    [...value].every((c) => !REFUSED_CODE_POINT.test(c) || (spacesOk && c === " ")) &&
    stored.length >= 1 &&
    stored.length <= maxCodePoints &&
    stored.every((c) => !BLANK_CODE_POINTS.has(c)) &&
    !/^\p{M}$/u.test(stored[0]!)
  );
}
const nfc = (v: string) => v.normalize("NFC");
/** Keys a config file refuses (issue 8, finding 24), so names may not be them either. */
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

/** Any string a user could type or paste, well-formed UTF-16 (lone surrogates: see the storage property). */
const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "grapheme-composite", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "binary-ascii", maxLength: 30 }),
  fc.string({ unit: fc.oneof({ weight: 6, arbitrary: safeChar }, { weight: 1, arbitrary: forbiddenChar }), maxLength: 40 }),
  fc.string({ unit: safeChar, minLength: 250, maxLength: 270 }),
  fc.string({ unit: safeChar, minLength: 505, maxLength: 520 }),
);

/** A valid public name / model: 1–max code points from the safe alphabet. */
/** Names every validator accepts (the reserved config keys aside: see RESERVED). */
const validName = (max = 40) => fc.string({ unit: safeChar, minLength: 1, maxLength: max }).filter((n) => !RESERVED.has(n));

/** Thrown `error` is the catalog's BAD_USER_INPUT (and nothing else). */
function expectBadUserInput(error: unknown): asserts error is BadUserInputError {
  if (!(error instanceof BadUserInputError)) {
    throw new Error(`expected a BadUserInputError, got ${describeThrown(error)}`);
  }
  expect(error).toBeInstanceOf(GraphQLError);
  expect(error.extensions.code).toBe("BAD_USER_INPUT");
  expect(error.message.trim()).not.toBe("");
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}\n${error.stack ?? ""}`;
  return `a non-Error value ${String(error)}`;
}

/** The message quotes `value`, or a prefix of it cut with "…" (as `show()` does for long values). */
function quotesValue(message: string, value: string): boolean {
  const cps = [...value];
  for (let k = cps.length; k >= 1; k--) {
    const shown = cps.slice(0, k).join("") + (k < cps.length ? "…" : "");
    if (message.includes(JSON.stringify(shown))) return true;
  }
  return false;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

async function attemptAsync<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Checks one validator against the oracle for `value`: accepted values come back unchanged;
 * refused ones are a BAD_USER_INPUT quoting the value and saying what is accepted.
 */
function checkValidator(fn: (v: string) => string, value: string, acceptable: boolean, accepted: RegExp, expected = value): void {
  const result = attempt(() => fn(value));
  if (result.ok) {
    expect(acceptable, `${JSON.stringify(value)} was accepted but should be refused`).toBe(true);
    expect(result.value).toBe(expected);
    return;
  }
  expectBadUserInput(result.error);
  expect(acceptable, `${JSON.stringify(value)} was refused but should be accepted: ${result.error.message}`).toBe(false);
  const message = result.error.message;
  if (value === "") expect(message).toMatch(/empty/);
  else expect(quotesValue(message, value), `message does not quote the value: ${message}`).toBe(true);
  expect(message).toMatch(accepted);
}

const PUBLIC_NAME_ACCEPTS = /1–256 characters|at most 256 are accepted|may not contain whitespace(,| or| other than single inner spaces, nor) control|single spaces between words only|is reserved: .*use any other name/;
const MODEL_ACCEPTS = /give the id the provider's API uses|longer than 512 characters|may not contain whitespace(,| or) control/;

// ---------------------------------------------------------------------------------------------
// 1. Name validation

describe("name validation (properties)", () => {
  it("validatePublicName: any string is returned in NFC iff acceptable, else a BAD_USER_INPUT quoting it", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        checkValidator((v) => validatePublicName(v), value, nameIsAcceptable(value, 256, nfc, true) && !RESERVED.has(nfc(value)), PUBLIC_NAME_ACCEPTS, nfc(value));
      }),
      { numRuns: 1500 },
    );
  });

  it("validateModel: any string is returned unchanged iff acceptable (1–512 code points), else a BAD_USER_INPUT", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        checkValidator(validateModel, value, nameIsAcceptable(value, 512), MODEL_ACCEPTS);
      }),
      { numRuns: 1500 },
    );
  });

  it("names of 1–256 safe code points (astral emoji count as one) are accepted as given", () => {
    fc.assert(
      fc.property(validName(256), (name) => {
        expect(validatePublicName(name)).toBe(name);
        expect(validateModel(name)).toBe(name);
      }),
      { numRuns: 300 },
    );
  });

  it("the length limit counts code points: 256 accepted, 257 refused (512/513 for models)", () => {
    fc.assert(
      fc.property(safeChar, fc.integer({ min: 250, max: 262 }), fc.integer({ min: 505, max: 518 }), (ch, n, m) => {
        checkValidator((v) => validatePublicName(v), ch.repeat(n), n <= 256, PUBLIC_NAME_ACCEPTS);
        checkValidator(validateModel, ch.repeat(m), m <= 512, MODEL_ACCEPTS);
      }),
      { numRuns: 200 },
    );
  });

  it("a valid name with one whitespace/control/format character inserted is refused, naming that character", () => {
    fc.assert(
      fc.property(validName(200), forbiddenChar, fc.nat(), (name, bad, at) => {
        const cps = [...name];
        const i = at % (cps.length + 1);
        const value = [...cps.slice(0, i), bad, ...cps.slice(i)].join("");
        const code = "U+" + bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
        // A space is a public name's word separator: only models refuse every one.
        const validators = bad === " " ? [validateModel] : [(v: string) => validatePublicName(v), validateModel];
        for (const fn of validators) {
          const result = attempt(() => fn(value));
          expect(result.ok, `${JSON.stringify(value)} was accepted`).toBe(false);
          if (result.ok) return;
          expectBadUserInput(result.error);
          expect(result.error.message).toContain(code);
          expect(quotesValue(result.error.message, value)).toBe(true);
          expect(result.error.message).toMatch(/may not contain whitespace( or| other than single inner spaces, nor) control characters/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("validateProviderName: accepted iff ^[a-z0-9][a-z0-9_-]{0,62}$, else a BAD_USER_INPUT quoting it and giving the pattern", () => {
    const slugChar = fc.constantFrom(..."abcxyz0189_-", "A", "Z", "/", " ", ".", "é", "\n", "\u200b");
    const providerNameish = fc.oneof(
      fc.string({ unit: slugChar, maxLength: 70 }),
      fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,62}$/),
      fc.stringMatching(/^[a-z0-9_-]{60,66}$/),
      anyText,
    );
    /** Independent oracle: character by character. */
    const isSlug = (v: string) => {
      if (v.length < 1 || v.length > 63) return false;
      const first = /[a-z0-9]/;
      const rest = /[a-z0-9_-]/;
      return !RESERVED.has(v) && [...v].every((c, i) => c.length === 1 && (i === 0 ? first : rest).test(c));
    };
    fc.assert(
      fc.property(providerNameish, (value) => {
        const result = attempt(() => validateProviderName(value));
        if (result.ok) {
          expect(isSlug(value), `${JSON.stringify(value)} was accepted`).toBe(true);
          expect(result.value).toBe(value);
          return;
        }
        expectBadUserInput(result.error);
        expect(isSlug(value), `${JSON.stringify(value)} was refused: ${result.error.message}`).toBe(false);
        expect(quotesValue(result.error.message, value) || value === "").toBe(true);
        expect(result.error.message).toContain("^[a-z0-9][a-z0-9_-]{0,62}$");
      }),
      { numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. prefixedId

const providerType = fc.constantFrom(...PROVIDER_TYPES);
/** A valid model, sometimes already starting with its type's prefix (or another type's). */
const modelFor = (type: ProviderTypeInfo) =>
  fc.oneof(
    { weight: 3, arbitrary: validName(60) },
    { weight: 2, arbitrary: validName(30).map((m) => `${type.prefix}/${m}`) },
    { weight: 1, arbitrary: fc.tuple(providerType, validName(20)).map(([t, m]) => `${t.prefix}/${m}`) },
    { weight: 1, arbitrary: fc.constantFrom(type.prefix, `${type.prefix}/`, `${type.prefix}//x`, `${type.prefix}x/y`, `/${type.prefix}/y`) },
  );

describe("prefixedId (properties)", () => {
  it("is type.prefix + '/' + model for every built-in type, never rewritten, with the double-prefix warning exactly when the model starts with prefix + '/'", () => {
    fc.assert(
      fc.property(providerType.chain((t) => fc.tuple(fc.constant(t), modelFor(t))), ([type, model]) => {
        const id = prefixedId(type, model);
        expect(id).toBe(type.prefix + "/" + model);
        expect(id.startsWith(type.prefix + "/")).toBe(true);
        expect(id.slice(type.prefix.length + 1)).toBe(model);
        const warning = doublePrefixWarning(type, model);
        const doubled = model.startsWith(type.prefix + "/");
        expect(warning !== null).toBe(doubled);
        if (warning) expect(warning).toContain(JSON.stringify(id));
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Candidate order and selection

const { HEALTHY, DEGRADED, UNHEALTHY, UNKNOWN } = HealthStatus;

function row(id: number, priority: number, weight: number, enabled: boolean): DeploymentRow {
  const at = new Date(0);
  return { id, groupId: 1, providerId: 1, model: `m${id}`, apiBase: "", priority, weight, rpm: null, tpm: null, enabled, probe: "AUTO", externalId: null, extraParams: null,
    factsOverride: null, modelWritten: null, variant: "", entryExtra: null, createdAt: at, updatedAt: at };
}

const rowsArb = fc
  .uniqueArray(
    fc.record({ id: fc.integer({ min: 1, max: 10_000 }), priority: fc.integer({ min: 0, max: 5 }), weight: fc.integer({ min: 0, max: 5 }), enabled: fc.boolean() }),
    { selector: (r) => r.id, maxLength: 24 },
  )
  .map((rs) => rs.map((r) => row(r.id, r.priority, r.weight, r.enabled)));

const statusArb = fc.constantFrom(HEALTHY, DEGRADED, UNHEALTHY, UNKNOWN);

/** b may follow a in candidate order. */
function inOrder(a: DeploymentRow, b: DeploymentRow): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.weight !== b.weight) return a.weight > b.weight;
  return a.id < b.id;
}

describe("candidate order and selection (properties)", () => {
  it("candidatesOf returns exactly the enabled rows, priority asc, weight desc, id asc, without touching its input", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const before = rows.map((r) => r.id);
        const out = candidatesOf(rows);
        expect(rows.map((r) => r.id)).toEqual(before);
        expect(out.every((r) => r.enabled)).toBe(true);
        expect([...out.map((r) => r.id)].sort((a, b) => a - b)).toEqual(rows.filter((r) => r.enabled).map((r) => r.id).sort((a, b) => a - b));
        for (let i = 1; i < out.length; i++) expect(inOrder(out[i - 1]!, out[i]!), `${JSON.stringify(out[i - 1])} before ${JSON.stringify(out[i])}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("candidatesOf and displayOrder do not depend on input order", () => {
    fc.assert(
      fc.property(
        rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
        ([rows, shuffled]) => {
          expect(candidatesOf(shuffled).map((r) => r.id)).toEqual(candidatesOf(rows).map((r) => r.id));
          const display = displayOrder(shuffled).map((r) => r.id);
          expect(display).toEqual(displayOrder(rows).map((r) => r.id));
          // Enabled ones first, in candidate order, then the disabled ones.
          const enabled = candidatesOf(rows).map((r) => r.id);
          expect(display.slice(0, enabled.length)).toEqual(enabled);
          expect(new Set(display)).toEqual(new Set(rows.map((r) => r.id)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("compareCandidates is antisymmetric and only 0 for the same id", () => {
    fc.assert(
      fc.property(rowsArb, rowsArb, (xs, ys) => {
        for (const a of xs.slice(0, 6)) {
          for (const b of ys.slice(0, 6)) {
            const ab = Math.sign(compareCandidates(a, b));
            expect(Math.sign(compareCandidates(b, a))).toBe(-ab || 0);
            if (ab === 0) expect([a.priority, a.weight, a.id]).toEqual([b.priority, b.weight, b.id]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("selectCandidate picks the first HEALTHY, else DEGRADED, else UNKNOWN, else the first; allUnhealthy exactly when all are UNHEALTHY", () => {
    fc.assert(
      fc.property(rowsArb, fc.array(statusArb, { minLength: 24, maxLength: 24 }), (rows, statuses) => {
        const statusById = new Map(rows.map((r, i) => [r.id, statuses[i]!]));
        const ordered = candidatesOf(rows);
        const choice = selectCandidate(ordered, (d) => statusById.get(d.id)!);
        const firstWith = (s: HealthStatus) => ordered.find((d) => statusById.get(d.id) === s);
        const expected = firstWith(HEALTHY) ?? firstWith(DEGRADED) ?? firstWith(UNKNOWN) ?? ordered[0];
        expect(choice.selected).toBe(expected);
        expect(choice.allUnhealthy).toBe(ordered.length > 0 && ordered.every((d) => statusById.get(d.id) === UNHEALTHY));
        expect(choice.reason).not.toBe("");
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Test-server helpers for the import properties

interface Snapshot {
  tables: Record<string, unknown[]>;
  sequences: unknown[];
}

function snapshot(db: DbHandle): Snapshot {
  return { tables: dumpDatabase(db), sequences: db.sqlite.prepare("select name, seq from sqlite_sequence order by name").all() };
}

/** Puts every table (and the AUTOINCREMENT counters) back as `snap` had them, below the services. */
function restore(server: TestServer, snap: Snapshot): void {
  const sqlite = server.db.sqlite;
  sqlite.pragma("foreign_keys = OFF");
  try {
    sqlite.transaction(() => {
      // The change log and the history last: the triggers log the deletes and inserts of the other tables.
      const logged = (t: string) => Number(t === "catalog_changes" || t === "change_history");
      const order = Object.keys(snap.tables).sort((a, b) => logged(a) - logged(b));
      for (const table of order) sqlite.prepare(`delete from "${table}"`).run();
      for (const table of order) {
        if (logged(table)) sqlite.prepare(`delete from "${table}"`).run();
        const rows = snap.tables[table];
        for (const r of rows as Record<string, unknown>[]) {
          const cols = Object.keys(r);
          sqlite.prepare(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) values (${cols.map(() => "?").join(", ")})`).run(...cols.map((c) => r[c]));
        }
      }
      sqlite.prepare("delete from sqlite_sequence").run();
      for (const s of snap.sequences as { name: string; seq: number }[]) sqlite.prepare("insert into sqlite_sequence (name, seq) values (?, ?)").run(s.name, s.seq);
    })();
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
  // The restore rewound the change log and its sequence, which no real writer can do (seqs are
  // never reused once committed): the read model must load whole, not trust its version.
  (server.catalog.snapshots as SnapshotStore).reload();
  server.statements.length = 0;
}

const IMPORT_ERROR_CODES = ["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT"];

/**
 * A refused import: a catalog GraphQLError with a known code, a non-empty message that starts
 * with its location (`input:12: `, `input:7:3: `, `$.providers.x (input:7): `, `input: $.a: `)
 * and `extensions.location` (docs/import-export.md, "Errors").
 */
function expectImportError(error: unknown): void {
  if (!(error instanceof GraphQLError) || !(error instanceof CatalogError)) {
    throw new Error(`import threw an unexpected exception type: ${describeThrown(error)}`);
  }
  expect(IMPORT_ERROR_CODES, error.message).toContain(error.extensions.code);
  expect(error.message.trim()).not.toBe("");
  const loc = error.extensions.location as { source: string; path: string; line: number | null; column: number | null } | undefined;
  expect(loc, `no extensions.location on: ${error.message}`).toBeTruthy();
  expect(loc!.source).toBe("input");
  expect(loc!.path.startsWith("$"), loc!.path).toBe(true);
  const starts = [
    `input:${loc!.line}:${loc!.column}: `,
    `input:${loc!.line}: `,
    "input: ",
    `${loc!.path} (input:${loc!.line}): `,
    `${loc!.path}: `,
  ];
  // A file with several problems lists each after a count; the first is the one located.
  const first = error.message.replace(/^\d+ problems; nothing was imported:\n- /, "");
  expect(
    starts.some((s) => first.startsWith(s)),
    `message does not start with its location (${JSON.stringify(loc)}): ${error.message}`,
  ).toBe(true);
}

type Outcome = { ok: true; report: ImportReport } | { ok: false; error: unknown };

/** One import through the service; asserts the no-half-write rule for refusals and dry runs. */
async function importChecked(server: TestServer, request: ImportRequest): Promise<Outcome> {
  const before = dumpDatabase(server.db);
  const result = await attemptAsync(() => server.catalog.interop.importConfig(request));
  if (!result.ok) {
    expectImportError(result.error);
    expect(dumpDatabase(server.db), "a refused import changed the database").toStrictEqual(before);
    return { ok: false, error: result.error };
  }
  const report = result.value;
  expect(report.dryRun).toBe(request.dryRun ?? false);
  expect(report.mode).toBe(request.mode ?? "MERGE");
  if (request.dryRun) expect(dumpDatabase(server.db), "a dry run changed the database").toStrictEqual(before);
  for (const label of report.created.deployments) {
    const pid = label.slice(label.indexOf(": ") + 2);
    expect(PROVIDER_TYPES.some((t) => pid.startsWith(t.prefix + "/")), label).toBe(true);
  }
  return { ok: true, report };
}

/** After a real import: created aliases and groups resolve, created deployments carry their type's prefix. */
function checkApplied(catalog: Catalog, report: ImportReport): void {
  for (const name of report.created.aliases) {
    const r = catalog.resolution.resolve(name);
    expect(r.kind).toBe("ALIAS");
    expect(r.alias?.name).toBe(name);
  }
  for (const name of report.created.groups) {
    const r = catalog.resolution.resolve(name);
    expect(r.kind).toBe("MODEL_GROUP");
    expect(r.group?.name).toBe(name);
  }
  const view = catalog.read();
  for (const label of report.created.deployments) {
    const cut = label.indexOf(": ");
    const groupName = label.slice(0, cut);
    const pid = label.slice(cut + 2);
    const group = view.groupByName(groupName);
    expect(group, label).toBeTruthy();
    const found = view.deploymentsOf(group!.id).find((d) => {
      const type = catalog.providers.typeOf(view.provider(d.providerId)!);
      return prefixedId(type, d.model) === pid;
    });
    expect(found, `no stored deployment for ${label}`).toBeTruthy();
    const type = catalog.providers.typeOf(view.provider(found!.providerId)!);
    expect(pid.startsWith(type.prefix + "/")).toBe(true);
    expect(pid.slice(type.prefix.length + 1)).toBe(found!.model);
  }
}

/** Importing the same file again reports nothing created, updated or removed, and writes nothing. */
async function checkIdempotent(server: TestServer, request: ImportRequest): Promise<void> {
  const before = dumpDatabase(server.db);
  const again = await attemptAsync(() => server.catalog.interop.importConfig({ ...request, dryRun: false }));
  if (!again.ok) throw new Error(`importing the same file a second time failed: ${describeThrown(again.error)}`);
  const { created, updated, removed } = again.value;
  expect({ created, updated, removed }, "second import of the same file").toStrictEqual({ created: noChanges(), updated: noChanges(), removed: noChanges() });
  expect(dumpDatabase(server.db), "second import of the same file wrote").toStrictEqual(before);
}

function noChanges() {
  return { providers: [], groups: [], deployments: [], aliases: [] };
}

// ---------------------------------------------------------------------------------------------
// Import arbitraries. Each field has a valid and an invalid arbitrary: a "clean" sample only uses
// valid ones (so it reaches the apply phase and its conflicts with the catalog), a "noisy" one
// mixes in invalid values and text mutations.

const SEED_GROUPS = ["glm-nim", "claude-opus", "glm-zhipu", "gpt-1"];
const SEED_ALIASES = ["nvgm", "smart"];
const SEED_PROVIDERS = ["vllm", "openrouter", "zhipu", "azure-eu"];
const SOME_PREFIXES = ["openai", "openrouter", "hosted_vllm", "azure", "zai", "anthropic", "ollama", "litellm_proxy", "gemini"];
const NEEDS_API_BASE = new Set(PROVIDER_TYPES.filter((t) => t.requiresApiBase).map((t) => t.prefix));

const optional = <T>(arb: fc.Arbitrary<T>, freq = 2) => fc.option(arb, { nil: undefined, freq });

/** clean: the valid arbitrary; noisy: the valid one, sometimes the invalid one. */
function either<T>(clean: boolean, valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>, validWeight = 5): fc.Arbitrary<unknown> {
  return clean ? valid : fc.oneof({ weight: validWeight, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: invalid });
}

const validPublicName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("gpt-4o", "smart", "fast", "local", "GPT-4o", "claude", "a", "x/y", ...SEED_GROUPS, ...SEED_ALIASES) },
  { weight: 3, arbitrary: validName(12) },
  { weight: 1, arbitrary: fc.constantFrom("yes", "null", "007", "1e3", "true", "~") },
);
const invalidPublicName = fc.oneof(
  fc.constantFrom<unknown>("", "has space", "tab\there", "zw\u200bj", "x".repeat(257), null, 5, ["x"]),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);

const validUpstream = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("gpt-4o", "z-ai/glm4.7", "glm-4.7", "anthropic/claude-opus-4-5", "gpt-1", "auto", "openrouter/auto", "llama3", "yes") },
  { weight: 2, arbitrary: validName(16) },
);
const invalidUpstream = fc.constantFrom("", "with space", "nl\nx", "zw\u200b", "m".repeat(513));

const validLitellmModel = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...SOME_PREFIXES), validUpstream).map(([p, m]) => `${p}/${m}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...PROVIDER_TYPES.map((t) => t.prefix)), validName(10)).map(([p, m]) => `${p}/${m}`) },
  { weight: 1, arbitrary: fc.constantFrom("openrouter/openrouter/auto", "hosted_vllm/z-ai/glm4.7", "azure/gpt-1") },
);
const invalidLitellmModel = fc.oneof(
  fc.tuple(fc.constantFrom("foo", "OpenAI", "vllm", "nvidia", "", "open ai"), validUpstream).map(([p, m]) => `${p}/${m}`),
  fc.tuple(fc.constantFrom(...SOME_PREFIXES), invalidUpstream).map(([p, m]) => `${p}/${m}`),
  validName(10).filter((m) => !m.includes("/")),
  fc.constantFrom<unknown>("openai/", "/gpt", null, 42, true, ["openai/x"], { model: "x" }),
);

const validApiBase = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "https://api.openai.com/v1",
      "https://integrate.api.nvidia.com/v1",
      "http://127.0.0.1:8000/v1",
      "http://127.0.0.1:8000/v1/",
      "https://xyz1.openai.azure.com/",
      "http://localhost:11434",
      "https://openrouter.ai/api/v1",
      "http://[::1]:9000/v1",
    ),
  },
  { weight: 1, arbitrary: fc.webUrl({ validSchemes: ["http", "https"] }) },
);
const invalidApiBase = fc.oneof(
  fc.constantFrom<unknown>("https://user:pw@host.example/v1", "https://h.example/v1?key=1", "https://h.example/v1#f", "ftp://x.example", "not a url", 5, true),
  fc.string({ maxLength: 12 }),
);

const validApiKey = fc.constantFrom("os.environ/OPENAI_API_KEY", "os.environ/MY_KEY", "sk-literal-123", "sk-other", "os.environ/MODELGRAPH_STORED_KEY_VLLM");
const invalidApiKey = fc.constantFrom<unknown>("os.environ/bad name", "os.environ/", "", " sk-x ", 123);

const validCount = fc.integer({ min: 1, max: 100_000 });
const validSmall = fc.integer({ min: 0, max: 5 });
const invalidNumber = fc.oneof(fc.integer({ min: -3, max: 0 }), fc.double({ min: -10, max: 10, noNaN: true }).filter((d) => !Number.isInteger(d)), fc.constantFrom<unknown>("10", true, 3e9, 1e300));

function extraParamsArb(clean: boolean) {
  return fc.record(
    {
      api_version: fc.constantFrom("2024-06-01", "2024-02-15-preview"),
      timeout: fc.constantFrom<unknown>(30, 1.5, "30"),
      max_tokens: fc.constant(100),
      aws_secret_access_key: either(clean, fc.constant("os.environ/AWS_SECRET"), fc.constant("literal-secret")),
      extra_headers: fc.record({ Authorization: either(clean, fc.constant("os.environ/TOKEN"), fc.constant("Bearer abc")), "X-Trace": fc.constant("1") }, { requiredKeys: [] }),
      litellm_credential_name: fc.constant("my-cred"),
      tokenizer: fc.constant("cl100k"),
    },
    { requiredKeys: [] },
  );
}

function modelgraphMetaArb(clean: boolean) {
  return fc.record(
    {
      provider: either(clean, fc.constantFrom(...SEED_PROVIDERS, "new-prov", "openai"), fc.constantFrom<unknown>("Bad Name", "a/b", 7)),
      enabled: either(clean, fc.boolean(), fc.constant("no")),
      probe: either(clean, fc.constantFrom("AUTO", "OFF", "COMPLETION"), fc.constant("bogus")),
      provider_api_base: either(clean, fc.oneof(validApiBase, fc.constant(null)), invalidApiBase),
      provider_api_key_env: either(clean, fc.constant("MY_KEY"), fc.constantFrom<unknown>("bad name", 3)),
      provider_display_name: either(clean, fc.constantFrom("Nice", null), fc.constant(4)),
      group_description: either(clean, fc.constantFrom("desc", null), fc.constantFrom<unknown>("d".repeat(4001), 5)),
      junk: fc.constant(1),
    },
    { requiredKeys: [] },
  );
}

function litellmEntryArb(clean: boolean): fc.Arbitrary<unknown> {
  const entry = fc
    .record(
      {
        model_name: either(clean, validPublicName, invalidPublicName),
        litellm_params: either(
          clean,
          fc
            .record(
              {
                model: either(clean, validLitellmModel, invalidLitellmModel),
                api_base: optional(either(clean, validApiBase, invalidApiBase)),
                api_key: optional(either(clean, validApiKey, invalidApiKey), 3),
                rpm: optional(either(clean, validCount, invalidNumber), 3),
                tpm: optional(either(clean, validCount, invalidNumber), 4),
                order: optional(either(clean, validSmall, invalidNumber), 3),
                weight: optional(either(clean, validSmall, invalidNumber), 3),
                extras: optional(extraParamsArb(clean), 3),
              },
              { requiredKeys: ["model"] },
            )
            .map(({ extras, ...params }) => {
              const out: Record<string, unknown> = { ...extras, ...params };
              // A prefix without a default API base needs one (clean samples always give it).
              const prefix = typeof params.model === "string" ? params.model.slice(0, params.model.indexOf("/")) : "";
              if (clean && NEEDS_API_BASE.has(prefix) && out.api_base === undefined) out.api_base = "http://127.0.0.1:8000/v1";
              return out;
            }),
          fc.constantFrom<unknown>(null, "openai/gpt-4o", [], { api_base: "https://x.example" }),
        ),
        model_info: optional(
          fc.record(
            {
              mode: either(clean, fc.constantFrom("chat", "chat", "embedding", "completion"), fc.constantFrom<unknown>("bogus", 5)),
              id: either(clean, fc.constantFrom<unknown>("abc", 7), fc.constant(["x"])),
              modelgraph: either(clean, modelgraphMetaArb(clean), fc.constantFrom<unknown>("x", 5)),
              base_model: fc.constant("gpt-4"),
            },
            { requiredKeys: [] },
          ),
          3,
        ),
        extra: optional(fc.constant("ignored"), 6),
      },
      { requiredKeys: ["model_name", "litellm_params"] },
    )
    .map((e) => e as unknown);
  return either(clean, entry, fc.constantFrom<unknown>(null, "openai/gpt-4o", 3, []), 25);
}

interface LiteLLMSample {
  clean: boolean;
  config: Record<string, unknown>;
  text: string;
  mutated: boolean;
  mode: "MERGE" | "REPLACE";
  dryRun: boolean;
}

/** Aliases over the file's own model_names, the seed's names and missing ones, in both LiteLLM forms. */
function aliasMapArb(clean: boolean, modelNames: string[]): fc.Arbitrary<Record<string, unknown>> {
  const target = fc.oneof(
    { weight: 6, arbitrary: modelNames.length > 0 ? fc.constantFrom(...modelNames) : fc.constant("gpt-4o") },
    { weight: 2, arbitrary: fc.constantFrom(...SEED_GROUPS, ...SEED_ALIASES) },
    { weight: 1, arbitrary: fc.constantFrom("missing-group", "smart", "fast") },
  );
  const value = either(
    clean,
    fc.oneof(
      { weight: 2, arbitrary: target },
      { weight: 1, arbitrary: fc.record({ model: target, hidden: fc.constantFrom<unknown>(true, false, undefined) }, { requiredKeys: ["model"] }) },
    ),
    fc.constantFrom<unknown>(5, null, "", { model: "" }, { hidden: true }, ["x"], { model: "gpt-4o", hidden: "yes" }, { model: "gpt-4o", hidden: false, extra: 1 }),
  );
  const aliasName = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom("fast", "cheap", "best", "Smart", "gpt4", ...SEED_ALIASES) },
    { weight: 2, arbitrary: modelNames.length > 0 ? fc.constantFrom(...modelNames) : fc.constant("gpt-4o") },
    { weight: 1, arbitrary: fc.constantFrom(...SEED_GROUPS) },
    { weight: 1, arbitrary: either(clean, validPublicName, invalidPublicName).filter((n): n is string => typeof n === "string") },
  );
  return fc.dictionary(aliasName, value, { maxKeys: 4 });
}

/** Text mutations of a serialized config: cut, insert, duplicate or drop a line. */
function mutations(text: string): fc.Arbitrary<string> {
  const lines = text.split("\n");
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(text) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(text.length), fc.integer({ min: 1, max: 12 })).map(([i, n]) => text.slice(0, i) + text.slice(i + n)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat(text.length), fc.constantFrom(":", "- ", " ", "\n", "\t", "{", "[", '"', "'", "&a ", "*a", "<<: *a", "#", "\u0000", "!!binary ", "? ", "%YAML 1.1\n---\n", "\\", ","))
        .map(([i, s]) => text.slice(0, i) + s + text.slice(i)),
    },
    {
      weight: 1,
      arbitrary: fc.nat(Math.max(0, lines.length - 1)).map((i) => [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)].join("\n")),
    },
    { weight: 1, arbitrary: fc.nat(Math.max(0, lines.length - 1)).map((i) => [...lines.slice(0, i), ...lines.slice(i + 1)].join("\n")) },
  );
}

const modeArb = fc.constantFrom<"MERGE" | "REPLACE">("MERGE", "MERGE", "MERGE", "REPLACE");

const litellmSampleArb: fc.Arbitrary<LiteLLMSample> = fc
  .boolean()
  .chain((clean) => fc.tuple(fc.constant(clean), fc.array(litellmEntryArb(clean), { maxLength: 5 })))
  .chain(([clean, entries]) => {
    const names = entries.flatMap((e) => (isRecord(e) && typeof e.model_name === "string" ? [e.model_name] : []));
    return fc.tuple(
      fc.constant(clean),
      fc.constant(entries),
      optional(aliasMapArb(clean, names), 4),
      optional(fc.record({ num_retries: fc.constant(3) }), 3),
      optional(fc.record({ drop_params: fc.constant(true) }), 3),
      clean ? fc.constant(20) : fc.nat(20),
    );
  })
  .map(([clean, entries, aliasMap, otherRouter, litellmSettings, shape]) => {
    const config: Record<string, unknown> = shape === 0 ? { model_lists: entries } : shape === 1 ? { model_list: "not a list" } : { model_list: entries };
    if (aliasMap !== undefined || otherRouter !== undefined) config.router_settings = { ...otherRouter, ...(aliasMap !== undefined ? { model_group_alias: aliasMap } : {}) };
    if (litellmSettings !== undefined) config.litellm_settings = litellmSettings;
    return { clean, config };
  })
  .chain(({ clean, config }) => {
    const text = toYaml(config);
    return fc
      .record({ text: clean ? fc.constant(text) : mutations(text), mode: modeArb, dryRun: fc.boolean() })
      .map((s) => ({ ...s, clean, config, mutated: s.text !== text }));
  });

// nanobot

const validNanobotKey = fc.constantFrom("vllm", "openrouter", "zhipu", "custom", "openai", "groq", "anthropic", "dashscopeCodingPlan", "dashscope_coding_plan", "aihubmix", "deepseek");
const invalidNanobotKey = fc.oneof(
  fc.constantFrom("minimax", "azure-eu", "Bad Name", "a/b", "", "VLLM", "openRouter", "github_copilot", "x".repeat(70)),
  fc.string({ maxLength: 8 }),
);

function nanobotBlockArb(clean: boolean): fc.Arbitrary<unknown> {
  const block = fc
    .record(
      {
        apiKey: either(clean, fc.constantFrom("sk-live-1", "sk-other", "", "<stored encrypted in modelgraph: set it here>", null), fc.constantFrom<unknown>(" sk ", 5)),
        api_key: fc.constantFrom("sk-snake", ""),
        apiBase: either(clean, validApiBase, invalidApiBase),
        models: either(
          clean,
          fc.dictionary(
            validPublicName,
            fc.oneof({ weight: 6, arbitrary: validUpstream }, { weight: 1, arbitrary: fc.constantFrom("openrouter/auto", "hosted_vllm/x", "zai/glm-4.7") }),
            { maxKeys: 4 },
          ),
          fc.oneof(
            fc.constantFrom<unknown>(null, [], "gpt-4o"),
            fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(invalidUpstream, fc.constantFrom<unknown>(5, null, ["m"])), { minKeys: 1, maxKeys: 2 }),
          ),
        ),
        extraHeaders: fc.constantFrom<unknown>({}, { Authorization: "Bearer x" }),
        modelgraph: either(
          clean,
          fc.record(
            {
              type: either(clean, fc.constantFrom("openai", "hosted_vllm", "azure", "openrouter", "zai"), fc.constantFrom<unknown>("bogus", 5)),
              apiKeyEnv: either(clean, fc.constantFrom("MY_KEY", "os.environ/OTHER_KEY", null), fc.constantFrom<unknown>("bad name", 5)),
              displayName: either(clean, fc.constantFrom("Nice", "", null), fc.constant(4)),
              aliases: either(
                clean,
                fc.dictionary(
                  validPublicName,
                  fc.record({ hidden: either(clean, fc.boolean(), fc.constant("yes")), description: either(clean, fc.constantFrom("d", null), fc.constant(5)) }, { requiredKeys: [] }),
                  { maxKeys: 3 },
                ),
                fc.constantFrom<unknown>(5, null),
              ),
              junk: fc.constant(1),
            },
            { requiredKeys: [] },
          ),
          fc.constantFrom<unknown>("x", 5, null, []),
        ),
        other: fc.constant("ignored"),
      },
      { requiredKeys: [] },
    )
    .map((b): Record<string, unknown> => {
      // Types without a default API base need one once there are models (clean samples always give it).
      if (clean && b.apiBase === undefined && isRecord(b.models) && Object.keys(b.models).length > 0) return { ...b, apiBase: "http://127.0.0.1:8000/v1" };
      return b;
    });
  return either(clean, block, fc.constantFrom<unknown>(null, 5, "str", [], true), 15);
}

interface NanobotSample {
  clean: boolean;
  config: unknown;
  text: string;
  mutated: boolean;
  mode: "MERGE" | "REPLACE";
  dryRun: boolean;
}

const nanobotSampleArb: fc.Arbitrary<NanobotSample> = fc
  .boolean()
  .chain((clean) =>
    fc.tuple(
      fc.constant(clean),
      fc.dictionary(either(clean, validNanobotKey, invalidNanobotKey).filter((k): k is string => typeof k === "string"), nanobotBlockArb(clean), { maxKeys: 4 }),
      clean ? fc.constant(20) : fc.nat(20),
      optional(fc.record({ defaults: fc.record({ model: fc.constant("x") }) }), 3),
    ),
  )
  .map(([clean, providers, shape, agents]) => {
    const config: unknown = shape === 0 ? [providers] : shape === 1 ? { provider: providers } : shape === 2 ? { providers: [providers] } : { providers, ...(agents ? { agents } : {}) };
    return { clean, config };
  })
  .chain(({ clean, config }) => {
    const text = JSON.stringify(config, null, 2);
    return fc
      .record({ text: clean ? fc.constant(text) : mutations(text), mode: modeArb, dryRun: fc.boolean() })
      .map((s) => ({ ...s, clean, config, mutated: s.text !== text }));
  });

/** The stored name of a nanobot provider key (a slug as written, else pydantic's to_snake: `Cs2azyC4` is `cs_2azy_c4`). */
const snakeCase = nanobotProviderSlug;

/** Exponential alias expansion: must be refused quickly, not expanded. */
function billionLaughs(): string {
  const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 10; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(", ")}]`);
  const merges = ["m0: &m0 {a: 1}"];
  for (let i = 1; i < 30; i++) merges.push(`m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], k${i}: 1}`);
  return [...lines, ...merges, "model_list: []", ""].join("\n");
}

/** Arbitrary text, JSON and YAML values, and config-shaped prefixes with junk after them. */
const junkContentArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ maxLength: 80 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => toYaml(v)),
  fc.json(),
  fc.anything({ maxDepth: 3 }).map((v) => {
    try {
      return JSON.stringify(v) ?? "undefined";
    } catch {
      return String(typeof v);
    }
  }),
  fc.tuple(fc.constantFrom("model_list:\n", "model_list:\n  - ", "model_list: []\nrouter_settings:\n  model_group_alias:\n    ", '{"providers": ', '{"providers": {"vllm": ', "---\n", "%YAML 1.1\n---\n"), fc.string({ unit: "binary-ascii", maxLength: 60 })).map(([a, b]) => a + b),
  fc.tuple(fc.constantFrom("[", "{\"a\":", "- ", "a: "), fc.integer({ min: 1, max: 3000 })).map(([open, n]) => {
    const close = open === "[" ? "]" : open === '{"a":' ? "}" : "";
    return open.repeat(n) + "1" + close.repeat(n);
  }),
  fc.constantFrom("", "\uFEFF", "null", "~", "[]", "{}", "model_list:", "providers: {}", '{"providers": null}', '{"providers": {}, "providers": {}}', "a: &a [*a]", "x: !!binary AAAA"),
  fc.constant(billionLaughs()),
);

// ---------------------------------------------------------------------------------------------
// 4. Import properties over one seeded test server

describe("importConfig never crashes and never half-writes (properties)", () => {
  let server: TestServer;
  let seed: Snapshot;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDesignExamples(server);
    seed = snapshot(server.db);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Runs one request; on a real success checks the result, a second import, then restores the seed. */
  async function run(request: ImportRequest, onApplied?: (report: ImportReport) => void): Promise<Outcome> {
    const outcome = await importChecked(server, request);
    if (outcome.ok && !request.dryRun) {
      try {
        checkApplied(server.catalog, outcome.report);
        onApplied?.(outcome.report);
        await checkIdempotent(server, request);
      } finally {
        restore(server, seed);
      }
    }
    return outcome;
  }

  it("(a) arbitrary strings, JSON and YAML values, fed to both formats", async () => {
    await fc.assert(
      fc.asyncProperty(junkContentArb, fc.constantFrom<"LITELLM_YAML" | "NANOBOT_JSON">("LITELLM_YAML", "NANOBOT_JSON"), modeArb, fc.boolean(), async (content, format, mode, dryRun) => {
        await run({ format, content, mode, dryRun });
      }),
      { numRuns: 200 },
    );
    expect(dumpDatabase(server.db)).toStrictEqual(seed.tables);
  });

  it("(a) over HTTP: arbitrary content is answered with data or a GraphQL error of a known code, never a masked one", async () => {
    await fc.assert(
      fc.asyncProperty(junkContentArb, fc.constantFrom<ops.ConfigFormat>("LITELLM_YAML", "NANOBOT_JSON"), async (content, format) => {
        const before = dumpDatabase(server.db);
        const result = await server.gql(ops.ImportConfigDocument, { format, content, dryRun: true });
        expect(result.status).toBeLessThan(500);
        if (result.errors?.length) {
          expect(IMPORT_ERROR_CODES, JSON.stringify(result.errors)).toContain(result.errors[0]!.extensions?.code);
          expect(result.errors[0]!.message.trim()).not.toBe("");
        } else {
          expect(result.data?.importConfig.dryRun).toBe(true);
        }
        expect(dumpDatabase(server.db)).toStrictEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  it("(b) structured but mutated LiteLLM configs", async () => {
    await fc.assert(
      fc.asyncProperty(litellmSampleArb, async (sample) => {
        const request: ImportRequest = { format: "LITELLM_YAML", content: sample.text, mode: sample.mode, dryRun: sample.dryRun };
        await run(request, () => {
          if (sample.mutated) return;
          const catalog = server.catalog;
          const view = catalog.read();
          const list = sample.config.model_list as Record<string, unknown>[];
          // Every entry is a deployment of its model_name whose prefixedId is litellm_params.model, exactly.
          for (const entry of list) {
            const name = entry.model_name as string;
            const model = (entry.litellm_params as Record<string, unknown>).model as string;
            const group = view.groupByName(name);
            expect(group, `group ${name}`).toBeTruthy();
            const ids = view.deploymentsOf(group!.id).map((d) => prefixedId(catalog.providers.typeOf(view.provider(d.providerId)!), d.model));
            expect(ids, `deployments of ${name}`).toContain(model);
          }
          const aliasMap = ((sample.config.router_settings as Record<string, unknown> | undefined)?.model_group_alias ?? {}) as Record<string, unknown>;
          for (const [alias, value] of Object.entries(aliasMap)) {
            const target = typeof value === "string" ? value : (value as { model: string }).model;
            const r = catalog.resolution.resolve(alias);
            expect(r.kind).toBe("ALIAS");
            expect(r.group?.name).toBe(target);
            expect(view.aliasByName(alias)?.hidden).toBe(typeof value === "object" && (value as { hidden?: unknown }).hidden === true);
          }
          if (sample.mode === "REPLACE") {
            expect(new Set(view.groups().map((g) => g.name))).toEqual(new Set(list.map((e) => e.model_name as string)));
            expect(new Set(view.aliases().map((a) => a.name))).toEqual(new Set(Object.keys(aliasMap)));
          }
        });
      }),
      { numRuns: 150 },
    );
    expect(dumpDatabase(server.db)).toStrictEqual(seed.tables);
  });

  it("(c) structured but mutated nanobot configs", async () => {
    await fc.assert(
      fc.asyncProperty(nanobotSampleArb, async (sample) => {
        const request: ImportRequest = { format: "NANOBOT_JSON", content: sample.text, mode: sample.mode, dryRun: sample.dryRun };
        const hiddenBefore = new Map(server.catalog.read().aliases().map((a) => [a.name, a.hidden]));
        await run(request, () => {
          if (sample.mutated) return;
          const catalog = server.catalog;
          const view = catalog.read();
          const blocks = (sample.config as { providers: Record<string, unknown> }).providers;
          const aliasNames = new Set<string>();
          for (const [key, block] of Object.entries(blocks)) {
            if (!isRecord(block) || !isRecord(block.models)) continue;
            const provider = view.providerByName(snakeCase(key));
            expect(provider, `provider ${snakeCase(key)}`).toBeTruthy();
            const type = catalog.providers.typeOf(provider!);
            const meta = isRecord(block.modelgraph) && isRecord(block.modelgraph.aliases) ? block.modelgraph.aliases : undefined;
            for (const [alias, model] of Object.entries(block.models)) {
              aliasNames.add(alias);
              const r = catalog.resolution.resolve(alias);
              expect(r.kind).toBe("ALIAS");
              expect(r.selected?.provider.name).toBe(provider!.name);
              expect(r.selected?.model).toBe(model);
              expect(r.selected?.prefixedId).toBe(`${type.prefix}/${model as string}`);
              const hidden = meta ? (isRecord(meta[alias]) && (meta[alias] as Record<string, unknown>).hidden === true) : (hiddenBefore.get(alias) ?? false);
              expect(view.aliasByName(alias)?.hidden, `hidden of ${alias}`).toBe(hidden);
            }
          }
          if (sample.mode === "REPLACE") {
            const names = new Set(view.aliases().map((a) => a.name));
            // agents.defaults.model (with a provider) is nanobot's alias "default" (docs/import-nanobot.md).
            if (isRecord(sample.config) && isRecord(sample.config.agents)) names.delete("default");
            expect(names).toEqual(aliasNames);
          }
        });
      }),
      { numRuns: 150 },
    );
    expect(dumpDatabase(server.db)).toStrictEqual(seed.tables);
  });

  /*
   * The validators check code points; SQLite stores UTF-8. A string that is not well-formed UTF-16
   * (a lone surrogate, which JSON and GraphQL can carry as "\ud800") must be refused or stored
   * exactly: never accepted and silently rewritten.
   */
  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
  const maybeIllFormed = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: safeChar }, { weight: 1, arbitrary: loneSurrogate }), minLength: 1, maxLength: 12 });

  it("an accepted group or alias name is stored exactly as given (lone surrogates included)", async () => {
    await fc.assert(
      fc.asyncProperty(maybeIllFormed, fc.boolean(), async (name, asAlias) => {
        const catalog = server.catalog;
        const before = dumpDatabase(server.db);
        try {
          const created = await attemptAsync(async () => (asAlias ? (await catalog.aliases.add({ name, target: "glm-nim" })).value : (await catalog.groups.create({ name })).value));
          if (!created.ok) {
            expect(created.error).toBeInstanceOf(CatalogError);
            expect(["BAD_USER_INPUT", "CONFLICT"]).toContain((created.error as CatalogError).extensions.code);
            expect(dumpDatabase(server.db)).toStrictEqual(before);
            return;
          }
          expect(created.value.name, "name as stored").toBe(name);
          const listed = asAlias ? catalog.read().aliases().map((a) => a.name) : catalog.read().groups().map((g) => g.name);
          expect(listed, "name as listed").toContain(name);
        } finally {
          restore(server, seed);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("an accepted model is stored exactly as given (lone surrogates included)", async () => {
    await fc.assert(
      fc.asyncProperty(maybeIllFormed, async (model) => {
        const catalog = server.catalog;
        const before = dumpDatabase(server.db);
        try {
          const added = await attemptAsync(() => catalog.deployments.add({ group: "claude-opus", provider: "openrouter", model }));
          if (!added.ok) {
            expect(added.error).toBeInstanceOf(CatalogError);
            expect(["BAD_USER_INPUT", "CONFLICT"]).toContain((added.error as CatalogError).extensions.code);
            expect(dumpDatabase(server.db)).toStrictEqual(before);
            return;
          }
          expect(added.value.value.model, "model as stored").toBe(model);
          const ids = catalog.resolution.resolve("claude-opus").candidates.map((c) => c.prefixedId);
          expect(ids, "prefixed ids of the group").toContain(`openrouter/${model}`);
        } finally {
          restore(server, seed);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("deployments added through the service keep their model; prefixedId is prefix + '/' + model for every type", async () => {
    const typeAndModel = providerType.chain((t) => fc.tuple(fc.constant(t), modelFor(t)));
    await fc.assert(
      fc.asyncProperty(typeAndModel, async ([type, model]) => {
        const catalog = server.catalog;
        try {
          const provider = (await catalog.providers.create({ name: "p-" + type.id.replace(/_/g, "-"), type: type.id, apiBase: type.requiresApiBase ? "http://127.0.0.1:8000/v1" : null })).value;
          await catalog.groups.create({ name: "g" });
          const added = await catalog.deployments.add({ group: "g", provider: provider.name, model });
          expect(added.value.model).toBe(model);
          const doubled = model.startsWith(type.prefix + "/");
          expect(added.warnings.some((w) => w.includes("already starts with"))).toBe(doubled);
          const r = catalog.resolution.resolve("g");
          expect(r.selected?.prefixedId).toBe(`${type.prefix}/${model}`);
          expect(r.selected?.model).toBe(model);
        } finally {
          restore(server, seed);
        }
      }),
      { numRuns: 120 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Round trip: random valid catalog → LiteLLM YAML → empty server → the same catalog

const ROUND_TRIP_TYPES = PROVIDER_TYPES.filter((t) => ["openai", "azure", "anthropic", "openrouter", "hosted_vllm", "zai", "ollama", "litellm_proxy", "bedrock", "gemini"].includes(t.id));
const TRICKY_YAML = ["yes", "no", "on", "off", "null", "~", "true", "1", "007", "1e3", "0x1F", "2024-06-01", ".inf", "-", "@x", "!tag", "&a", "*a", "a:b", "a#b", "'q'", '"dq"', "[x]", "{x}", "%x", "`x`", "?", "|", ">", "-1"];
const roundTripName = fc.oneof({ weight: 4, arbitrary: validName(14) }, { weight: 1, arbitrary: fc.constantFrom(...TRICKY_YAML) });
const BASES = ["https://api.example.com/v1", "http://127.0.0.1:8000/v1", "https://xyz1.openai.azure.com/", "http://localhost:11434", "https://api.openai.com/v1"];

interface CatalogPlan {
  providers: { name: string; type: ProviderTypeInfo; apiBase: string | null; apiKeyEnv: string | null; displayName: string | null; apiKey: string | null }[];
  groups: { name: string; mode: string; description: string | null }[];
  deployments: { group: number; provider: number; model: string; apiBase: string | null; priority: number; weight: number; rpm: number | null; tpm: number | null; enabled: boolean }[];
  aliases: { name: string; target: number; hidden: boolean }[];
}

const catalogPlanArb: fc.Arbitrary<CatalogPlan> = fc
  .record({
    providers: fc.uniqueArray(
      fc.record({
        name: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,14}$/).filter((n) => !RESERVED.has(n)), fc.constantFrom("yes", "no", "null", "007", "1e3", "true", "on")),
        type: fc.constantFrom(...ROUND_TRIP_TYPES),
        apiBase: fc.option(fc.constantFrom(...BASES), { nil: null }),
        apiKeyEnv: fc.option(fc.constantFrom("MY_KEY", "OTHER_KEY", "OPENAI_API_KEY"), { nil: null }),
        displayName: fc.option(fc.oneof(fc.constantFrom("Nice", "yes", "2024-06-01", "a: b", "# not a comment"), fc.string({ unit: "grapheme", maxLength: 10 })), { nil: null }),
        apiKey: fc.option(fc.constantFrom("sk-literal-1", "sk-literal-2"), { nil: null, freq: 4 }),
      }),
      { selector: (p) => p.name, minLength: 1, maxLength: 4 },
    ),
    names: fc.uniqueArray(roundTripName, { minLength: 1, maxLength: 8 }),
    groupCount: fc.integer({ min: 1, max: 8 }),
    modes: fc.array(fc.constantFrom(...MODEL_MODES), { minLength: 8, maxLength: 8 }),
    descriptions: fc.array(fc.option(fc.oneof(fc.constantFrom("yes", "multi\nline", "a: b", "  padded  "), fc.string({ unit: "grapheme", maxLength: 20 })), { nil: null }), { minLength: 8, maxLength: 8 }),
    deployments: fc.array(
      fc.record({
        group: fc.nat(),
        provider: fc.nat(),
        model: fc.oneof({ weight: 4, arbitrary: validName(20) }, { weight: 1, arbitrary: fc.constantFrom(...TRICKY_YAML) }, { weight: 1, arbitrary: fc.constantFrom("openrouter/auto", "openai/gpt-4o", "azure/x") }),
        apiBase: fc.option(fc.constantFrom(...BASES), { nil: null, freq: 3 }),
        priority: fc.integer({ min: 0, max: 3 }),
        weight: fc.integer({ min: 0, max: 3 }),
        rpm: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
        tpm: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
        enabled: fc.boolean(),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    aliasTargets: fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 8 }),
  })
  .map(({ providers, names, groupCount, modes, descriptions, deployments, aliasTargets }) => {
    const g = Math.min(groupCount, names.length);
    const groups = names.slice(0, g).map((name, i) => ({ name, mode: modes[i]!, description: descriptions[i]! }));
    const seen = new Set<string>();
    const plannedDeployments: CatalogPlan["deployments"] = [];
    for (const d of deployments) {
      const group = d.group % groups.length;
      const provider = d.provider % providers.length;
      const p = providers[provider]!;
      const apiBase = d.apiBase ?? (p.type.requiresApiBase && !p.apiBase ? BASES[1]! : null);
      const key = JSON.stringify([group, provider, d.model, apiBase ?? ""]);
      if (seen.has(key)) continue;
      seen.add(key);
      plannedDeployments.push({ ...d, group, provider, apiBase });
    }
    // LiteLLM's model_list cannot hold a group without deployments: keep only groups that have one.
    const used = new Set(plannedDeployments.map((d) => d.group));
    const aliases = names.slice(g).flatMap((name, i) => {
      const target = aliasTargets[i];
      if (!target) return [];
      const candidates = [...used];
      return [{ name, target: candidates[target[0] % candidates.length]!, hidden: target[1] }];
    });
    return { providers, groups, deployments: plannedDeployments, aliases };
  });

async function build(catalog: Catalog, plan: CatalogPlan): Promise<void> {
  for (const p of plan.providers) await catalog.providers.create({ name: p.name, type: p.type.id, apiBase: p.apiBase, apiKeyEnv: p.apiKeyEnv, displayName: p.displayName, apiKey: p.apiKey });
  const usedGroups = new Set(plan.deployments.map((d) => d.group));
  for (const [i, g] of plan.groups.entries()) {
    if (usedGroups.has(i)) await catalog.groups.create(g);
  }
  for (const d of plan.deployments) {
    await catalog.deployments.add({
      group: plan.groups[d.group]!.name,
      provider: plan.providers[d.provider]!.name,
      model: d.model,
      apiBase: d.apiBase,
      // An override on another origin sends the provider's key there (issue 8, finding 6).
      confirmKeyMove: true,
      priority: d.priority,
      weight: d.weight,
      rpm: d.rpm,
      tpm: d.tpm,
      enabled: d.enabled,
    });
  }
  for (const a of plan.aliases) await catalog.aliases.add({ name: a.name, target: plan.groups[a.target]!.name, hidden: a.hidden });
}

/** The catalog as the round trip promises to keep it (docs/import-export.md, "Round trips"). */
function catalogView(catalog: Catalog) {
  const view = catalog.read();
  const providers = new Map(view.providers().map((p) => [p.id, p]));
  const deployments = view.deployments();
  const groups = view.groups();
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  const usedProviders = new Set(deployments.map((d) => d.providerId));
  return {
    providers: [...providers.values()]
      .filter((p) => usedProviders.has(p.id))
      .map((p) => ({ name: p.name, type: p.type, apiBase: p.apiBase, apiKeyEnv: p.apiKeyEnv, displayName: p.displayName }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    groups: groups
      .map((g) => ({
        name: g.name,
        mode: g.mode,
        description: g.description,
        deployments: displayOrder(deployments.filter((d) => d.groupId === g.id)).map((d) => {
          const p = providers.get(d.providerId)!;
          return {
            provider: p.name,
            prefixedId: prefixedId(catalog.providers.typeOf(p), d.model),
            model: d.model,
            apiBase: d.apiBase,
            priority: d.priority,
            weight: d.weight,
            rpm: d.rpm,
            tpm: d.tpm,
            enabled: d.enabled,
            probe: d.probe,
          };
        }),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    aliases: view
      .aliases()
      .map((a) => ({ name: a.name, target: groupNames.get(a.groupId), hidden: a.hidden }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

describe("LiteLLM YAML round trip (property)", () => {
  let source: TestServer;
  let target: TestServer;
  let emptySource: Snapshot;
  let emptyTarget: Snapshot;

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
    emptySource = snapshot(source.db);
    emptyTarget = snapshot(target.db);
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it("random valid catalog → exportConfig(LITELLM_YAML) → import into an empty server: same providers, groups, deployments, aliases; re-import into the source changes nothing and keeps literal keys", async () => {
    await fc.assert(
      fc.asyncProperty(catalogPlanArb, async (plan) => {
        try {
          await build(source.catalog, plan);
          const exported = await source.catalog.interop.exportConfig("LITELLM_YAML");
          const imported = await attemptAsync(() => target.catalog.interop.importConfig({ format: "LITELLM_YAML", content: exported.content }));
          if (!imported.ok) throw new Error(`the export does not import: ${describeThrown(imported.error)}\n--- export ---\n${exported.content}`);
          expect(catalogView(target.catalog), exported.content).toStrictEqual(catalogView(source.catalog));
          // Importing the export back into its source reports nothing to do, writes nothing and keeps literal keys.
          const before = dumpDatabase(source.db);
          const back = await source.catalog.interop.importConfig({ format: "LITELLM_YAML", content: exported.content });
          expect({ created: back.created, updated: back.updated, removed: back.removed }, exported.content).toStrictEqual({ created: noChanges(), updated: noChanges(), removed: noChanges() });
          expect(dumpDatabase(source.db), "re-importing the export into its source wrote").toStrictEqual(before);
          for (const p of plan.providers) {
            if (p.apiKey) expect(source.catalog.providers.keyOf(source.catalog.read().providerByName(p.name)!)).toMatchObject({ source: "LITERAL", key: p.apiKey });
          }
        } finally {
          restore(source, emptySource);
          restore(target, emptyTarget);
        }
      }),
      { numRuns: 60 },
    );
  });
});
