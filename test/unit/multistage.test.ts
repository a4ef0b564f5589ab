/**
 * The multi-stage conversion against before/after goldens (test/fixtures/multistage/<name>/), and
 * what every output must be: two stages that parse, no build tools or package caches in the final
 * stage, silent dockerfile/prefer-multi-stage, no new error from any rule, every comment kept,
 * one comment line per stage, and nothing to convert the second time. Then the cases it refuses.
 * SHIPSHAPE_UPDATE_GOLDENS=1 rewrites the expected files (review the diff).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fixText } from '../../server/src/engine/fixer';
import { lint } from '../../server/src/engine/runner';
import type { Finding } from '../../server/src/engine/types';
import { DockerfileModel } from '../../server/src/languages/dockerfile/model';
import { convertToMultiStage, MULTISTAGE_TITLE } from '../../server/src/languages/dockerfile/multistage';
import { detectToolchains } from '../../server/src/languages/dockerfile/toolchains';

const FIXTURES = path.resolve(__dirname, '../fixtures/multistage');
const RULE = 'dockerfile/prefer-multi-stage';
/** Rules that report package-manager caches left in a layer. */
const CACHE_RULES = new Set(['dockerfile/apt-clean-lists', 'dockerfile/apk-no-cache', 'dockerfile/clean-package-cache', 'dockerfile/pip-no-cache-dir']);

const lintAll = async (text: string) => (await lint({ text, language: 'dockerfile' })).findings;
const key = (f: Finding) => `${f.ruleId}: ${f.message}`;
const comments = (text: string) => text.split(/\r?\n/).filter((l) => /^\s*#/.test(l)).map((l) => l.trim());

describe('multi-stage conversion goldens', () => {
  const names = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'Dockerfile'))).sort();

  test('there are at least 14 pairs, two or more per ecosystem, one already multi-stage', () => {
    assert.ok(names.length >= 14, names.join(', '));
    for (const eco of ['node', 'java', 'go', 'python', 'rust', 'dotnet']) {
      assert.ok(names.filter((n) => n.startsWith(eco + '-')).length >= 2, `${eco}: ${names.join(', ')}`);
    }
    assert.ok(names.some((n) => new DockerfileModel(fs.readFileSync(path.join(FIXTURES, n, 'Dockerfile'), 'utf8')).stages.length > 1));
  });

  for (const name of names) {
    test(name, async () => {
      const dir = path.join(FIXTURES, name);
      const input = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      const expectedFile = path.join(dir, 'expected.Dockerfile');
      const result = convertToMultiStage(new DockerfileModel(input));
      const actual = 'text' in result ? result.text : input;
      if (process.env.SHIPSHAPE_UPDATE_GOLDENS === '1') fs.writeFileSync(expectedFile, actual);
      const expected = fs.readFileSync(expectedFile, 'utf8');
      assert.equal(actual, expected, 'golden');

      const before = new DockerfileModel(input);
      if (before.stages.length > 1) {
        assert.ok('reason' in result && result.notApplicable, 'an already multi-stage Dockerfile is left alone');
        return;
      }
      assert.ok('text' in result, `not converted: ${'reason' in result ? result.reason : ''}`);

      // Two stages: the named builder on the original base, then the runtime.
      const out = new DockerfileModel(actual);
      assert.equal(out.stages.length, 2);
      assert.equal(out.stages[0].name, 'builder');
      assert.equal(out.stages[0].imageText, before.stages[0].imageText, 'the builder keeps the original base');
      for (const s of out.stages) {
        assert.match(out.lines.lineText(s.from.getRange().start.line - 1), /^# (Build|Runtime) stage: /, 'one comment line explains each stage');
      }
      // The final stage carries no toolchain, package manager install or cache.
      const final = out.finalStage!;
      assert.deepEqual(detectToolchains(out, final, { inherited: false }).flatMap((t) => t.evidence.map((e) => e.text)), [], 'toolchain in the final stage');
      const finalStart = final.from.getRange().start.line;
      const after = await lintAll(actual);
      assert.deepEqual(after.filter((f) => CACHE_RULES.has(f.ruleId) && f.range.start.line >= finalStart).map(key), [], 'package cache in the final stage');
      assert.ok(out.instructionsOf(final, 'COPY').some((i) => /--from=builder/.test(i.getRawArgumentsContent() ?? '') || /--from=builder/.test(out.lines.lineText(i.getRange().start.line))), 'artifacts come from the builder');
      assert.ok(out.instructionsOf(final, 'USER').length > 0, 'a non-root USER');
      for (const k of ['ENTRYPOINT', 'CMD', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'STOPSIGNAL']) {
        assert.equal(out.instructionsOf(final, k).length, before.instructionsOf(before.stages[0], k).length, `${k} carried to the runtime stage`);
      }

      // The whole engine: the rule is silent, and no rule reports a new error.
      const beforeKeys = new Set((await lintAll(input)).map(key));
      assert.deepEqual(after.filter((f) => f.ruleId === RULE).map(key), [], 'prefer-multi-stage is silent');
      assert.deepEqual(after.filter((f) => f.severity === 'error' && !beforeKeys.has(key(f))).map(key), [], 'new error-level findings');

      // Comments survive.
      const kept = comments(actual);
      for (const c of comments(input)) assert.ok(kept.includes(c), `comment lost: ${c}`);

      // Converting again changes nothing.
      const again = convertToMultiStage(out);
      assert.ok('reason' in again && again.notApplicable, 'a second conversion is not offered');

      // The rule's fix (what `shipshape fix --rule dockerfile/prefer-multi-stage` applies) gives the same text.
      const ruleFindings = (await lint({ text: input, language: 'dockerfile', only: new Set([RULE]) })).findings;
      if (ruleFindings.length) {
        const fix = ruleFindings[0].fixes[0];
        assert.equal(fix?.title, MULTISTAGE_TITLE);
        assert.equal(fix.safe, false);
        assert.equal(fix.edits.length, 1);
        const lintRule = async (t: string) => (await lint({ text: t, language: 'dockerfile', only: new Set([RULE]) })).findings;
        assert.equal((await fixText(input, lintRule, { rules: new Set([RULE]) })).text, expected, 'fix --rule');
        assert.equal((await fixText(input, lintAll)).text.includes('AS builder'), false, 'plain fix-all never converts');
      }
    });
  }
});

