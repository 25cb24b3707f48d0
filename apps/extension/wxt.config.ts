import { defineConfig } from "wxt";

/**
 * A fixed public key pins the extension id (bpbmdfihcfecdngchneomjbnnlalpmgp) so browser tests and
 * docs can address chrome-extension://<id>/ pages. It is a public key only: it signs nothing.
 */
const MANIFEST_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAhPH4MDiQUYpynm3T8iPKnKywpCOt36IL9lqOfOModGUpJ+qahCSpie1KSj01TNQvh072GM2wMbEX35CkDbcBkSNJwszPc6wqOnlsX9Ah/v6OTzya0sQ8QSkgG5IW8nL67zaBuNXeEmny64J2xqiRMOVtf/myNu2LRaytMSxL40k3TDaTJzvw94emVDYXVVB1aCoXA/sQC2KAS/Wnovn7vp/tvU5lL6uYgoe16YR8zhN5jQEffgqbBa/ifgmMhzlFEyu6ItEFNjfsswW5VuX1cRJ6eeuQHpKW8lpkRzxl4czfs+7lYQbzMSUveQYCuFHreUBA7lQREY5HvEeDCY6hXQIDAQAB";

export default defineConfig({
  srcDir: "src",
  // Explicit imports everywhere: the code reads (and typechecks) without generated globals.
  imports: false,
  browser: "chrome",
  manifestVersion: 3,
  manifest: {
    name: "Workflow Secrets",
    description: "Save API keys and webhook URLs to your Workflow Secrets vault the moment you see them.",
    key: MANIFEST_KEY,
    // activeTab + scripting: the popup scans the current tab once, only when the user opens it.
    permissions: ["storage", "contextMenus", "activeTab", "scripting"],
    host_permissions: ["http://127.0.0.1/*", "http://localhost/*"],
    // Asked for at sign-in when the server is not on this machine.
    optional_host_permissions: ["https://*/*", "http://*/*"],
    action: { default_title: "Workflow Secrets" },
    options_ui: { open_in_tab: true },
  },
  vite: () => ({
    // Vite 8 transforms with oxc: JSX compiles straight to preact's automatic runtime (no React).
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    build: { target: "chrome120" },
  }),
});
