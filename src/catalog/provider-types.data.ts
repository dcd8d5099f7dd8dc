/**
 * The built-in provider types, in the order of LiteLLM's `LlmProviders` enum
 * (`litellm/types/utils.py`). Facts were read from BerriAI/litellm (files and commits in
 * docs/provider-types.md); `source` names the file each entry's base and key variable come from.
 * Enum members that are not model providers (speech, image, OCR, vector stores, prompt
 * management, agent and router wrappers, Python custom handlers) are left out; the list of them
 * and why is in docs/provider-types.md.
 */
import type { ApiStyle, BuiltInProviderType } from "./provider-types.ts";

const GLP = "litellm_core_utils/get_llm_provider_logic.py";
const JSON_PROVIDERS = "llms/openai_like/providers.json";
const COMPATIBLE_ENDPOINTS = "constants.py openai_compatible_endpoints";
const SURVEY = "shared/provider-types.tsv (earlier survey of LiteLLM's provider configs)";
const CONVENTION = "convention";
const CHINA_EXAMPLE = "litellm/proxy/example_config_yaml/china_domestic_free_sources.yaml (LiteLLM's example config routing these prefixes)";
const config = (dir: string) => `llms/${dir}/transformation.py`;

const AWS = "AWS SigV4 request signing: no cheap unauthenticated list route";
const GCP = "Google Cloud OAuth (service account) credentials: no API-key list route";
const OAUTH = (what: string) => `${what}: short-lived OAuth tokens, no API-key list route`;
const NATIVE = (what: string) => `${what}'s native API: no OpenAI-style list route to probe`;
const PER_ACCOUNT = (what: string) => `${what}: per-account URL shape, no common list route`;
const IN_PROCESS = (what: string) => `${what} runs inside LiteLLM's process: no HTTP endpoint`;
const NO_V1 = (what: string) => `${what}: LiteLLM appends /v1/chat/completions to the base, so {base}/models is not the list route`;

interface Spec {
  style?: ApiStyle;
  base?: string | null;
  key: string;
  requiresBase?: boolean;
  modelsDev?: string | null;
  probe?: string;
  source: string;
}

/** One entry; the prefix is the id (LiteLLM routes `<id>/<model>`). */
function type(id: string, displayName: string, s: Spec): BuiltInProviderType {
  const apiStyle = s.style ?? "openai";
  return {
    id,
    prefix: id,
    displayName,
    apiStyle,
    defaultApiBase: s.base ?? null,
    apiKeyEnv: s.key,
    requiresApiBase: s.requiresBase ?? false,
    modelsDevId: s.modelsDev ?? null,
    probeNote: apiStyle === "none" ? (s.probe ?? null) : null,
    source: s.source,
  };
}

