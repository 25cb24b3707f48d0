import { createClient } from "@workflow-secrets/client";

const api = createClient({ url: "http://127.0.0.1:8787" });
// A number where the API takes a string: the published types must refuse this.
await api.secrets.create.mutate({ name: "x", value: 42 });
