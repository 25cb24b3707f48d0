import { z } from "zod";

/**
 * The runs Queue's second message: the API received an OAuth2 authorization code (sealed in
 * `oauth_connects`) and asks the runner, the only part that can open it, to exchange it for tokens.
 */
export const oauthConnectMessageSchema = z.object({ oauthConnectId: z.string().min(1).max(128) });
export type OAuthConnectMessage = z.infer<typeof oauthConnectMessageSchema>;
