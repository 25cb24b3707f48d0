import { env } from "cloudflare:workers";

/** Base URLs of the servers the Node global setup started. */
export const echoUrl = `http://127.0.0.1:${env.ECHO_PORT}`;
export const slackUrl = `http://127.0.0.1:${env.SLACK_PORT}`;
export const smtpPort = Number(env.SMTP_PORT);

export type Recorded = {
  requests: {
    server: "echo" | "slack";
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }[];
  mails: { auth: { username: string; password: string } | null; from: string; to: string[]; data: string }[];
  hits: Record<string, number>;
};

/** Everything the servers received so far (tests filter by a unique path or marker). */
export async function records(): Promise<Recorded> {
  return (await (await fetch(`${echoUrl}/__records`)).json()) as Recorded;
}
