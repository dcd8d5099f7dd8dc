import { describe, expect, it } from "vitest";
import { doublePrefixWarning, effectiveApiBase, normalizeApiBase, prefixedId } from "../src/catalog/prefix.ts";
import { findProviderType, type ProviderTypeInfo } from "../src/catalog/provider-types.ts";
import { candidatesOf, compareCandidates, selectCandidate } from "../src/catalog/resolution/select.ts";
import { closestNames, editDistance } from "../src/catalog/suggest.ts";
import {
  validateApiBase,
  validateApiKeyEnv,
  validateDescription,
  validateIntRange,
  validateModel,
  validateOptionalPositive,
  validateProviderName,
  validatePublicName,
} from "../src/catalog/validation.ts";
import type { DeploymentRow } from "../src/db/schema.ts";
import { deriveGroupHealth, HealthStatus } from "../src/health/status.ts";

const { HEALTHY, DEGRADED, UNHEALTHY, UNKNOWN } = HealthStatus;

function type(id: string): ProviderTypeInfo {
  const t = findProviderType(id);
  if (!t) throw new Error(`no provider type ${id}`);
  return t;
}

function row(id: number, priority: number, weight: number, enabled = true): DeploymentRow {
  const at = new Date(0);
  return { id, groupId: 1, providerId: 1, model: `m${id}`, apiBase: "", priority, weight, rpm: null, tpm: null, enabled, probe: "AUTO", externalId: null, extraParams: null,
    factsOverride: null, modelWritten: null, variant: "", entryExtra: null, createdAt: at, updatedAt: at };
}

/** The BAD_USER_INPUT a validator throws, or a failure if it accepts the value. */
function rejection(fn: () => unknown): { message: string; code: unknown } {
  try {
    fn();
  } catch (e) {
    const err = e as { message: string; extensions?: { code?: unknown } };
    return { message: err.message, code: err.extensions?.code };
  }
  throw new Error("expected the value to be rejected");
}

describe("candidate order", () => {
  it("compares by priority ascending, then weight descending, then id", () => {
    expect(compareCandidates(row(9, 0, 1), row(1, 1, 100))).toBeLessThan(0);
    expect(compareCandidates(row(9, 0, 5), row(1, 0, 1))).toBeLessThan(0);
    expect(compareCandidates(row(1, 0, 1), row(2, 0, 1))).toBeLessThan(0);
    expect(compareCandidates(row(2, 0, 1), row(1, 0, 1))).toBeGreaterThan(0);
    expect(compareCandidates(row(3, 0, 1), row(3, 0, 1))).toBe(0);
  });

  it("keeps only enabled deployments, in candidate order, without touching its input", () => {
    const input = [row(1, 1, 100), row(2, 0, 2), row(3, 0, 1000, false), row(4, 0, 2), row(5, 0, 5), row(6, 2, 1)];
    const before = input.map((d) => d.id);
    expect(candidatesOf(input).map((d) => d.id)).toEqual([5, 2, 4, 1, 6]);
    expect(input.map((d) => d.id)).toEqual(before);
    expect(candidatesOf([row(1, 0, 1, false)])).toEqual([]);
  });
});

describe("selectCandidate", () => {
  const pick = (statuses: HealthStatus[]) => {
    const items = statuses.map((status, index) => ({ index, status }));
    const s = selectCandidate(items, (c) => c.status);
    return { index: s.selected?.index, allUnhealthy: s.allUnhealthy, reason: s.reason };
  };

  it("takes the first candidate when all are UNKNOWN", () => {
    expect(pick([UNKNOWN, UNKNOWN, UNKNOWN])).toMatchObject({ index: 0, allUnhealthy: false });
  });

  it("takes the first HEALTHY one, wherever it is", () => {
    expect(pick([UNHEALTHY, HEALTHY, HEALTHY])).toMatchObject({ index: 1, allUnhealthy: false });
    expect(pick([UNKNOWN, DEGRADED, UNHEALTHY, HEALTHY])).toMatchObject({ index: 3 });
  });

  it("prefers DEGRADED over UNKNOWN, and UNKNOWN over UNHEALTHY", () => {
    expect(pick([UNHEALTHY, UNKNOWN, DEGRADED])).toMatchObject({ index: 2, allUnhealthy: false });
    expect(pick([UNHEALTHY, UNKNOWN, UNKNOWN])).toMatchObject({ index: 1, allUnhealthy: false });
  });

  it("still answers with the first candidate when all are UNHEALTHY, and says so", () => {
    const s = pick([UNHEALTHY, UNHEALTHY]);
    expect(s).toMatchObject({ index: 0, allUnhealthy: true });
    expect(s.reason).toMatch(/unhealthy/i);
  });

  it("selects nothing from no candidates", () => {
    expect(pick([])).toMatchObject({ index: undefined, allUnhealthy: false });
  });
});

