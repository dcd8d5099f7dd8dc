import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticLiteLLMYaml } from "../bench/synthetic.ts";
import { readSimpleYaml } from "../src/interop/simple-yaml.ts";
import { ConfigSource, scalarTags } from "../src/interop/source.ts";
import type { Segment } from "../src/interop/spec.ts";

/*
 * The fast reader (src/interop/simple-yaml.ts) must give exactly what the yaml package gives, or
 * decline: the same values (types, key order) and the same location for every path.
 */

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/litellm");

/** Every path of a value, with the value's own representation (numbers and -0, NaN, strings apart). */
function paths(value: unknown, at: Segment[] = [], out: Array<[Segment[], string]> = []): Array<[Segment[], string]> {
  const repr = Array.isArray(value) ? "[]" : value !== null && typeof value === "object" ? "{}" : `${typeof value}:${Object.is(value, -0) ? "-0" : String(value)}`;
  out.push([at, repr]);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** null when the fast reader declines; else what differs from the yaml package's reading ([] when nothing). */
function differences(text: string): string[] | null {
  if (!readSimpleYaml(text, scalarTags())) return null;
  const fast = ConfigSource.yaml(text, "t");
  const full = ConfigSource.composed(text, "t");
  const a = paths(fast.value);
  const b = paths(full.value);
  const out: string[] = [];
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`values: ${JSON.stringify(a).slice(0, 400)} vs ${JSON.stringify(b).slice(0, 400)}`);
  for (const [path] of b) {
    const x = fast.loc(path);
    const y = full.loc(path);
    if (x.line !== y.line || x.column !== y.column || x.path !== y.path) out.push(`${y.path}: ${x.line}:${x.column} vs ${y.line}:${y.column}`);
  }
  return out;
}

const ACCEPTED = [
  "a: 1\nb: two\n",
  "a:\n  b: 1\n  c:\n    d: x\n",
  "model_list:\n- model_name: g\n  litellm_params:\n    model: openai/x\n    rpm: 100\nrouter_settings:\n  model_group_alias:\n    smart: g\n",
  "- a: 1\n  b: 2\n- c: 3\n",
  "- a:\n  - x\n  - y\n  b: 1\n",
  "-   a: 1\n    b: 2\n",
  "-\n  a: 1\n",
  "a:\n  b:\n  - 1\n  - 2\n  c: 3\nd: 4\n",
  "a: yes\nb: no\nc: On\nd: y\ne: 20_000\nf: 0x1F\ng: 017\nh: 1:30\ni: 1e3\nj: 1.0e+3\nk: .5\nl: -.5\nm: ~\nn: null\no: 2024-01-01\np: 09\nq: .inf\nr: -0\n",
  "a: 'x y'\nb: \"z w\"\ne: 'x' # c\nf: \"y\"  # c\ng: ''\n",
  "a: x # comment\nb: x#y\nc: x  #  y\nd: # a comment\n  e: 1\n",
  "# leading\n\na: 1 \n\n   # indented comment\nb: 2\n",
  "a: http://h:8080/v1\nb: os.environ/X\nc: a, b\nd: a [b]\ne: -1\nf: -x\ng: ?x\nh: a:b\n",
  "key with spaces: v\n2024-01-01: date key\né: ü\n",
  "a:\nb:\nc:\n  # nothing\n",
  "  indented: 1\n  root: 2\n",
  // Only spaces end a plain scalar before a comment: U+00A0 is content.
  "a: x\u00a0 # c\nb: \u00a0x\nc: x\u3000#c\n",
];

const DECLINED = [
  "a: [1, 2]\n", "a: {b: 1}\n", "a: |\n  x\n", "a: >\n  x\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "'q': 1\n", "? a\n: b\n",
  "a: x\n  continued\n", "- x\n  continued\n", "true: 1\n", "1: x\n", "---\na: 1\n", "a: x\r\nb: y\r\n", "a:\tx\n", "a: 'it''s'\n", "a: \"a\\nb\"\n", "- - x\n", "",
  "a: 1\na: 2\n", "__proto__: 1\n", "a: =\n",
  // After a quoted scalar, U+00A0 is not a separator (the yaml package refuses these).
  "a: 'x'\u00a0\n", "a: \"x\"\u00a0# c\n", "- 'x' \u00a0\n",
];

