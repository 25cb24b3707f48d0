/**
 * A test-only consumer of the runs Queue: records every message body and returns them on any
 * fetch, so tests can assert what the runner would receive.
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
