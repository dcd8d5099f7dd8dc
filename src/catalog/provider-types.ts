/**
 * Built-in provider types: one API family each, with its LiteLLM routing prefix.
 * Facts copied from shared/provider-types.tsv (gathered from LiteLLM get_llm_provider and
 * nanobot's provider registry); the service never reads that file at run time.
 */
export type ApiStyle = "openai" | "azure" | "anthropic" | "gemini" | "ollama" | "none";

export interface ProviderTypeInfo {
  /** LiteLLM provider name, e.g. `hosted_vllm`. */
  readonly id: string;
  /** Routing prefix: prefixedId = prefix + "/" + model. */
  readonly prefix: string;
  readonly displayName: string;
  /** Decides the health probe. */
  readonly apiStyle: ApiStyle;
  /** null: none (the type is regional, or a provider must set apiBase). */
  readonly defaultApiBase: string | null;
  readonly apiKeyEnv: string;
  /** A provider of this type must set apiBase (no default exists). */
  readonly requiresApiBase: boolean;
}

export const PROVIDER_TYPES: readonly ProviderTypeInfo[] = [
  { id: "openai", prefix: "openai", displayName: "OpenAI (or any OpenAI-compatible endpoint)", apiStyle: "openai", defaultApiBase: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", requiresApiBase: false },
  { id: "azure", prefix: "azure", displayName: "Azure OpenAI", apiStyle: "azure", defaultApiBase: null, apiKeyEnv: "AZURE_API_KEY", requiresApiBase: true },
  { id: "anthropic", prefix: "anthropic", displayName: "Anthropic", apiStyle: "anthropic", defaultApiBase: "https://api.anthropic.com", apiKeyEnv: "ANTHROPIC_API_KEY", requiresApiBase: false },
  { id: "gemini", prefix: "gemini", displayName: "Google AI Studio (Gemini)", apiStyle: "gemini", defaultApiBase: "https://generativelanguage.googleapis.com", apiKeyEnv: "GEMINI_API_KEY", requiresApiBase: false },
  { id: "vertex_ai", prefix: "vertex_ai", displayName: "Google Vertex AI", apiStyle: "none", defaultApiBase: null, apiKeyEnv: "VERTEXAI_CREDENTIALS", requiresApiBase: false },
  { id: "bedrock", prefix: "bedrock", displayName: "AWS Bedrock", apiStyle: "none", defaultApiBase: null, apiKeyEnv: "AWS_ACCESS_KEY_ID", requiresApiBase: false },
  { id: "openrouter", prefix: "openrouter", displayName: "OpenRouter", apiStyle: "openai", defaultApiBase: "https://openrouter.ai/api/v1", apiKeyEnv: "OPENROUTER_API_KEY", requiresApiBase: false },
  { id: "groq", prefix: "groq", displayName: "Groq", apiStyle: "openai", defaultApiBase: "https://api.groq.com/openai/v1", apiKeyEnv: "GROQ_API_KEY", requiresApiBase: false },
  { id: "mistral", prefix: "mistral", displayName: "Mistral AI", apiStyle: "openai", defaultApiBase: "https://api.mistral.ai/v1", apiKeyEnv: "MISTRAL_API_KEY", requiresApiBase: false },
  { id: "codestral", prefix: "codestral", displayName: "Mistral Codestral", apiStyle: "openai", defaultApiBase: "https://codestral.mistral.ai/v1", apiKeyEnv: "CODESTRAL_API_KEY", requiresApiBase: false },
  { id: "xai", prefix: "xai", displayName: "xAI", apiStyle: "openai", defaultApiBase: "https://api.x.ai/v1", apiKeyEnv: "XAI_API_KEY", requiresApiBase: false },
  { id: "deepseek", prefix: "deepseek", displayName: "DeepSeek", apiStyle: "openai", defaultApiBase: "https://api.deepseek.com", apiKeyEnv: "DEEPSEEK_API_KEY", requiresApiBase: false },
  { id: "together_ai", prefix: "together_ai", displayName: "Together AI", apiStyle: "openai", defaultApiBase: "https://api.together.xyz/v1", apiKeyEnv: "TOGETHER_API_KEY", requiresApiBase: false },
  { id: "fireworks_ai", prefix: "fireworks_ai", displayName: "Fireworks AI", apiStyle: "openai", defaultApiBase: "https://api.fireworks.ai/inference/v1", apiKeyEnv: "FIREWORKS_API_KEY", requiresApiBase: false },
  { id: "perplexity", prefix: "perplexity", displayName: "Perplexity", apiStyle: "openai", defaultApiBase: "https://api.perplexity.ai", apiKeyEnv: "PERPLEXITYAI_API_KEY", requiresApiBase: false },
  { id: "deepinfra", prefix: "deepinfra", displayName: "DeepInfra", apiStyle: "openai", defaultApiBase: "https://api.deepinfra.com/v1/openai", apiKeyEnv: "DEEPINFRA_API_KEY", requiresApiBase: false },
  { id: "cerebras", prefix: "cerebras", displayName: "Cerebras", apiStyle: "openai", defaultApiBase: "https://api.cerebras.ai/v1", apiKeyEnv: "CEREBRAS_API_KEY", requiresApiBase: false },
  { id: "nvidia_nim", prefix: "nvidia_nim", displayName: "NVIDIA NIM", apiStyle: "openai", defaultApiBase: "https://integrate.api.nvidia.com/v1", apiKeyEnv: "NVIDIA_NIM_API_KEY", requiresApiBase: false },
  { id: "sambanova", prefix: "sambanova", displayName: "SambaNova", apiStyle: "openai", defaultApiBase: "https://api.sambanova.ai/v1", apiKeyEnv: "SAMBANOVA_API_KEY", requiresApiBase: false },
  { id: "nebius", prefix: "nebius", displayName: "Nebius AI Studio", apiStyle: "openai", defaultApiBase: "https://api.studio.nebius.ai/v1", apiKeyEnv: "NEBIUS_API_KEY", requiresApiBase: false },
  { id: "moonshot", prefix: "moonshot", displayName: "Moonshot (Kimi)", apiStyle: "openai", defaultApiBase: "https://api.moonshot.ai/v1", apiKeyEnv: "MOONSHOT_API_KEY", requiresApiBase: false },
  { id: "dashscope", prefix: "dashscope", displayName: "Alibaba DashScope (Qwen)", apiStyle: "openai", defaultApiBase: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", apiKeyEnv: "DASHSCOPE_API_KEY", requiresApiBase: false },
  { id: "zai", prefix: "zai", displayName: "Z.ai / Zhipu (GLM)", apiStyle: "openai", defaultApiBase: "https://api.z.ai/api/paas/v4", apiKeyEnv: "ZAI_API_KEY", requiresApiBase: false },
  { id: "volcengine", prefix: "volcengine", displayName: "Volcengine Ark", apiStyle: "openai", defaultApiBase: "https://ark.cn-beijing.volces.com/api/v3", apiKeyEnv: "VOLCENGINE_API_KEY", requiresApiBase: false },
  { id: "novita", prefix: "novita", displayName: "Novita AI", apiStyle: "openai", defaultApiBase: "https://api.novita.ai/v3/openai", apiKeyEnv: "NOVITA_API_KEY", requiresApiBase: false },
  { id: "github", prefix: "github", displayName: "GitHub Models", apiStyle: "openai", defaultApiBase: "https://models.inference.ai.azure.com", apiKeyEnv: "GITHUB_API_KEY", requiresApiBase: false },
  { id: "meta_llama", prefix: "meta_llama", displayName: "Meta Llama API", apiStyle: "openai", defaultApiBase: "https://api.llama.com/compat/v1", apiKeyEnv: "LLAMA_API_KEY", requiresApiBase: false },
  { id: "hosted_vllm", prefix: "hosted_vllm", displayName: "vLLM (self-hosted)", apiStyle: "openai", defaultApiBase: null, apiKeyEnv: "HOSTED_VLLM_API_KEY", requiresApiBase: true },
  { id: "lm_studio", prefix: "lm_studio", displayName: "LM Studio", apiStyle: "openai", defaultApiBase: "http://localhost:1234/v1", apiKeyEnv: "LM_STUDIO_API_KEY", requiresApiBase: false },
  { id: "ollama", prefix: "ollama", displayName: "Ollama (completion route)", apiStyle: "ollama", defaultApiBase: "http://localhost:11434", apiKeyEnv: "OLLAMA_API_KEY", requiresApiBase: false },
  { id: "ollama_chat", prefix: "ollama_chat", displayName: "Ollama (chat route)", apiStyle: "ollama", defaultApiBase: "http://localhost:11434", apiKeyEnv: "OLLAMA_API_KEY", requiresApiBase: false },
  { id: "litellm_proxy", prefix: "litellm_proxy", displayName: "LiteLLM Proxy", apiStyle: "openai", defaultApiBase: null, apiKeyEnv: "LITELLM_PROXY_API_KEY", requiresApiBase: true },
];

const byId = new Map(PROVIDER_TYPES.map((t) => [t.id, t]));

export function findProviderType(id: string): ProviderTypeInfo | undefined {
  return byId.get(id);
}

export function providerTypeIds(): string[] {
  return PROVIDER_TYPES.map((t) => t.id);
}
