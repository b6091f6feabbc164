// The reference side of bench_ingest: LangChain's RecursiveCharacterTextSplitter over the texts
// bench_ingest extracted (one file, texts separated by U+001E), timed per round after a warm-up
// round (V8's JIT), printing {"round_ms": [...], "chunks": n, "characters": n}.
//   node bench/ingest/langchain_split.mjs TEXTS_FILE CHUNK_SIZE CHUNK_OVERLAP ROUNDS
import { readFileSync } from "node:fs";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";

const [file, chunkSize, chunkOverlap, rounds] = process.argv.slice(2);
const texts = readFileSync(file, "utf8").split("\u001e");
const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: Number(chunkSize),
  chunkOverlap: Number(chunkOverlap),
});

async function round() {
  let chunks = 0;
  for (const text of texts) chunks += (await splitter.splitText(text)).length;
  return chunks;
}

await round(); // warm-up
const roundMs = [];
let chunks = 0;
for (let i = 0; i < Number(rounds); i++) {
  const start = process.hrtime.bigint();
  chunks = await round();
  roundMs.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const characters = texts.reduce((sum, text) => sum + text.length, 0);
process.stdout.write(JSON.stringify({ round_ms: roundMs, chunks, characters }) + "\n");
