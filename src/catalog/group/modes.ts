/** LiteLLM's model_info.mode values. Stored lower case, as LiteLLM writes them. */
export const MODEL_MODES = [
  "chat",
  "completion",
  "embedding",
  "image_generation",
  "audio_transcription",
  "audio_speech",
  "moderation",
  "rerank",
  "responses",
] as const;

export type ModelModeValue = (typeof MODEL_MODES)[number];

export function isModelMode(value: string): value is ModelModeValue {
  return (MODEL_MODES as readonly string[]).includes(value);
}
