/** What the test servers received, read back by tests through the echo server's `/__records`. */
export type RecordedRequest = {
  server: "echo" | "slack";
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

export type RecordedMail = {
  auth: { username: string; password: string } | null;
  from: string;
  to: string[];
  data: string;
};

export function createRecorder() {
  const requests: RecordedRequest[] = [];
  const mails: RecordedMail[] = [];
  const hits = new Map<string, number>();
  return {
    requests,
    mails,
    /** Counts calls per key (retry and redelivery tests). */
    hit(key: string): number {
      const n = (hits.get(key) ?? 0) + 1;
      hits.set(key, n);
      return n;
    },
    hits,
  };
}
export type Recorder = ReturnType<typeof createRecorder>;