/** A small seeded generator (mulberry32): the same documents on every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const rnd = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const keys = ["a", "model_name", "litellm_params", "x y", "k-1", "é", "2024-01-01", "09", "a:b", "it's", "x]", "?x", "-x", "a\u00a0b", "yes", "1", "~", "<<", "__proto__", "x#y", "x #y"];
  const scalars = ["1", "-0", "1.5", "1e3", "1.0e+3", "-.5", "yes", "y", "~", "0x1F", "0x_", "017", "09", "1:30", "2024-01-01 10:00:00", "20_000", ".NaN", "openai/gpt-4o",
    "http://h:80/v1", "x y", "a#b", "x\u00a0", "[x]", "{x}", "a,b", "?x", "-x", "it's", "=", "<<", "&a", "*a", "!t", "|", "%x", "x:", "a: b", "- x", "\\"];
  // Mostly what configs hold, so that most documents are read, not declined.
  const commonKeys = ["a", "b", "model_name", "litellm_params", "api_base", "x y", "é", "it's"];
  const commonScalars = ["1", "1.5", "yes", "~", "openai/gpt-4o", "http://h:80/v1", "os.environ/KEY", "x y", "a#b", "it's", "20_000", "2024-01-01", "-x", "[x]"];
  const tricky = [" ", "\u00a0", "#", ":", "-", "'", '"', "\t", "\r", "[", "&", "\u2028", "\u0085", "\ufeff"];
  const scalar = () => {
    const s = pick(rnd() < 0.7 ? commonScalars : scalars);
    const q = rnd();
    return (q < 0.15 ? `'${s}'` : q < 0.25 ? `"${s}"` : s) + (rnd() < 0.1 ? pick([" # c", "  #c", " #"]) : "");
  };
  const map = (depth: number, indent: number, step: number, lines: string[], first?: string): void => {
    for (let i = 0, n = 1 + Math.floor(rnd() * 4); i < n; i++) {
      const head = (i === 0 && first !== undefined ? first : " ".repeat(indent)) + pick(rnd() < 0.7 ? commonKeys : keys);
      const r = rnd();
      if (depth < 4 && r < 0.25) {
        lines.push(head + ":");
        map(depth + 1, indent + step, step, lines);
      } else if (depth < 4 && r < 0.4) {
        lines.push(head + ":");
        seq(depth + 1, rnd() < 0.4 ? indent : indent + step, step, lines);
      } else lines.push(r < 0.45 ? head + ":" : head + pick([": ", ":  "]) + scalar());
      if (rnd() < 0.05) lines.push(rnd() < 0.5 ? "" : " ".repeat(Math.floor(rnd() * 6)) + "# note");
    }
  };
  const seq = (depth: number, indent: number, step: number, lines: string[]): void => {
    for (let i = 0, n = 1 + Math.floor(rnd() * 3); i < n; i++) {
      const dash = " ".repeat(indent) + "-";
      const r = rnd();
      if (depth < 4 && r < 0.35) {
        const pad = pick([" ", " ", "  "]);
        map(depth + 1, indent + 1 + pad.length, step, lines, dash + pad);
      } else if (depth < 4 && r < 0.45) {
        lines.push(dash);
        map(depth + 1, indent + step, step, lines);
      } else lines.push(dash + " " + scalar());
    }
  };
  /** One document: well formed, or with up to three random edits (a character in or out, an indent, a marker line). */
  return (): string => {
    const lines: string[] = [];
    const step = pick([1, 2, 2, 4]);
    if (rnd() < 0.2) seq(0, 0, step, lines);
    else map(0, pick([0, 0, 2]), step, lines);
    for (let j = 0, edits = rnd() < 0.5 ? 0 : 1 + Math.floor(rnd() * 3); j < edits; j++) {
      const i = Math.floor(rnd() * lines.length);
      const line = lines[i]!;
      const at = Math.floor(rnd() * (line.length + 1));
      const r = rnd();
      if (r < 0.35) lines[i] = line.slice(0, at) + pick(tricky) + line.slice(at);
      else if (r < 0.55) lines[i] = line.slice(0, at) + line.slice(at + 1);
      else if (r < 0.75) lines[i] = rnd() < 0.5 ? " " + line : line.replace(/^ /, "");
      else lines.splice(i, 0, pick(["---", "...", "%YAML 1.1", "  # c", line]));
    }
    return lines.join("\n") + (rnd() < 0.9 ? "\n" : "");
  };
}

describe("the fast YAML reader", () => {
  it("reads block YAML of one-line scalars exactly as the yaml package does", () => {
    for (const text of ACCEPTED) expect(differences(text), text).toEqual([]);
  });

  it("declines everything else (the yaml package reads it, or refuses it with its message)", () => {
    for (const text of DECLINED) expect(readSimpleYaml(text, scalarTags()), text).toBeNull();
  });

  it("reads the synthetic catalog, and every value of every scalar form in three places, as the yaml package does", () => {
    expect(differences(syntheticLiteLLMYaml((p) => `http://127.0.0.1:9/p${p}/v1`, 200))).toEqual([]);
    const scalars = ["yes", "no", "Off", "y", "20_000", "0x1F", "017", "1:30", "1e3", "1.0e+3", ".5", "-.5", "~", "null", "2024-01-01", "2024-01-01 10:00:00", "0", "-0", "+0", "0.", "1_000",
      "0o7", "1:60", ".Inf", ".NaN", "NaN", "x y", "'  '", "\" a \"", "'a\"b'", "a'b", "a\\b", "a#", "a # b", "?x", ":x", "-x", "x]", "x}", "é", "0b101", "190:20:30.5"];
    for (const v of scalars) for (const text of [`k: ${v}\n`, `- ${v}\n`, `a:\n  - ${v}\n  - z\n`, `${v}: 1\n`]) {
      const d = differences(text);
      if (d !== null) expect(d, text).toEqual([]);
    }
  });

  it("agrees with the yaml package on 3,000 generated documents, edited ones included, or declines them", () => {
    const next = generator(20261202);
    let read = 0;
    for (let n = 0; n < 3000; n++) {
      const text = next();
      const d = differences(text);
      if (d === null) continue;
      read++;
      expect(d, JSON.stringify(text)).toEqual([]);
    }
    // The generator must exercise the reader, not only its refusals.
    expect(read).toBeGreaterThan(500);
  });

  it("agrees with the yaml package on every corpus config it accepts", () => {
    let fast = 0;
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith(".yaml"))) {
      const text = readFileSync(join(CORPUS, file), "utf8").replace(/^\uFEFF/, "");
      let refused = false;
      try {
        ConfigSource.composed(text, file);
      } catch {
        refused = true;
      }
      // A file the yaml package refuses is never accepted by the fast reader.
      if (refused) expect(readSimpleYaml(text, scalarTags()), file).toBeNull();
      else {
        const d = differences(text);
        if (d !== null) fast++;
        if (d !== null) expect(d, file).toEqual([]);
      }
    }
    expect(fast).toBeGreaterThan(10);
  });
});
