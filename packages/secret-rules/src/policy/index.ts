export {
  canonicalHost,
  DESTINATION_FORMS,
  type DestinationRule,
  type NormalisedDestination,
  normaliseDestination,
} from "./destination-rule";
export { type DestinationTarget, smtpTarget, targetOrigin, urlTarget } from "./destination-target";
export {
  type CompiledPolicy,
  compilePolicy,
  isUnrestricted,
  LEGACY_POLICY,
  MAX_DESTINATIONS,
  normalisePolicy,
  type PolicyCheck,
  ruleAllows,
  type SecretPolicy,
} from "./policy";
export {
  type DestinationRefusal,
  destinationRefusalMessage,
  POLICY_NEEDS_VALUE,
  type ScriptRefusal,
  scriptRefusalMessage,
} from "./refusal";
export { type DestinationSuggestion, suggestDestinations, urlValueDestination } from "./suggest";
