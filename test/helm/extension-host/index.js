// index.js: the extensionTestsPath module for the Helm preview's extension-host suite (a copy of
// test/extension-host/suite/index.js that runs the *.exthost.js files here). VS Code's extension host
// calls run() after loading the extension under test; it runs them with mocha (from
// test/e2e/node_modules) and rejects if any test failed. Results also go to $SHIPSHAPE_EXT_TEST_RESULTS
// (JSON) and the reporter's text to $SHIPSHAPE_EXT_TEST_LOG when set, for runners that cannot read
// the extension host's stdout (in code-server it is forwarded only to the browser's console).
const fs = require('node:fs');
const path = require('node:path');

function loadMocha() {
  try {
    return require('mocha');
  } catch {
    return require(path.resolve(__dirname, '..', '..', 'e2e', 'node_modules', 'mocha'));
  }
}

exports.run = function run() {
  const Mocha = loadMocha();
  const logFile = process.env.SHIPSHAPE_EXT_TEST_LOG;
  if (logFile) {
    fs.writeFileSync(logFile, '');
    const base = Mocha.reporters.Base;
    const original = base.consoleLog;
    base.consoleLog = (...args) => {
      fs.appendFileSync(logFile, require('node:util').format(...args) + '\n');
      original.apply(console, args);
    };
  }
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.exthost.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const results = { passes: [], failures: [], pending: [] };
    let runner;
    try {
      runner = mocha.run((failures) => {
        const out = process.env.SHIPSHAPE_EXT_TEST_RESULTS;
        if (out) fs.writeFileSync(out, JSON.stringify({ ...results, failuresCount: failures }, null, 2));
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
      return;
    }
    runner.on('pass', (t) => results.passes.push(t.fullTitle()));
    runner.on('pending', (t) => results.pending.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failures.push({ title: t.fullTitle(), error: String(err && (err.stack || err)) }));
  });
};
