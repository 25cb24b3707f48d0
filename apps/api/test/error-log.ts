import { vi } from "vitest";

export type ErrorLogLine = {
  msg?: string;
  where?: string;
  error?: string;
  cause?: string;
  requestId?: string;
};

/** Runs `action` while recording what the Worker prints on console.error (JSON lines). */
export async function captureErrorLog<T>(action: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  try {
    return { result: await action(), lines };
  } finally {
    spy.mockRestore();
  }
}

export const parseLogLines = (lines: string[]): ErrorLogLine[] => lines.map((line) => JSON.parse(line));
