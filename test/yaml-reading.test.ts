import { afterEach, describe, expect, it } from "vitest";
import { Document } from "yaml";
import { BadUserInputError } from "../src/errors.ts";
import { ConfigSource, pyyamlExportTags } from "../src/interop/source.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * YAML read as LiteLLM reads it: PyYAML 6 safe_load, YAML 1.1 scalars. Every expected value in
 * SCALARS is what PyYAML 6.0.3 gives for `v: <text>` (checked against it when this table was
 * written), except timestamps, which stay the text as written (docs/import-export.md says why).
 */

const read = (text: string, source = "config.yaml") => ConfigSource.yaml(text, source).value as Record<string, unknown>;
const scalar = (text: string) => read(`v: ${text}\n`).v;

/** [text as written, the value PyYAML builds (a date: the text)]. */
const SCALARS: ReadonlyArray<readonly [string, unknown]> = [
  // integers: underscores, octal, hex, binary, base 60
  ["20_000", 20000],
  ["1_000_000", 1000000],
  ["-1_0", -10],
  ["1_", 1],
  ["017", 15],
  ["-017", -15],
  ["0_7", 7],
  ["00", 0],
  ["0", 0],
  ["-0", 0],
  ["+12", 12],
  ["0x1F", 31],
  ["0x_1F", 31],
  ["-0x1F", -31],
  ["0b101", 5],
  ["-0b11", -3],
  ["1:30", 90],
  ["-1:30", -90],
  ["190:20:30", 685230],
  ["1_0:30", 630],
  // not integers in PyYAML: strings
  ["0o17", "0o17"],
  ["09", "09"],
  ["08", "08"],
  ["0b2", "0b2"],
  ["0x", "0x"],
  ["01:30", "01:30"],
  ["1:60", "1:60"],
  // floats: a dot is needed, an exponent needs its sign
  ["1_000.5", 1000.5],
  ["3.14", 3.14],
  ["-3.14", -3.14],
  ["1.", 1],
  [".5", 0.5],
  ["08.5", 8.5],
  ["1.0e+3", 1000],
  ["1.e+3", 1000],
  ["1.5e-3", 0.0015],
  ["6.02e+23", 6.02e23],
  ["1:30.5", 90.5],
  ["1:0:0.5", 3600.5],
  [".inf", Infinity],
  ["+.inf", Infinity],
  ["-.inf", -Infinity],
  [".Inf", Infinity],
  [".nan", NaN],
  [".NaN", NaN],
  [".NAN", NaN],
  // not floats in PyYAML: strings
  ["1e3", "1e3"],
  ["1.0e3", "1.0e3"],
  ["12e+03", "12e+03"],
  ["0.5e3", "0.5e3"],
  ["-.5", "-.5"],
  ["+.5", "+.5"],
  ["-.nan", "-.nan"],
  ["._", "._"],
  // booleans: exactly yes|no|true|false|on|off in lower, Capitalised and UPPER case
  ["yes", true],
  ["Yes", true],
  ["YES", true],
  ["no", false],
  ["No", false],
  ["NO", false],
  ["on", true],
  ["On", true],
  ["ON", true],
  ["off", false],
  ["Off", false],
  ["OFF", false],
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["FALSE", false],
  // not booleans in PyYAML: strings
  ["y", "y"],
  ["Y", "Y"],
  ["n", "n"],
  ["N", "N"],
  ["tRUE", "tRUE"],
  ["oN", "oN"],
  // null
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["", null],
  // timestamps: PyYAML builds dates; kept as written
  ["2024-06-01", "2024-06-01"],
  ["2024-06-01 10:00:00", "2024-06-01 10:00:00"],
  ["2024-06-01T10:00:00Z", "2024-06-01T10:00:00Z"],
  ["2024-6-1", "2024-6-1"],
  ["2023-06-01-preview", "2023-06-01-preview"],
  // quoted text is always a string
  ["'yes'", "yes"],
  ['"0x1F"', "0x1F"],
  ['"20_000"', "20_000"],
  // explicit tags build with the same constructors
  ["!!str 5", "5"],
  ['!!int "5"', 5],
  ["!!int 1:30", 90],
  ["!!float 1", 1],
  ["!!float 1e3", 1000],
  ["!!bool yes", true],
  ["!!null x", null],
  ["!!timestamp 2024-06-01", "2024-06-01"],
];