/** Inputs the conversion must refuse, with a word of the reason. */
const REFUSED: { name: string; code: string; reason: RegExp; notApplicable?: boolean }[] = [
  { name: 'already multi-stage', code: 'FROM golang:1.25 AS build\nRUN go build -o /app .\nFROM build\nCMD ["/app"]\n', reason: /already has 2/, notApplicable: true },
  { name: 'no CMD or ENTRYPOINT', code: 'FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/tool .\n', reason: /no CMD or ENTRYPOINT/, notApplicable: true },
  { name: 'nothing built', code: 'FROM alpine:3.22\nCOPY app /app\nCMD ["/app"]\n', reason: /Nothing is built/, notApplicable: true },
  { name: 'C/C++ with make', code: 'FROM gcc:14\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["./server"]\n', reason: /C\/C\+\+/ },
  { name: 'go run at start', code: 'FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD ["go", "run", "."]\n', reason: /go run/ },
  { name: 'Go binary without -o', code: 'FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD ["./src"]\n', reason: /-o <path>/ },
  { name: 'pipenv', code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install pipenv && pipenv install --system --deploy\nCMD ["python", "app.py"]\n', reason: /pipenv/ },
  { name: 'pip --user', code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --user -r requirements.txt\nCMD ["python", "app.py"]\n', reason: /--user/ },
  { name: 'poetry run at start', code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install poetry && poetry install\nCMD ["poetry", "run", "python", "app.py"]\n', reason: /poetry/ },
  { name: 'Python not on the python image', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip gcc\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python3", "app.py"]\n', reason: /official python image/ },
  { name: 'Node app without a WORKDIR', code: 'FROM node:22\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n', reason: /WORKDIR/ },
  { name: 'Node dev server', code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "run", "dev"]\n', reason: /build tools at run time/ },
  { name: 'Maven at start', code: 'FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\nCMD ["mvn", "spring-boot:run"]\n', reason: /mvn/ },
  { name: 'Java class path', code: 'FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\nCMD ["java", "-cp", "target/classes", "app.Main"]\n', reason: /java -jar/ },
  { name: '.NET without -o', code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release\nENTRYPOINT ["dotnet", "bin/Release/net8.0/publish/app.dll"]\n', reason: /dotnet publish -o/ },
  { name: '.NET on Windows', code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /out\nENTRYPOINT ["dotnet", "/out/app.dll"]\n', reason: /Windows/ },
  { name: 'ONBUILD', code: 'FROM node:22\nWORKDIR /app\nONBUILD COPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n', reason: /ONBUILD/ },
  { name: 'two toolchains', code: 'FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN cd web && npm ci && npm run build\nRUN mvn -B package\nCMD ["./start.sh"]\n', reason: /Java and Node\.js|Node\.js and Java/ },
  { name: 'runtime packages from yum', code: 'FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN yum install -y libfoo\nRUN go build -o /out/app .\nCMD ["/out/app"]\n', reason: /apt-get/ },
];

describe('multi-stage conversion refuses to guess', () => {
  for (const c of REFUSED) {
    test(c.name, () => {
      const result = convertToMultiStage(new DockerfileModel(c.code));
      assert.ok('reason' in result, `converted:\n${'text' in result ? result.text : ''}`);
      assert.match(result.reason, c.reason);
      assert.equal(!!result.notApplicable, !!c.notApplicable, 'notApplicable');
    });
  }
});

describe('multi-stage conversion details', () => {
  const convert = (code: string) => {
    const r = convertToMultiStage(new DockerfileModel(code));
    assert.ok('text' in r, 'reason' in r ? r.reason : '');
    return r;
  };

  test('CRLF line endings and lower-case keywords are kept', () => {
    const r = convert('from golang:1.25\r\nworkdir /src\r\ncopy . .\r\nrun CGO_ENABLED=0 go build -o /bin/app .\r\ncmd ["/bin/app"]\r\n');
    assert.ok(!/[^\r]\n/.test(r.text), 'only CRLF');
    assert.match(r.text, /^from golang:1\.25 as builder\r$/m);
    assert.match(r.text, /^user nonroot\r$/m);
  });

  test('a named stage keeps its name on the runtime stage', () => {
    const r = convert('FROM golang:1.25 AS app\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nCMD ["/bin/app"]\n');
    assert.match(r.text, /^FROM golang:1\.25 AS builder$/m);
    assert.match(r.text, /^FROM gcr\.io\/distroless\/static-debian13:nonroot AS app$/m);
  });

  test('a shell-form start command needs a shell: no distroless', () => {
    const r = convert('FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nCMD /bin/app --port $PORT\n');
    assert.match(r.text, /^FROM debian:trixie-slim$/m);
    assert.match(r.text, /useradd/);
  });

  test('a RUN that installs and builds is split when it is a plain && chain', () => {
    const r = convert('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n');
    assert.match(r.text, /COPY package\*\.json \.\/\nRUN npm ci\nCOPY \. \.\nRUN npm run build\nRUN npm prune --omit=dev\n/);
  });

  test('a RUN with other structure stays after COPY . ., with a note', () => {
    const r = convert('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci; npm run build\nCMD ["node", "dist/index.js"]\n');
    assert.match(r.text, /COPY \. \.\nRUN npm ci; npm run build\n/);
    assert.ok(r.notes.some((n) => /runs again whenever any file changes/.test(n)), r.notes.join('\n'));
  });

  test('the original non-root user is created on the runtime image', () => {
    const r = convert('FROM python:3.12\nRUN useradd --create-home web\nWORKDIR /home/web/app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER web\nCMD ["python", "app.py"]\n');
    assert.match(r.text, /groupadd --system web/);
    assert.match(r.text, /^USER web$/m);
    assert.ok(r.notes.some((n) => /useradd/.test(n)), r.notes.join('\n'));
  });

  test('a system user the runtime image has is not created again', () => {
    const r = convert('FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nUSER www-data\nCMD ["python", "app.py"]\n');
    assert.doesNotMatch(r.text, /useradd/);
    assert.match(r.text, /^USER www-data$/m);
  });

  test('an untagged .NET SDK image is a current one, with its "app" user', () => {
    const r = convert('FROM mcr.microsoft.com/dotnet/sdk\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nENTRYPOINT ["dotnet", "/app/Api.dll"]\n');
    assert.match(r.text, /^FROM mcr\.microsoft\.com\/dotnet\/aspnet:latest$/m);
    assert.doesNotMatch(r.text, /useradd/);
    assert.match(r.text, /^USER app$/m);
  });

  test('init wrappers and entrypoint scripts come along; the program is found behind them', () => {
    const tini = convert('FROM golang:1.25\nRUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nENTRYPOINT ["tini", "--"]\nCMD ["/bin/app"]\n');
    assert.match(tini.text, /apt-get install -y --no-install-recommends ca-certificates tini/);
    assert.match(tini.text, /^COPY --from=builder \/bin\/app \/bin\/app$/m);
    const script = convert('FROM golang:1.25\nWORKDIR /src\nCOPY entry.sh /entry.sh\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nENTRYPOINT ["/entry.sh"]\nCMD ["/bin/app"]\n');
    assert.match(script.text, /^FROM debian:trixie-slim$/m, 'a script needs a shell');
    assert.equal(script.text.match(/^COPY entry\.sh \/entry\.sh$/gm)?.length, 2, 'the script is copied into both stages');
  });

  test('rm -rf node_modules after COPY . . keeps the install where it was', () => {
    const r = convert('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN rm -rf node_modules && npm ci\nCMD ["node", "index.js"]\n');
    assert.match(r.text, /COPY \. \.\nRUN rm -rf node_modules && npm ci\n/);
  });
});