describe("prefixed ids", () => {
  // docs/contract.md section 2, "Seed examples that must hold".
  const seed: { provider: string; type: string; apiBase: string | null; model: string; prefixedId: string; base: string }[] = [
    {
      provider: "vllm",
      type: "hosted_vllm",
      apiBase: "https://integrate.api.nvidia.com/v1",
      model: "z-ai/glm4.7",
      prefixedId: "hosted_vllm/z-ai/glm4.7",
      base: "https://integrate.api.nvidia.com/v1",
    },
    {
      provider: "openrouter",
      type: "openrouter",
      apiBase: null,
      model: "anthropic/claude-opus-4-5",
      prefixedId: "openrouter/anthropic/claude-opus-4-5",
      base: "https://openrouter.ai/api/v1",
    },
    { provider: "zhipu", type: "zai", apiBase: null, model: "glm-4.7", prefixedId: "zai/glm-4.7", base: "https://api.z.ai/api/paas/v4" },
    {
      provider: "azure-eu",
      type: "azure",
      apiBase: "https://xyz1.openai.azure.com/",
      model: "gpt-1",
      prefixedId: "azure/gpt-1",
      base: "https://xyz1.openai.azure.com/",
    },
  ];

  for (const s of seed) {
    it(`${s.provider} (${s.type}) serving ${s.model} is ${s.prefixedId}`, () => {
      expect(prefixedId(type(s.type), s.model)).toBe(s.prefixedId);
      expect(doublePrefixWarning(type(s.type), s.model)).toBeNull();
      expect(effectiveApiBase("", s.apiBase, type(s.type))).toBe(s.base);
    });
  }

  it("never strips an existing prefix, and warns about it", () => {
    const openrouter = type("openrouter");
    expect(prefixedId(openrouter, "openrouter/auto")).toBe("openrouter/openrouter/auto");
    const warning = doublePrefixWarning(openrouter, "openrouter/auto");
    expect(warning).toContain('"openrouter/auto"');
    expect(warning).toContain("openrouter/openrouter/auto");
    expect(doublePrefixWarning(type("hosted_vllm"), "hosted_vllm/z-ai/glm4.7")).toContain("hosted_vllm/hosted_vllm/z-ai/glm4.7");
  });

  it("warns only for the type's prefix followed by a slash", () => {
    expect(doublePrefixWarning(type("openrouter"), "openrouterx/auto")).toBeNull();
    expect(doublePrefixWarning(type("openrouter"), "openrouter")).toBeNull();
    // Another type's prefix is part of the model id, not a double prefix.
    expect(doublePrefixWarning(type("hosted_vllm"), "openai/gpt-oss-120b")).toBeNull();
    expect(doublePrefixWarning(type("zai"), "z-ai/glm4.7")).toBeNull();
  });

  it("takes the deployment's API base, else the provider's, else the type's default", () => {
    const openai = type("openai");
    expect(effectiveApiBase("http://d/v1", "http://p/v1", openai)).toBe("http://d/v1");
    expect(effectiveApiBase("", "http://p/v1", openai)).toBe("http://p/v1");
    expect(effectiveApiBase(null, "http://p/v1", openai)).toBe("http://p/v1");
    expect(effectiveApiBase(undefined, null, openai)).toBe("https://api.openai.com/v1");
    expect(effectiveApiBase("", null, type("hosted_vllm"))).toBeNull();
  });

  it("normalizes an API base key by dropping trailing slashes only", () => {
    expect(normalizeApiBase("https://xyz1.openai.azure.com/")).toBe("https://xyz1.openai.azure.com");
    expect(normalizeApiBase("http://h/v1//")).toBe("http://h/v1");
    expect(normalizeApiBase("http://h/v1")).toBe("http://h/v1");
    expect(normalizeApiBase("http://H/V1")).toBe("http://H/V1");
    expect(normalizeApiBase(null)).toBe("");
  });
});

