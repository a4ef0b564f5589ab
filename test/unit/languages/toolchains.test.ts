/** Toolchain detection: which ecosystems and build tools a stage carries, and the evidence. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DockerfileModel } from '../../../server/src/languages/dockerfile/model';
import { detectToolchains, startCommand } from '../../../server/src/languages/dockerfile/toolchains';

function detect(text: string, stageIndex = -1, inherited = true) {
  const model = new DockerfileModel(text);
  const stage = model.stages.at(stageIndex)!;
  return { model, stage, toolchains: detectToolchains(model, stage, { inherited }) };
}

const summary = (text: string, stageIndex = -1) =>
  detect(text, stageIndex).toolchains.map((t) => `${t.ecosystem}:${t.tools.join('|')}:${t.strong ? 'strong' : 'weak'}`).sort();

describe('toolchain detection', () => {
  test('ecosystems and tools', () => {
    assert.deepEqual(summary('FROM golang:1.23\nRUN go mod download && go build -o /app .\n'), ['go:go:strong']);
    assert.deepEqual(summary('FROM node:22\nRUN npm ci && npm run build\n'), ['node:npm:strong']);
    assert.deepEqual(summary('FROM node:22\nRUN yarn install --frozen-lockfile && yarn build\n'), ['node:yarn:strong']);
    assert.deepEqual(summary('FROM node:22\nRUN corepack enable && pnpm install && pnpm run build:prod\n'), ['node:pnpm:strong']);
    assert.deepEqual(summary('FROM node:22\nRUN npx tsc -p . && npx vite build\n'), ['node:npm:strong']);
    assert.deepEqual(summary('FROM maven:3.9-eclipse-temurin-21\nRUN mvn -B package\n'), ['java:maven:strong']);
    assert.deepEqual(summary('FROM eclipse-temurin:21-jdk\nRUN ./gradlew bootJar\n'), ['java:javac|gradle:strong']);
    assert.deepEqual(summary('FROM python:3.12\nRUN pip install poetry && poetry install --only main\n'), ['python:poetry:weak']);
    assert.deepEqual(summary('FROM python:3.12\nRUN python -m build\n'), ['python:pip:strong']);
    assert.deepEqual(summary('FROM rust:1.82\nRUN cargo build --release\n'), ['rust:cargo:strong']);
    assert.deepEqual(summary('FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore && dotnet publish -c Release\n'), ['dotnet:dotnet:strong']);
    assert.deepEqual(summary('FROM debian:12\nRUN apt-get install -y --no-install-recommends build-essential=12.9 libssl-dev:amd64 && make\n'), ['native:cc|make:strong']);
    assert.deepEqual(summary('FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev\n'), ['native:cc:strong']);
  });

  test('weak hints alone: JDK base, headers, dependency installs', () => {
    assert.deepEqual(summary('FROM eclipse-temurin:21\nCMD ["java", "-jar", "/a.jar"]\n'), ['java:javac:weak']);
    assert.deepEqual(summary('FROM eclipse-temurin:21-jre\n'), []);
    assert.deepEqual(summary('FROM debian:12\nRUN apt-get install -y libpq-dev\n'), ['native::weak']);
    assert.deepEqual(summary('FROM python:3.12\nRUN pip install -r requirements.txt\n'), ['python:pip:weak']);
  });

  test('dev dependencies', () => {
    const dev = (text: string) => detect(text).toolchains.flatMap((t) => t.evidence.map((e) => e.devDependencies));
    assert.deepEqual(dev('FROM node:22\nRUN npm ci\n'), [true]);
    assert.deepEqual(dev('FROM node:22\nRUN npm ci --omit=dev\n'), [false]);
    assert.deepEqual(dev('FROM node:22\nRUN NODE_ENV=production npm ci\n'), [false]);
    assert.deepEqual(dev('FROM node:22\nENV NODE_ENV=production\nRUN npm ci\n'), [false]);
    assert.deepEqual(dev('FROM node:22\nRUN yarn install --production\n'), [false]);
    assert.deepEqual(dev('FROM node:22\nRUN npm install -g pm2\n'), [false]);
    assert.deepEqual(dev('FROM python:3.12\nRUN poetry install\n'), [true]);
    assert.deepEqual(dev('FROM python:3.12\nRUN poetry install --without dev\n'), [false]);
  });

  test('evidence points at instructions and words, across inherited stages', () => {
    const { model, toolchains } = detect('FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM build\nCMD ["/app"]\n');
    const go = toolchains.find((t) => t.ecosystem === 'go')!;
    assert.deepEqual(go.evidence.map((e) => [e.kind, e.text, e.stage.index, e.instruction.getKeyword()]), [
      ['base-image', 'base image golang:1.23', 0, 'FROM'],
      ['build', 'go build -o /app .', 0, 'RUN'],
    ]);
    const r = go.evidence[1].range;
    assert.equal(model.lines.lineText(r.start.line).slice(r.start.character, r.end.character), 'go build -o /app .');
    assert.deepEqual(detect('FROM golang:1.23 AS build\nRUN go build .\nFROM build\n', -1, false).toolchains, []);
    assert.equal(startCommand(model.stages[1])?.getKeyword(), 'CMD');
    assert.equal(startCommand(model.stages[0]), undefined);
  });

  test('package words are ranged and heredoc data is ignored', () => {
    const { model, toolchains } = detect('FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y gcc\nRUN cat <<EOF > /x\napt-get install make\nEOF\n');
    const native = toolchains.find((t) => t.ecosystem === 'native')!;
    assert.deepEqual(native.evidence.map((e) => e.text), ['apt-get installs gcc']);
    const r = native.evidence[0].range;
    assert.equal(model.lines.lineText(r.start.line).slice(r.start.character, r.end.character), 'gcc');
  });
});
