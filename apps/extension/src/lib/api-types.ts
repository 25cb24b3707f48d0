import type { ApiClient } from "./api";

/**
 * View types inferred from the API router through the typed client, so a contract change shows up
 * as a type error in the component that depends on it.
 */
type Output<T extends (...args: never[]) => unknown> = Awaited<ReturnType<T>>;

export type SecretSummary = Output<ApiClient["secrets"]["list"]["query"]>[number];
export type SavedSecret = Output<ApiClient["secrets"]["create"]["mutate"]>;
export type UsedBy = SecretSummary["usedBy"][number];
export type WorkflowView = Output<ApiClient["workflows"]["get"]["query"]>;
export type RunSummary = Output<ApiClient["runs"]["list"]["query"]>["items"][number];
export type RunDetail = Output<ApiClient["runs"]["get"]["query"]>;
export type RunStep = RunDetail["steps"][number];
export type TokenSummary = Output<ApiClient["tokens"]["list"]["query"]>[number];
export type CreatedToken = Output<ApiClient["tokens"]["create"]["mutate"]>;
export type TokenScope = CreatedToken["scopes"][number];
export type AuditEvent = Output<ApiClient["audit"]["list"]["query"]>["items"][number];
export type SecretVersions = Output<ApiClient["secrets"]["versions"]["query"]>;
export type UnregisteredFinding = RunStep["unregistered"][number];
export type AccountSettings = Output<ApiClient["settings"]["get"]["query"]>;
