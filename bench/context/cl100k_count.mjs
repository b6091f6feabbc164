// Exact cl100k_base token counts for bench_context: prints {"<file>": tokens, ...} for the files
// named on the command line. The reference side of the char_ratio estimate's error table.
//   node bench/context/cl100k_count.mjs FILE...
import { readFileSync } from "node:fs";
import { getEncoding } from "js-tiktoken";

const encoding = getEncoding("cl100k_base");
const counts = {};
for (const file of process.argv.slice(2)) {
  counts[file] = encoding.encode(readFileSync(file, "utf8")).length;
}
process.stdout.write(JSON.stringify(counts) + "\n");
