import { isCancel, password, select, text } from "@clack/prompts";
import { createClient } from "@workflow-secrets/client";
import { defineCommand } from "citty";
import { CliError } from "../cli-error";
import { credentialsPath, readCredentials, removeCredentials, writeCredentials } from "../config/credentials";
import { anonymousClient, resolveApiUrl, signedInClient } from "../context";
import { ExitCode } from "../exit-codes";
import { readStdin } from "../input/read-value";
import { note, paint, print, printJson } from "../output/terminal";
import { jsonArg, urlArg } from "./shared-args";

function prompted<T>(value: T): Exclude<T, symbol> {
  if (isCancel(value) || typeof value === "symbol") throw new CliError("cancelled", ExitCode.USAGE);
  return value as Exclude<T, symbol>;
}

export const loginCommand = defineCommand({
  meta: { name: "login", description: "Sign in with email and password, or save a personal access token" },
  args: {
    ...urlArg,
    email: {
      type: "string",
      description: "sign in as this email (the password is prompted, or read from stdin)",
    },
    "token-stdin": { type: "boolean", description: "read a personal access token from stdin instead" },
  },
  async run({ args }) {
    const url = resolveApiUrl(args.url);
    const interactive = process.stdin.isTTY && !args["token-stdin"];
    let method: "password" | "token" = args["token-stdin"] ? "token" : "password";
    if (interactive && !args.email) {
      method = prompted(
        await select({
          message: `Sign in to ${url}`,
          options: [
            { value: "password", label: "Email and password" },
            { value: "token", label: "Paste a personal access token" },
          ],
        }),
      );
    }
    if (method === "token") {
      const token = interactive
        ? prompted(await password({ message: "Personal access token", mask: "•" }))
        : (await readStdin()).trim();
      if (!token)
        throw new CliError(
          "no token given",
          ExitCode.USAGE,
          "pipe it in: `wfs login --token-stdin < token.txt`",
        );
      const me = await createClient({ url, token }).auth.me.query();
      writeCredentials({ url, token, kind: me.token.kind, email: me.email });
      print(
        `Signed in to ${url} as ${paint("bold", me.email)} with a ${me.token.kind} token (${me.token.scopes.join(", ")})`,
      );
      return;
    }
    const email = args.email ?? (interactive ? prompted(await text({ message: "Email" })) : undefined);
    if (!email)
      throw new CliError("no email given", ExitCode.USAGE, "pass --email and pipe the password on stdin");
    const secret = interactive
      ? prompted(await password({ message: "Password", mask: "•" }))
      : (await readStdin()).replace(/\r?\n$/, "");
    const session = await anonymousClient(url).auth.signIn.mutate({ email, password: secret });
    writeCredentials({ url, token: session.token, kind: "session", email: session.user.email });
    print(`Signed in to ${url} as ${paint("bold", session.user.email)}`);
    note(paint("dim", `token saved in ${credentialsPath()} (readable only by you)`, process.stderr));
  },
});

export const signupCommand = defineCommand({
  meta: {
    name: "signup",
    description: "Create an account and sign in (the password is prompted, or read from stdin)",
  },
  args: {
    ...urlArg,
    email: { type: "string", description: "the account's email" },
  },
  async run({ args }) {
    const url = resolveApiUrl(args.url);
    const interactive = Boolean(process.stdin.isTTY);
    const email = args.email ?? (interactive ? prompted(await text({ message: "Email" })) : undefined);
    if (!email)
      throw new CliError("no email given", ExitCode.USAGE, "pass --email and pipe the password on stdin");
    const secret = interactive
      ? prompted(await password({ message: "Password (10+ characters, hard to guess)", mask: "•" }))
      : (await readStdin()).replace(/\r?\n$/, "");
    const session = await anonymousClient(url).auth.signUp.mutate({ email, password: secret });
    writeCredentials({ url, token: session.token, kind: "session", email: session.user.email });
    print(`Created ${paint("bold", session.user.email)} on ${url} and signed in`);
    note(paint("dim", `token saved in ${credentialsPath()} (readable only by you)`, process.stderr));
  },
});

export const logoutCommand = defineCommand({
  meta: { name: "logout", description: "End the saved session and forget the token" },
  args: { ...urlArg },
  async run({ args }) {
    const saved = readCredentials();
    if (!saved) {
      print("Not signed in: nothing to do");
      return;
    }
    if (saved.kind === "session") {
      // Best effort: the session may already have expired; the local copy goes either way.
      await createClient({ url: resolveApiUrl(args.url), token: saved.token })
        .auth.signOut.mutate()
        .catch(() => undefined);
    }
    removeCredentials();
    print(
      saved.kind === "session"
        ? `Signed out ${saved.email}: the session has ended`
        : `Forgot the personal token of ${saved.email}: it stays valid until it expires or you revoke it (Tokens page)`,
    );
  },
});

export const whoamiCommand = defineCommand({
  meta: { name: "whoami", description: "Who the saved token (or WFS_TOKEN) signs in as" },
  args: { ...urlArg, ...jsonArg },
  async run({ args }) {
    const { client, url } = signedInClient(args.url);
    const me = await client.auth.me.query();
    if (args.json) return printJson({ url, email: me.email, userId: me.id, token: me.token });
    print(`${paint("bold", me.email)} on ${url}`);
    print(
      `${me.token.kind} token, scopes: ${me.token.scopes.join(", ")}${process.env.WFS_TOKEN ? " (from WFS_TOKEN)" : ""}`,
    );
  },
});
