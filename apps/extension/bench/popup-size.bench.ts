/**
 * What each extension page loads, built for production: raw and gzip bytes of every script and
 * stylesheet a page pulls in (its chunk, the shared chunks it imports, its CSS). The baseline is
 * the Preact runtime alone (preact + preact/hooks, minified), measured in the same run, so the
 * ratio says how much the popup adds on top of its framework floor.
 *
 * Run: pnpm --filter @workflow-secrets/extension bench
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(import.meta.dirname, "..");
const out = join(root, ".output/chrome-mv3");
const resultsFile = resolve(root, "../../bench/results/extension.json");

execFileSync(join(root, "node_modules/.bin/wxt"), ["build"], { cwd: root, stdio: "ignore" });

interface Weight {
  files: number;
  raw: number;
  gzip: number;
}

/** Every file a page loads: scripts, modulepreloads and stylesheets in its HTML, then static imports. */
function pageWeight(html: string): Weight {
  const text = readFileSync(join(out, html), "utf8");
  const queue = [...text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) =>
    resolveAsset(m[1] as string),
  );
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (file.endsWith(".js")) {
      const code = readFileSync(file, "utf8");
      for (const m of code.matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        queue.push(resolve(dirname(file), m[1] as string));
      }
    }
  }
  return weigh([...seen]);
}

function resolveAsset(path: string): string {
  return path.startsWith("/") ? join(out, path) : resolve(out, path);
}

function weigh(files: string[]): Weight {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.byteLength;
    gzip += gzipSync(bytes, { level: 9 }).byteLength;
  }
  return { files: files.length, raw, gzip };
}

// Preact ships minified ESM builds; its exports map hides them, so read them from the package dir.
const preactDir = join(root, "node_modules/preact");
const preactFloor = weigh([
  join(preactDir, "dist/preact.module.js"),
  join(preactDir, "hooks/dist/hooks.module.js"),
]);

const kB = (bytes: number) => Math.round(bytes / 10.24) / 100;
const measured: [string, Weight][] = [
  ["Preact runtime (baseline)", preactFloor],
  ["popup.html", pageWeight("popup.html")],
  ["options.html", pageWeight("options.html")],
  ["background.js (service worker)", weigh([join(out, "background.js")])],
];
const rows = measured.map(([name, w]) => [
  name,
  w.files,
  kB(w.raw),
  kB(w.gzip),
  Math.round((w.gzip / preactFloor.gzip) * 100) / 100,
]);
const columns = ["what loads", "files", "raw kB", "gzip kB", "gzip × Preact runtime"];

console.log(columns.join(" | "));
for (const row of rows) console.log(row.join(" | "));

mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      suite: "extension",
      sections: [
        {
          title: "Extension bundle weight (production build)",
          columns,
          rows,
          notes: [
            "A page's weight is its HTML's scripts and stylesheets plus every chunk they import statically.",
            "The popup keeps zod and the storage library out of its bundle: the background validates storage and pages ask it over typed messages.",
          ],
        },
      ],
    },
    null,
    2,
  )}\n`,
);
