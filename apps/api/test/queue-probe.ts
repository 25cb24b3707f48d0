/**
 * A test-only queue consumer: records every message the API sends to the runs queue and returns
 * them on `GET /messages`, so tests can assert what the runner would receive.
 */
export const queueProbeScript = `
const received = [];
export default {
  async queue(batch) {
    for (const message of batch.messages) { received.push(message.body); message.ack(); }
  },
  async fetch() {
    return Response.json(received);
  },
};
`;
