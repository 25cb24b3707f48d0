import { buildOAuthConnectAad, hashToken, sealSecret } from "@workflow-secrets/crypto";
import { oauthConnects } from "@workflow-secrets/db";
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { loadConfig } from "../env";
import type { HonoEnv } from "../hono-env";
import { init } from "../middleware/init";

const page = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * `GET /oauth/callback?code&state`: where the provider sends the user back after `oauth.start`. The
 * code is sealed to the runner's key at once (the API cannot open it, nor the client secret and PKCE
 * verifier sealed at start) and the runner is asked through the runs Queue to exchange it and store
 * the tokens. Nothing here logs or returns the code or the state; an unknown, used or expired state
 * answers the same page.
 */
export const oauthCallback = new Hono<HonoEnv>().get("/callback", init(), async (c) => {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  const state = c.req.query("state") ?? "";
  const code = c.req.query("code") ?? "";
  const providerError = c.req.query("error");
  const db = c.get("db");
  const row = state
    ? await db
        .select()
        .from(oauthConnects)
        .where(eq(oauthConnects.stateHash, await hashToken(state)))
        .get()
    : undefined;
  const now = new Date().toISOString();
  if (row?.status !== "pending" || row.expiresAt < now) {
    return c.html(
      page(
        "Not connected",
        "This link is not valid any more. Start the connection again from the extension.",
      ),
      400,
    );
  }
  if (providerError || !code || code.length > 4096) {
    const why = providerError && /^[\w.-]{1,64}$/.test(providerError) ? providerError : "no code";
    await db
      .update(oauthConnects)
      .set({
        status: "failed",
        error: `the provider did not grant access (${why}): start the connection again`,
        envelope: "",
      })
      .where(and(eq(oauthConnects.id, row.id), eq(oauthConnects.status, "pending")));
    return c.html(
      page("Not connected", "Access was not granted. Start the connection again from the extension."),
      400,
    );
  }
  const config = await loadConfig(c.env);
  const codeEnvelope = await sealSecret(code, {
    publicKey: config.sealingKey,
    aad: buildOAuthConnectAad({ userId: row.userId, connectId: row.id, part: "code" }),
  });
  const claimed = await db
    .update(oauthConnects)
    .set({ status: "code_received", codeEnvelope })
    .where(and(eq(oauthConnects.id, row.id), eq(oauthConnects.status, "pending")))
    .returning({ id: oauthConnects.id });
  if (claimed.length === 0) {
    return c.html(
      page(
        "Not connected",
        "This link is not valid any more. Start the connection again from the extension.",
      ),
      400,
    );
  }
  await config.RUNS_QUEUE.send({ oauthConnectId: row.id }, { contentType: "json" });
  return c.html(
    page("Connecting…", `The vault is storing the tokens for "${row.secretName}". You can close this tab.`),
  );
});
