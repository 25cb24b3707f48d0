export {
  CREDENTIAL_SHAPES,
  type CredentialShape,
  classifyCredential,
  type FoundCredential,
  findCredentials,
  suggestSecretName,
} from "./credential-shapes";
export { findHardCodedCredentials, type HardCodedCredential } from "./hard-coded";
export { readJwtExpiry } from "./jwt-expiry";
export {
  SECRET_NAME_MAX_LENGTH,
  SECRET_NAME_PATTERN,
  SECRET_NAME_RULE,
  SECRET_NAME_SOURCE,
  type SecretNameCheck,
  type SecretNameProblem,
  secretReference,
  toSecretName,
  validateSecretName,
} from "./name";
export {
  checkPastedValue,
  hasInvisibleCharacters,
  INVISIBLE_RANGES,
  type PastedValueCode,
  SHORT_VALUE_CHARS,
} from "./pasted-value";
export * from "./policy/index";
export { createPreview, PREVIEW_SHOWS_TAIL_FROM, PREVIEW_TAIL, PREVIEW_WIDTH } from "./preview";
export {
  basicAuthHeader,
  checkSecretFields,
  decodeSecretFields,
  encodeSecretFields,
  type FieldProblem,
  fieldReferenceProblem,
  isHttpUrl,
  isSecretType,
  OAUTH2_GRANTS,
  type OAuth2Grant,
  previewSource,
  publicSecretFields,
  referencableFields,
  SECRET_TYPE_FIELDS,
  SECRET_TYPES,
  type SecretFieldSpec,
  type SecretFields,
  type SecretType,
  secretFieldNames,
} from "./secret-types";
export {
  bitsPerChar,
  maskUnregisteredCredentials,
  POSITIONAL_KINDS,
  type UnregisteredKind,
  type UnregisteredScan,
  unregisteredMarker,
} from "./unregistered";
