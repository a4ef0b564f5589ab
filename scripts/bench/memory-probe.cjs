// Preloaded into the language server by the benchmark only (`node --expose-gc -r <this> dist/server.js`):
// on SIGUSR2 it collects garbage and writes process.memoryUsage() as JSON to
// $SHIPSHAPE_BENCH_MEMORY_FILE. The server itself needs no change for this.
'use strict';
const fs = require('fs');

process.on('SIGUSR2', () => {
  const file = process.env.SHIPSHAPE_BENCH_MEMORY_FILE;
  if (!file) return;
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  fs.writeFileSync(file, JSON.stringify({ ...process.memoryUsage(), gc: typeof global.gc === 'function' }));
});