describe("YAML 1.1 scalars, as PyYAML reads them", () => {
  it.each(SCALARS)("%s", (text, expected) => {
    const value = scalar(text);
    if (typeof expected === "number" && Number.isNaN(expected)) expect(Number.isNaN(value)).toBe(true);
    else expect(value).toStrictEqual(expected);
  });

  it("reads -0 as the integer 0, not negative zero", () => {
    expect(Object.is(scalar("-0"), 0)).toBe(true);
    expect(Object.is(scalar("-0.0"), -0)).toBe(true);
  });

  it("resolves keys the same way (yes: → true, 1:30: → 90, ~: → the empty key)", () => {
    expect(read("yes: a\nno: b\n1:30: c\n~: d\n0x10: e\n")).toEqual({ true: "a", false: "b", 90: "c", "": "d", 16: "e" });
  });

  it("reads scalars inside flow collections and block sequences", () => {
    expect(read("k: [yes, 1_0, '1_0', 0x10, y]\nl:\n  - off\n  - 1:30\n")).toEqual({ k: [true, 10, "1_0", 16, "y"], l: [false, 90] });
  });

  it("keeps merge keys: explicit keys win, several `<<` keys in one mapping merge each, positions point at the merged key", () => {
    const text = ["base: &base {tpm: 20_000, rpm: 10}", "extra: &extra {timeout: 1:30}", "entry:", "  <<: *base", "  <<: *extra", "  rpm: 5", ""].join("\n");
    const file = ConfigSource.yaml(text, "merge.yaml");
    expect(file.value).toEqual({ base: { tpm: 20000, rpm: 10 }, extra: { timeout: 90 }, entry: { tpm: 20000, rpm: 5, timeout: 90 } });
    expect(file.loc(["entry", "tpm"]).line).toBe(1);
    expect(file.loc(["entry", "timeout"]).line).toBe(2);
    expect(file.loc(["entry", "rpm"]).line).toBe(6);
  });

  it("keeps a duplicate key refused, naming both lines, also when two spellings mean one key (yes and on)", () => {
    expect(() => read("a: 1\nb: 2\na: 3\n")).toThrow(/config\.yaml:3:1: .*"a" appears twice in one mapping \(first at line 1\)/);
    expect(() => read("yes: 1\non: 2\n")).toThrow(/config\.yaml:2:1: .*"true" appears twice in one mapping \(first at line 1\)/);
  });
});

