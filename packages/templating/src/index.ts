export * from "./definition";
export { type DestinationRefusalAt, literalDestinationRefusals } from "./destination-refusals";
export { RenderError, TemplateError, TemplateSyntaxError, UnresolvedReferenceError } from "./errors";
export { type TemplateField, templateFields } from "./fields";
export { formatIssuePath } from "./issue-path";
export { jsonTextTooDeep, jsonTooDeepMessage, jsonValueTooDeep, MAX_JSON_DEPTH } from "./json-depth";
export { clearMaskerCache } from "./masker/cache";
export { MIN_VARIANT_LENGTH, secretVariants } from "./masker/encodings";
export { parseJsonKeepingNumbers } from "./masker/json";
export {
  createMasker,
  MAX_MASKED_VALUE_BYTES,
  type Masker,
  maskMarker,
  type SecretToMask,
  SecretTooLargeError,
} from "./masker/masker";
export { parseTemplate, type TemplatePart, type TemplateRef, type TemplateRoot } from "./parse";
export {
  checkDefinition,
  type DefinitionCheck,
  type DefinitionProblem,
  findReferences,
  type Reference,
} from "./references";
export * from "./render/index";
export { type ScriptSecretAccess, scriptSecretReferences } from "./script-references";