describe("deriveGroupHealth", () => {
  it("is UNKNOWN when nothing was checked", () => {
    expect(deriveGroupHealth([])).toBe(UNKNOWN);
    expect(deriveGroupHealth([UNKNOWN, UNKNOWN])).toBe(UNKNOWN);
  });

  it("is HEALTHY only when every deployment is HEALTHY", () => {
    expect(deriveGroupHealth([HEALTHY])).toBe(HEALTHY);
    expect(deriveGroupHealth([HEALTHY, HEALTHY, HEALTHY])).toBe(HEALTHY);
  });

  it("is DEGRADED when some routes work", () => {
    expect(deriveGroupHealth([HEALTHY, UNHEALTHY])).toBe(DEGRADED);
    expect(deriveGroupHealth([UNHEALTHY, HEALTHY])).toBe(DEGRADED);
    // Not every route is known to work.
    expect(deriveGroupHealth([HEALTHY, UNKNOWN])).toBe(DEGRADED);
    // A DEGRADED deployment is reachable, so its group is not UNHEALTHY.
    expect(deriveGroupHealth([DEGRADED, DEGRADED])).toBe(DEGRADED);
    expect(deriveGroupHealth([DEGRADED, UNHEALTHY])).toBe(DEGRADED);
  });

  it("is UNHEALTHY when no checked route works", () => {
    expect(deriveGroupHealth([UNHEALTHY])).toBe(UNHEALTHY);
    expect(deriveGroupHealth([UNHEALTHY, UNHEALTHY])).toBe(UNHEALTHY);
    expect(deriveGroupHealth([UNHEALTHY, UNKNOWN])).toBe(UNHEALTHY);
  });
});

describe("suggestions", () => {
  it("computes edit distances", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("smrt", "smart")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
    expect(editDistance("ab", "ba")).toBe(2);
  });

  it("stops at limit + 1 once the distance exceeds the limit", () => {
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
    expect(editDistance("a", "abcdefgh", 3)).toBe(4);
    expect(editDistance("smrt", "smart", 2)).toBe(1);
  });

  const names = ["smart", "nvgm", "glm-nim", "glm-zhipu", "claude-opus", "gpt-1", "gpt-4", "gpt-4o", "GPT-4"];

  it("suggests close names, closest first", () => {
    expect(closestNames("smrt", names)).toEqual(["smart"]);
    expect(closestNames("glm-nin", names)[0]).toBe("glm-nim");
    expect(closestNames("opus", names)).toEqual(["claude-opus"]);
  });

  it("puts case-insensitive matches before substrings and edits", () => {
    const got = closestNames("Gpt-4", names);
    expect(got.slice(0, 2).sort()).toEqual(["GPT-4", "gpt-4"]);
    expect(got).toContain("gpt-4o");
    expect(got.indexOf("gpt-4o")).toBeGreaterThan(1);
  });

  it("returns nothing for a name that is close to none, and at most max names", () => {
    expect(closestNames("completely-unrelated", names)).toEqual([]);
    expect(closestNames("x", [])).toEqual([]);
    expect(closestNames("gpt", names, 2)).toHaveLength(2);
    expect(closestNames("gpt", names).length).toBeLessThanOrEqual(5);
  });
});