describe("values PyYAML refuses are refused with their line, the value and what is accepted", () => {
  const refusal = (text: string): BadUserInputError => {
    try {
      read(text, "bad.yaml");
    } catch (error) {
      expect(error).toBeInstanceOf(BadUserInputError);
      return error as BadUserInputError;
    }
    throw new Error(`${JSON.stringify(text)} was accepted`);
  };

  it("a plain = or << as a value", () => {
    expect(refusal("model_list:\n  - x: =\n").message).toMatch(/^bad\.yaml:2:8: .*a plain = is a value LiteLLM's reader \(PyYAML\) cannot load; accepted: "=" in quotes/);
    expect(refusal("a: <<\n").message).toMatch(/^bad\.yaml:1:4: .*a plain << .*accepted: "<<" in quotes/);
  });

  it("an explicit tag whose constructor refuses the text", () => {
    expect(refusal("a:\n  b: !!int abc\n").message).toMatch(/^bad\.yaml:2:6: .*"abc" is not an integer .*accepted: digits/);
    expect(refusal("a: !!int 0x_\n").message).toMatch(/^bad\.yaml:1:4: .*"0x_" is not an integer/);
    expect(refusal("a: !!bool y\n").message).toMatch(/^bad\.yaml:1:4: .*"y" is not a boolean .*accepted: yes, no, true, false, on, off/);
    expect(refusal("a: !!float abc\n").message).toMatch(/^bad\.yaml:1:4: .*"abc" is not a number .*accepted: 1\.5/);
  });

  it("a plain 0x_ (PyYAML's int pattern matches it, its constructor fails)", () => {
    expect(refusal("tpm: 0x_\n").message).toMatch(/^bad\.yaml:1:6: .*"0x_" is not an integer/);
  });
});

describe("writing YAML that PyYAML reads back the same (pyyamlExportTags)", () => {
  // Each string below is something else to PyYAML when written plain (checked against PyYAML 6.0.3).
  const STRINGS = ["=", "<<", "2024-01-01 12:00:00.", "2024-06-01T10:00:00.+02:00", "2024-06-01", "20_000", "1:30", "yes", "on", "~", "", "0x1F", "017", ".inf", "1_000.5", "1.0e+3"];
  const body = { strings: STRINGS, plain: ["a=b", "<<x", "2023-06-01-preview", "0o17"], values: [20000, 0.5, Infinity, -Infinity, true, false, null] };
  const text = new Document(body, { version: "1.1", customTags: pyyamlExportTags }).toString({ lineWidth: 0 });

  it("quotes every string PyYAML would read as another value, and reads back as written", () => {
    for (const s of STRINGS) expect(text, s).toContain(`- ${JSON.stringify(s)}\n`);
    expect(ConfigSource.yaml(text, "export.yaml").value).toEqual(body);
  });

  it("writes strings PyYAML keeps as strings, and numbers, booleans and null, plain", () => {
    for (const s of body.plain) expect(text, s).toContain(`- ${s}\n`);
    expect(text).toContain("- 20000\n  - 0.5\n  - .inf\n  - -.inf\n  - true\n  - false\n  - null\n");
  });
});

describe("JSON stays strict JSON", () => {
  it("reads strings as strings and refuses YAML 1.1 words", () => {
    expect(ConfigSource.json('{"tpm": "20_000", "on": "yes", "t": true}', "c.json").value).toEqual({ tpm: "20_000", on: "yes", t: true });
    expect(() => ConfigSource.json('{"stream": yes}', "c.json")).toThrow(/^c\.json:1:12: invalid JSON/);
    expect(() => ConfigSource.json('{"tpm": 20_000}', "c.json")).toThrow(/^c\.json:1:\d+: invalid JSON/);
  });
});

describe("importConfig reads a LiteLLM config's numbers and words as LiteLLM does", () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const CONFIG = [
    "model_list:",
    "  - model_name: gpt-4o",
    "    litellm_params:",
    "      model: openai/gpt-4o",
    "      tpm: 20_000",
    "      rpm: 0x3E8",
    "      timeout: 1:30",
    "      stream: yes",
    "      drop_params: off",
    "      max_retries: 017",
    "      temperature: .5",
    "      api_version: 2024-06-01",
    "      seed: 0o17",
    "",
  ].join("\n");

  it("stores tpm: 20_000 as 20000 and rpm: 0x3E8 as 1000; other parameters are exported with the values PyYAML gives", async () => {
    const s = await startTestServer();
    servers.push(s);
    await s.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: CONFIG });
    const contents = await s.ok(ops.CatalogContentsDocument);
    const [group] = contents.modelGroups.edges.map((e) => e.node);
    expect(group?.name).toBe("gpt-4o");
    expect(group?.deployments).toHaveLength(1);
    expect(group?.deployments[0]).toMatchObject({ model: "gpt-4o", tpm: 20000, rpm: 1000 });

    const exported = (await s.ok(ops.ExportConfigDocument, { format: "LITELLM_YAML" })).exportConfig;
    // Read back as LiteLLM would: the export means the same values.
    const params = (read(exported, "export.yaml").model_list as { litellm_params: Record<string, unknown> }[])[0]!.litellm_params;
    expect(params).toMatchObject({ tpm: 20000, rpm: 1000, timeout: 90, stream: true, drop_params: false, max_retries: 15, temperature: 0.5, seed: "0o17" });
    expect(params.api_version).toBe("2024-06-01");
    // The date stays a string for PyYAML too: the exporter quotes it.
    expect(exported).toMatch(/api_version: ["']2024-06-01["']/);

    // Importing the export again changes nothing.
    const again = (await s.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: exported })).importConfig;
    expect(again.created).toEqual({ providers: [], groups: [], deployments: [], aliases: [] });
    expect(again.updated).toEqual({ providers: [], groups: [], deployments: [], aliases: [] });
  });

  it("refuses tpm: 1e3 (a string for PyYAML, so LiteLLM has no number either) naming the line", async () => {
    const s = await startTestServer();
    servers.push(s);
    const result = await s.gql(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: CONFIG.replace("tpm: 20_000", "tpm: 1e3") });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/:5\b/);
    expect(result.errors?.[0]?.message).toContain("1e3");
    const contents = await s.ok(ops.CatalogContentsDocument);
    expect(contents.modelGroups.edges).toHaveLength(0);
  });
});
