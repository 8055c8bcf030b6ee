// The demo's module worker: the worker side of the package's worker helper
// (`parsi/worker`, copied into www/pkg by scripts/build-wasm.sh). It loads the
// WebAssembly package from www/pkg once and runs the analyses off the main
// thread, so a long article does not freeze the page. app.js talks to it through
// createParsiWorker() (www/pkg/worker-client.mjs): `analyze` for the analysis,
// `toConllu` for the CoNLL-U export and copy, `analyzeStream` (analyzeChunks, a
// chunk at a time, cancelled between chunks) for texts over 50,000 characters.
import './pkg/worker.mjs';