describe("validators", () => {
  it("accepts public names of 1–256 code points, case-sensitive, slashes allowed", () => {
    for (const ok of ["a", "gpt-4o", "GPT-4", "smart", "openrouter/anthropic/claude-opus-4-5", "z-ai/glm4.7", "名前", "😀"]) {
      expect(validatePublicName(ok)).toBe(ok);
    }
    expect(validatePublicName("a".repeat(256))).toHaveLength(256);
  });

  it("rejects a public name of 257 characters and names the length", () => {
    const r = rejection(() => validatePublicName("a".repeat(257)));
    expect(r.code).toBe("BAD_USER_INPUT");
    expect(r.message).toContain("257");
    expect(r.message).toContain("256");
  });

  it("counts an emoji as one character (code points, not UTF-16 units)", () => {
    // 256 emoji are 512 UTF-16 code units.
    const emoji256 = "😀".repeat(256);
    expect(emoji256.length).toBe(512);
    expect(validatePublicName(emoji256)).toBe(emoji256);
    expect(validatePublicName("a".repeat(255) + "😀")).toBe("a".repeat(255) + "😀");
    expect(rejection(() => validatePublicName("😀".repeat(257))).message).toContain("257 characters");
    expect(rejection(() => validatePublicName("a".repeat(256) + "😀")).message).toContain("257 characters");
  });

  it("rejects empty names, whitespace other than single inner spaces, control and invisible characters", () => {
    for (const bad of ["", "two  spaces", "tab\there", "new\nline", " lead", "trail ", "nul\u0000x", "zero\u200bwidth", "nbsp\u00a0x", "bell\u0007", "ls\u2028x"]) {
      const r = rejection(() => validatePublicName(bad));
      expect(r.code, JSON.stringify(bad)).toBe("BAD_USER_INPUT");
    }
    expect(rejection(() => validatePublicName("")).message).toMatch(/empty/);
    expect(rejection(() => validatePublicName("two  spaces")).message).toContain('"two  spaces" has two spaces in a row');
    expect(validatePublicName("Local LLM")).toBe("Local LLM");
  });

  it("accepts provider slugs and rejects others with a reason", () => {
    for (const ok of ["vllm", "azure-eu", "zhipu", "a", "0abc", "hosted_vllm", "a".repeat(63)]) expect(validateProviderName(ok)).toBe(ok);
    for (const bad of ["", "Zhipu", "zh/glm", "-abc", "_abc", "a b", "a".repeat(64), "ä"]) {
      expect(rejection(() => validateProviderName(bad)).code, JSON.stringify(bad)).toBe("BAD_USER_INPUT");
    }
    expect(rejection(() => validateProviderName("zh/glm")).message).toContain("'/'");
    expect(rejection(() => validateProviderName("Zhipu")).message).toMatch(/lower case/);
  });

  it("accepts model ids as the provider knows them, up to 512 code points", () => {
    for (const ok of ["z-ai/glm4.7", "openrouter/auto", "gpt-4o", "meta-llama/Llama-3.1-8B-Instruct:free", "x".repeat(512), "😀".repeat(512)]) {
      expect(validateModel(ok)).toBe(ok);
    }
    for (const bad of ["", "x".repeat(513), "😀".repeat(513), "gpt 4o", "gpt-4o\n", "a\u200bb"]) {
      expect(rejection(() => validateModel(bad)).code, JSON.stringify(bad).slice(0, 40)).toBe("BAD_USER_INPUT");
    }
  });

  it("accepts http(s) API bases without credentials, query or fragment", () => {
    for (const ok of ["https://integrate.api.nvidia.com/v1", "https://xyz1.openai.azure.com/", "http://127.0.0.1:8000", "http://localhost:11434"]) {
      expect(validateApiBase(ok)).toBe(ok);
    }
    for (const bad of ["integrate.api.nvidia.com/v1", "not a url", "ftp://host/v1", "file:///etc/passwd", "https://user:secret@host/v1", "https://host/v1?key=abc", "https://host/v1#x", ""]) {
      expect(rejection(() => validateApiBase(bad)).code, bad).toBe("BAD_USER_INPUT");
    }
    const creds = rejection(() => validateApiBase("https://user:s3cr3t@host/v1"));
    expect(creds.message).not.toContain("s3cr3t");
    const query = rejection(() => validateApiBase("https://host/v1?key=sk-123"));
    expect(query.message).not.toContain("sk-123");
  });

  it("accepts environment variable names, reducing os.environ/NAME to NAME", () => {
    expect(validateApiKeyEnv("OPENAI_API_KEY")).toBe("OPENAI_API_KEY");
    expect(validateApiKeyEnv("os.environ/NVIDIA_NIM_API_KEY")).toBe("NVIDIA_NIM_API_KEY");
    expect(validateApiKeyEnv("PRIVATE_1")).toBe("PRIVATE_1");
    // Upper case only (docs/decisions.md): lower-case names are legal in POSIX but not what key variables look like.
    for (const bad of ["", "_private1", "1KEY", "sk-abc123", "HAS SPACE", "os.environ/", "os.environ/1X", "A".repeat(129)]) {
      expect(rejection(() => validateApiKeyEnv(bad)).code, bad.slice(0, 20)).toBe("BAD_USER_INPUT");
    }
  });

  it("limits descriptions to 4000 characters", () => {
    expect(validateDescription(null)).toBeNull();
    expect(validateDescription(undefined)).toBeNull();
    // An empty description means none: stored as null, so exports and imports agree.
    expect(validateDescription("")).toBeNull();
    expect(rejection(() => validateDescription("a\ud800b")).message).toContain("unpaired surrogate");
    expect(validateDescription("d".repeat(4000))).toHaveLength(4000);
    expect(rejection(() => validateDescription("d".repeat(4001))).code).toBe("BAD_USER_INPUT");
  });

  it("checks integer ranges", () => {
    expect(validateIntRange(0, "priority", 0, 10)).toBe(0);
    expect(validateIntRange(10, "priority", 0, 10)).toBe(10);
    for (const bad of [-1, 11, 1.5, Number.NaN]) {
      expect(rejection(() => validateIntRange(bad, "priority", 0, 10)).message).toContain("priority");
    }
    expect(validateOptionalPositive(null, "rpm")).toBeNull();
    expect(validateOptionalPositive(undefined, "rpm")).toBeNull();
    expect(validateOptionalPositive(1, "rpm")).toBe(1);
    expect(rejection(() => validateOptionalPositive(0, "rpm")).code).toBe("BAD_USER_INPUT");
  });
});