export const BUILT_IN_PROVIDER_TYPES: readonly BuiltInProviderType[] = [
  type("openai", "OpenAI (or any OpenAI-compatible endpoint)", { base: "https://api.openai.com/v1", key: "OPENAI_API_KEY", modelsDev: "openai", source: SURVEY }),
  type("chatgpt", "ChatGPT subscription", { style: "none", key: "CHATGPT_API_KEY", probe: OAUTH("ChatGPT subscription login"), source: CONVENTION }),
  type("openai_like", "OpenAI-like endpoint (embeddings)", { key: "OPENAI_LIKE_API_KEY", requiresBase: true, source: CONVENTION }),
  type("jina_ai", "Jina AI (embeddings)", { style: "none", key: "JINA_AI_API_KEY", probe: NATIVE("Jina AI embeddings"), source: CONVENTION }),
  type("xai", "xAI", { base: "https://api.x.ai/v1", key: "XAI_API_KEY", modelsDev: "xai", source: "constants.py XAI_API_BASE" }),
  type("zai", "Z.ai / Zhipu (GLM)", { base: "https://api.z.ai/api/paas/v4", key: "ZAI_API_KEY", modelsDev: "zai", source: SURVEY }),
  // Prefixes LiteLLM's own example configs route (litellm/proxy/example_config_yaml/china_domestic_free_sources.yaml).
  type("zhipu", "Zhipu AI BigModel (mainland China, GLM)", { base: "https://open.bigmodel.cn/api/paas/v4", key: "ZHIPU_API_KEY", modelsDev: "zhipuai", source: CHINA_EXAMPLE }),
  type("siliconflow", "SiliconFlow", { base: "https://api.siliconflow.cn/v1", key: "SILICONFLOW_API_KEY", modelsDev: "siliconflow-cn", source: CHINA_EXAMPLE }),
  type("custom_openai", "Custom OpenAI-compatible endpoint", { key: "OPENAI_API_KEY", requiresBase: true, source: CONVENTION }),
  type("text-completion-openai", "OpenAI (text completion route)", { base: "https://api.openai.com/v1", key: "OPENAI_API_KEY", modelsDev: "openai", source: SURVEY }),
  type("cohere", "Cohere", { style: "none", key: "COHERE_API_KEY", modelsDev: "cohere", probe: NATIVE("Cohere"), source: "docs set_keys.md; constants.py SENTRY_DENYLIST" }),
  type("cohere_chat", "Cohere (chat route)", { style: "none", key: "COHERE_API_KEY", modelsDev: "cohere", probe: NATIVE("Cohere"), source: "docs set_keys.md; constants.py SENTRY_DENYLIST" }),
  type("clarifai", "Clarifai", { base: "https://api.clarifai.com/v2/ext/openai/v1", key: "CLARIFAI_API_KEY", modelsDev: "clarifai", source: `${COMPATIBLE_ENDPOINTS}; SENTRY_DENYLIST` }),
  type("anthropic", "Anthropic", { style: "anthropic", base: "https://api.anthropic.com", key: "ANTHROPIC_API_KEY", modelsDev: "anthropic", source: SURVEY }),
  type("anthropic_text", "Anthropic (legacy text completion)", { style: "anthropic", base: "https://api.anthropic.com", key: "ANTHROPIC_API_KEY", modelsDev: "anthropic", source: SURVEY }),
  type("bytez", "Bytez", { style: "none", key: "BYTEZ_API_KEY", probe: NATIVE("Bytez"), source: CONVENTION }),
  type("replicate", "Replicate", { style: "none", key: "REPLICATE_API_KEY", probe: NATIVE("Replicate (predictions)"), source: "docs set_keys.md" }),
  type("huggingface", "Hugging Face (Inference Providers router)", { base: "https://router.huggingface.co/v1", key: "HUGGINGFACE_API_KEY", modelsDev: "huggingface", source: `${config("huggingface/chat")}; SENTRY_DENYLIST` }),
  type("together_ai", "Together AI", { base: "https://api.together.xyz/v1", key: "TOGETHER_API_KEY", modelsDev: "togetherai", source: GLP }),
  type("openrouter", "OpenRouter", { base: "https://openrouter.ai/api/v1", key: "OPENROUTER_API_KEY", modelsDev: "openrouter", source: SURVEY }),
  type("datarobot", "DataRobot", { style: "none", key: "DATAROBOT_API_TOKEN", probe: PER_ACCOUNT("DataRobot"), source: "constants.py SENTRY_DENYLIST" }),
  type("vertex_ai", "Google Vertex AI", { style: "none", key: "VERTEXAI_CREDENTIALS", modelsDev: "google-vertex", probe: GCP, source: SURVEY }),
  type("vertex_ai_beta", "Google Vertex AI (beta routes)", { style: "none", key: "VERTEXAI_CREDENTIALS", modelsDev: "google-vertex", probe: GCP, source: SURVEY }),
  type("gemini", "Google AI Studio (Gemini)", { style: "gemini", base: "https://generativelanguage.googleapis.com", key: "GEMINI_API_KEY", modelsDev: "google", source: SURVEY }),
  type("ai21", "AI21", { base: "https://api.ai21.com/studio/v1", key: "AI21_API_KEY", source: GLP }),
  type("baseten", "Baseten", { style: "none", key: "BASETEN_API_KEY", modelsDev: "baseten", probe: PER_ACCOUNT("Baseten model deployments"), source: CONVENTION }),
  type("azure", "Azure OpenAI", { style: "azure", key: "AZURE_API_KEY", requiresBase: true, modelsDev: "azure", source: SURVEY }),
  type("azure_text", "Azure OpenAI (text completion route)", { style: "azure", key: "AZURE_API_KEY", requiresBase: true, modelsDev: "azure", source: SURVEY }),
  type("azure_ai", "Azure AI Foundry", { style: "none", key: "AZURE_AI_API_KEY", requiresBase: true, probe: PER_ACCOUNT("Azure AI Foundry target URIs"), source: CONVENTION }),
  type("sagemaker", "AWS SageMaker", { style: "none", key: "AWS_ACCESS_KEY_ID", probe: AWS, source: SURVEY }),
  type("sagemaker_chat", "AWS SageMaker (chat route)", { style: "none", key: "AWS_ACCESS_KEY_ID", probe: AWS, source: SURVEY }),
  type("sagemaker_nova", "AWS SageMaker (Nova)", { style: "none", key: "AWS_ACCESS_KEY_ID", probe: AWS, source: SURVEY }),
  type("bedrock", "AWS Bedrock", { style: "none", key: "AWS_ACCESS_KEY_ID", modelsDev: "amazon-bedrock", probe: AWS, source: SURVEY }),
  type("vllm", "vLLM (in-process Python library)", { style: "none", key: "VLLM_API_KEY", probe: IN_PROCESS("The vllm library"), source: CONVENTION }),
  type("nlp_cloud", "NLP Cloud", { style: "none", key: "NLP_CLOUD_API_KEY", probe: NATIVE("NLP Cloud"), source: CONVENTION }),
  type("petals", "Petals", { style: "none", key: "PETALS_API_KEY", probe: IN_PROCESS("Petals"), source: CONVENTION }),
  type("oobabooga", "Oobabooga text-generation-webui", { style: "none", key: "OOBABOOGA_API_KEY", requiresBase: true, probe: NATIVE("text-generation-webui"), source: CONVENTION }),
  type("ollama", "Ollama (completion route)", { style: "ollama", base: "http://localhost:11434", key: "OLLAMA_API_KEY", source: SURVEY }),
  type("ollama_chat", "Ollama (chat route)", { style: "ollama", base: "http://localhost:11434", key: "OLLAMA_API_KEY", source: SURVEY }),
  type("deepinfra", "DeepInfra", { base: "https://api.deepinfra.com/v1/openai", key: "DEEPINFRA_API_KEY", modelsDev: "deepinfra", source: `${GLP} (endpoint map)` }),
  type("perplexity", "Perplexity", { base: "https://api.perplexity.ai", key: "PERPLEXITYAI_API_KEY", modelsDev: "perplexity", source: `${GLP} (endpoint map)` }),
  type("mistral", "Mistral AI", { base: "https://api.mistral.ai/v1", key: "MISTRAL_API_KEY", modelsDev: "mistral", source: `${GLP} (endpoint map)` }),
  type("groq", "Groq", { base: "https://api.groq.com/openai/v1", key: "GROQ_API_KEY", modelsDev: "groq", source: `${GLP} (endpoint map)` }),
  type("gigachat", "GigaChat", { style: "none", key: "GIGACHAT_API_KEY", probe: OAUTH("GigaChat"), source: CONVENTION }),
  type("nvidia_nim", "NVIDIA NIM", { base: "https://integrate.api.nvidia.com/v1", key: "NVIDIA_NIM_API_KEY", modelsDev: "nvidia", source: GLP }),
  type("cerebras", "Cerebras", { base: "https://api.cerebras.ai/v1", key: "CEREBRAS_API_KEY", modelsDev: "cerebras", source: GLP }),
  type("ai21_chat", "AI21 (chat route)", { base: "https://api.ai21.com/studio/v1", key: "AI21_API_KEY", source: GLP }),
  type("volcengine", "Volcengine Ark", { base: "https://ark.cn-beijing.volces.com/api/v3", key: "VOLCENGINE_API_KEY", source: GLP }),
  type("codestral", "Mistral Codestral", { base: "https://codestral.mistral.ai/v1", key: "CODESTRAL_API_KEY", modelsDev: "mistral", source: GLP }),
  type("text-completion-codestral", "Mistral Codestral (FIM completion route)", { base: "https://codestral.mistral.ai/v1", key: "CODESTRAL_API_KEY", modelsDev: "mistral", source: GLP }),
  type("dashscope", "Alibaba DashScope (Qwen)", { base: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", key: "DASHSCOPE_API_KEY", modelsDev: "alibaba", source: COMPATIBLE_ENDPOINTS }),
  type("modelscope", "ModelScope", { key: "MODELSCOPE_API_KEY", modelsDev: "modelscope", source: CONVENTION }),
  type("moonshot", "Moonshot (Kimi)", { base: "https://api.moonshot.ai/v1", key: "MOONSHOT_API_KEY", modelsDev: "moonshotai", source: COMPATIBLE_ENDPOINTS }),
  type("publicai", "PublicAI", { base: "https://api.publicai.co/v1", key: "PUBLICAI_API_KEY", source: JSON_PROVIDERS }),
  type("v0", "v0", { base: "https://api.v0.dev/v1", key: "V0_API_KEY", modelsDev: "v0", source: config("v0/chat") }),
  type("morph", "Morph", { base: "https://api.morphllm.com/v1", key: "MORPH_API_KEY", modelsDev: "morph", source: config("morph/chat") }),
  type("lambda_ai", "Lambda AI", { base: "https://api.lambda.ai/v1", key: "LAMBDA_API_KEY", source: config("lambda_ai/chat") }),
  type("inception", "Inception Labs", { key: "INCEPTION_API_KEY", modelsDev: "inception", source: CONVENTION }),
  type("text-completion-inception", "Inception Labs (completion route)", { key: "INCEPTION_API_KEY", modelsDev: "inception", source: CONVENTION }),
  type("deepseek", "DeepSeek", { base: "https://api.deepseek.com", key: "DEEPSEEK_API_KEY", modelsDev: "deepseek", source: `${SURVEY}; ${GLP} names the key` }),
  type("sambanova", "SambaNova", { base: "https://api.sambanova.ai/v1", key: "SAMBANOVA_API_KEY", source: GLP }),
  type("maritalk", "Maritaca (MariTalk)", { style: "none", key: "MARITALK_API_KEY", probe: NATIVE("MariTalk"), source: CONVENTION }),
  type("voyage", "Voyage AI (embeddings)", { style: "none", base: "https://api.voyageai.com/v1", key: "VOYAGE_API_KEY", probe: NATIVE("Voyage AI embeddings"), source: config("voyage/embedding") }),
  type("cloudflare", "Cloudflare Workers AI", { style: "none", key: "CLOUDFLARE_API_KEY", modelsDev: "cloudflare-workers-ai", probe: PER_ACCOUNT("Cloudflare Workers AI (CLOUDFLARE_ACCOUNT_ID in the URL)"), source: `${config("cloudflare/chat")}; SENTRY_DENYLIST` }),
  type("xinference", "Xinference", { key: "XINFERENCE_API_KEY", requiresBase: true, source: CONVENTION }),
  type("fireworks_ai", "Fireworks AI", { base: "https://api.fireworks.ai/inference/v1", key: "FIREWORKS_API_KEY", modelsDev: "fireworks-ai", source: SURVEY }),
  type("friendliai", "FriendliAI", { base: "https://api.friendli.ai/serverless/v1", key: "FRIENDLIAI_API_KEY", modelsDev: "friendli", source: GLP }),
  type("featherless_ai", "Featherless AI", { base: "https://api.featherless.ai/v1", key: "FEATHERLESS_API_KEY", source: config("featherless_ai/chat") }),
  type("watsonx", "IBM watsonx.ai", { style: "none", key: "WATSONX_API_KEY", probe: OAUTH("IBM Cloud IAM"), source: CONVENTION }),
  type("watsonx_text", "IBM watsonx.ai (text route)", { style: "none", key: "WATSONX_API_KEY", probe: OAUTH("IBM Cloud IAM"), source: CONVENTION }),
  type("triton", "NVIDIA Triton Inference Server", { style: "none", key: "TRITON_API_KEY", requiresBase: true, probe: NATIVE("Triton"), source: CONVENTION }),
  type("predibase", "Predibase", { style: "none", key: "PREDIBASE_API_KEY", probe: PER_ACCOUNT("Predibase"), source: CONVENTION }),
  type("databricks", "Databricks", { style: "none", key: "DATABRICKS_API_KEY", requiresBase: true, modelsDev: "databricks", probe: PER_ACCOUNT("Databricks serving endpoints"), source: CONVENTION }),
  type("empower", "Empower", { base: "https://app.empower.dev/api/v1", key: "EMPOWER_API_KEY", source: GLP }),
  type("github", "GitHub Models", { base: "https://models.inference.ai.azure.com", key: "GITHUB_API_KEY", modelsDev: "github-models", source: GLP }),
  type("ragflow", "RAGFlow", { key: "RAGFLOW_API_KEY", requiresBase: true, source: CONVENTION }),
  type("compactifai", "CompactifAI", { key: "COMPACTIFAI_API_KEY", source: CONVENTION }),
  type("docker_model_runner", "Docker Model Runner", { key: "DOCKER_MODEL_RUNNER_API_KEY", source: CONVENTION }),
  type("litellm_proxy", "LiteLLM Proxy", { key: "LITELLM_PROXY_API_KEY", requiresBase: true, source: SURVEY }),
  type("hosted_vllm", "vLLM (self-hosted)", { key: "HOSTED_VLLM_API_KEY", requiresBase: true, source: SURVEY }),
  type("tencent", "Tencent TokenHub", { key: "TENCENT_API_KEY", modelsDev: "tencent-tokenhub", source: CONVENTION }),
  type("llamafile", "llamafile", { key: "LLAMAFILE_API_KEY", source: CONVENTION }),
  type("lm_studio", "LM Studio", { base: "http://localhost:1234/v1", key: "LM_STUDIO_API_KEY", modelsDev: "lmstudio", source: SURVEY }),
  type("galadriel", "Galadriel", { base: "https://api.galadriel.com/v1", key: "GALADRIEL_API_KEY", source: GLP }),
  type("nebius", "Nebius AI Studio", { base: "https://api.studio.nebius.ai/v1", key: "NEBIUS_API_KEY", modelsDev: "nebius", source: GLP }),
  type("infinity", "Infinity (embeddings and rerank)", { style: "none", key: "INFINITY_API_KEY", requiresBase: true, probe: NATIVE("Infinity"), source: CONVENTION }),
  type("novita", "Novita AI", { base: "https://api.novita.ai/v3/openai", key: "NOVITA_API_KEY", modelsDev: "novita-ai", source: GLP }),
  type("aiohttp_openai", "OpenAI (aiohttp transport)", { key: "OPENAI_API_KEY", source: `${GLP} (passes api_base and key through)` }),
  type("sap", "SAP Generative AI Hub", { style: "none", key: "SAP_API_KEY", modelsDev: "sap-ai-core", probe: OAUTH("SAP AI Core service key"), source: CONVENTION }),
  type("assemblyai", "AssemblyAI LLM Gateway", { base: "https://llm-gateway.assemblyai.com/v1", key: "ASSEMBLYAI_API_KEY", source: JSON_PROVIDERS }),
  type("charity_engine", "Charity Engine", { base: "https://api.charityengine.services/remotejobs/v2/inference", key: "CHARITY_ENGINE_API_KEY", source: JSON_PROVIDERS }),
  type("github_copilot", "GitHub Copilot", { style: "none", key: "GITHUB_COPILOT_API_KEY", modelsDev: "github-copilot", probe: OAUTH("GitHub Copilot device login"), source: CONVENTION }),
  type("snowflake", "Snowflake Cortex", { style: "none", key: "SNOWFLAKE_JWT", modelsDev: "snowflake-cortex", probe: PER_ACCOUNT("Snowflake (SNOWFLAKE_ACCOUNT_ID in the URL, JWT auth)"), source: GLP }),
  type("gradient_ai", "DigitalOcean Gradient AI", { style: "none", base: "https://inference.do-ai.run", key: "GRADIENT_AI_API_KEY", modelsDev: "digitalocean", probe: NO_V1("Gradient AI"), source: config("gradient_ai/chat") }),
  type("meta_llama", "Meta Llama API", { base: "https://api.llama.com/compat/v1", key: "LLAMA_API_KEY", modelsDev: "llama", source: GLP }),
  type("nscale", "Nscale", { base: "https://inference.api.nscale.com/v1", key: "NSCALE_API_KEY", source: config("nscale/chat") }),
  type("helicone", "Helicone AI Gateway", { base: "https://ai-gateway.helicone.ai/", key: "HELICONE_API_KEY", modelsDev: "helicone", source: JSON_PROVIDERS }),
  type("hyperbolic", "Hyperbolic", { base: "https://api.hyperbolic.xyz/v1", key: "HYPERBOLIC_API_KEY", source: config("hyperbolic/chat") }),
  type("heroku", "Heroku Managed Inference", { style: "none", key: "HEROKU_API_KEY", requiresBase: true, probe: NO_V1("Heroku"), source: config("heroku/chat") }),
  type("aiml", "AI/ML API", { base: "https://api.aimlapi.com/v1", key: "AIML_API_KEY", source: config("aiml/chat") }),
  type("cometapi", "CometAPI", { base: "https://api.cometapi.com/v1", key: "COMETAPI_KEY", source: `${config("cometapi/chat")} (base); SENTRY_DENYLIST (key)` }),
  type("oci", "Oracle Cloud Infrastructure Generative AI", { style: "none", key: "OCI_API_KEY", probe: "OCI request signing: no cheap unauthenticated list route", source: CONVENTION }),
  type("vercel_ai_gateway", "Vercel AI Gateway", { base: "https://ai-gateway.vercel.sh/v1", key: "VERCEL_AI_GATEWAY_API_KEY", modelsDev: "vercel", source: config("vercel_ai_gateway/chat") }),
  type("wandb", "W&B Inference", { base: "https://api.inference.wandb.ai/v1", key: "WANDB_API_KEY", modelsDev: "wandb", source: `${COMPATIBLE_ENDPOINTS} (base); key by convention` }),
  type("ovhcloud", "OVHcloud AI Endpoints", { key: "OVHCLOUD_API_KEY", modelsDev: "ovhcloud", source: "constants.py SENTRY_DENYLIST (key); base not read" }),
  type("scaleway", "Scaleway Generative APIs", { base: "https://api.scaleway.ai/v1", key: "SCW_SECRET_KEY", modelsDev: "scaleway", source: JSON_PROVIDERS }),
  type("lemonade", "Lemonade", { key: "LEMONADE_API_KEY", source: CONVENTION }),
  type("amazon_nova", "Amazon Nova", { key: "AMAZON_NOVA_API_KEY", modelsDev: "nova", source: CONVENTION }),
  type("minimax", "MiniMax", { key: "MINIMAX_API_KEY", modelsDev: "minimax", source: CONVENTION }),
  type("synthetic", "Synthetic", { base: "https://api.synthetic.new/openai/v1", key: "SYNTHETIC_API_KEY", modelsDev: "synthetic", source: JSON_PROVIDERS }),
  type("apertis", "Apertis (Stima)", { base: "https://api.stima.tech/v1", key: "STIMA_API_KEY", source: JSON_PROVIDERS }),
  type("nano-gpt", "NanoGPT", { base: "https://nano-gpt.com/api/v1", key: "NANOGPT_API_KEY", modelsDev: "nano-gpt", source: JSON_PROVIDERS }),
  type("poe", "Poe", { base: "https://api.poe.com/v1", key: "POE_API_KEY", modelsDev: "poe", source: JSON_PROVIDERS }),
  type("chutes", "Chutes", { base: "https://llm.chutes.ai/v1/", key: "CHUTES_API_KEY", modelsDev: "chutes", source: JSON_PROVIDERS }),
  type("neosantara", "Neosantara", { key: "NEOSANTARA_API_KEY", source: CONVENTION }),
  type("parasail", "Parasail", { key: "PARASAIL_API_KEY", source: CONVENTION }),
  type("xiaomi_mimo", "Xiaomi MiMo", { base: "https://api.xiaomimimo.com/v1", key: "XIAOMI_MIMO_API_KEY", modelsDev: "xiaomi", source: JSON_PROVIDERS }),
  type("tensormesh", "Tensormesh", { key: "TENSORMESH_API_KEY", source: CONVENTION }),
  type("libertai", "LibertAI", { key: "LIBERTAI_API_KEY", source: CONVENTION }),
  type("pinstripes", "Pinstripes", { key: "PINSTRIPES_API_KEY", source: CONVENTION }),
  type("darkbloom", "Darkbloom", { key: "DARKBLOOM_API_KEY", source: CONVENTION }),
  type("meta", "Meta Model API", { key: "META_API_KEY", source: CONVENTION }),
  type("cursor", "Cursor BYOK", { style: "none", key: "CURSOR_API_KEY", probe: NATIVE("Cursor"), source: CONVENTION }),
  type("bedrock_mantle", "AWS Bedrock Mantle", { style: "none", key: "AWS_ACCESS_KEY_ID", probe: AWS, source: CONVENTION }),
  type("gdc", "Google Distributed Cloud", { style: "none", key: "GDC_API_KEY", probe: PER_ACCOUNT("Google Distributed Cloud installations"), source: CONVENTION }),
];
