// The tests' leak oracle: canary values, and a search for them in every encoding a leak takes.
// Test-only, dependency-free, and independent of the masker it checks (packages/templating).
export { type CanaryCharset, makeCanary } from "./canary";
export { errorText } from "./error-text";
export { type Canary, findLeaks, type Haystack } from "./find-leaks";
export { type LeakForm, leakForms, MIN_NEEDLE_LENGTH } from "./leak-forms";
