import { randomUUID } from "node:crypto";

/** Distinguishes what each test file leaves in the record dir (files run in separate processes). */
export const fileId = randomUUID().slice(0, 8);
