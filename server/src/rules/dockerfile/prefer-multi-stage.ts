import { defineRule, type FixSpec } from '../../engine/rule';
import { convertToMultiStage, MULTISTAGE_TITLE } from '../../languages/dockerfile/multistage';
import { detectToolchains, startCommand, type Toolchain } from '../../languages/dockerfile/toolchains';

/** What a toolchain means in the image, for the message. */
function describe(t: Toolchain): string {
  switch (t.ecosystem) {
    case 'go':
      return 'the Go toolchain';
    case 'rust':
      return 'the Rust toolchain';
    case 'dotnet':
      return 'the .NET SDK';
    case 'native':
      return 'C/C++ compilers and build tools';
    case 'java': {
      const tools = t.tools.filter((x) => x === 'maven' || x === 'gradle').map((x) => (x === 'maven' ? 'Maven' : 'Gradle'));
      return tools.length ? `a JDK and ${tools.join('/')}` : 'a JDK';
    }
    case 'node':
      return t.evidence.some((e) => e.devDependencies) ? 'Node.js build tools and dev dependencies' : 'Node.js build tools';
    case 'python':
      return 'Python build tools';
  }
}

export default defineRule({
  id: 'dockerfile/prefer-multi-stage',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Build in a separate stage and copy only the artifact into the image that runs the app.',
  rationale:
    'When the image that runs the app is also the one that built it, it ships compilers, SDKs, package caches and dev ' +
    'dependencies: hundreds of megabytes to pull on every deploy and scale-up, and a toolbox for an attacker who gets a ' +
    'shell (plus the CVEs that scanners keep reporting in those tools). A multi-stage build compiles in a `FROM golang AS ' +
    'build` stage and copies just the binary, jar or dist folder into a slim, distroless or JRE image. The quick fix ' +
    '"Convert to multi-stage build" rewrites the file that way for Node.js, Java (Maven, Gradle), Go, Python (pip, poetry), ' +
    'Rust and .NET builds. It rewrites the whole file, so fix-all never applies it: review it in the preview, or run ' +
    '`shipshape fix --rule dockerfile/prefer-multi-stage`.',
  fixable: true,
  sources: [],
  messages: {
    toolchain: 'The image that runs the app ships {{what}} ({{evidence}}). Build in a separate stage and COPY only the artifact into a slim runtime image.',
  },
  examples: {
    valid: [
      'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/server\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      'FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    ],
    invalid: [
      'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/server\nCMD ["/app"]\n',
      'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.finalStage;
    // An image without CMD/ENTRYPOINT is a tool or base image, not an app that runs from it.
    if (!final || !startCommand(final)) return;
    const shipped = detectToolchains(model, final).filter((t) => t.strong);
    if (shipped.length === 0) return;
    const evidence = shipped.flatMap((t) => t.evidence.filter((e) => e.strong)).slice(0, 2).map((e) => e.text);
    // The conversion rewrites the whole file and may guess (which files the app reads), so it is never a safe fix.
    const converted = convertToMultiStage(model);
    const fix: FixSpec | undefined = 'text' in converted
      ? { title: MULTISTAGE_TITLE, edits: [{ range: { start: { line: 0, character: 0 }, end: model.lines.positionAt(model.text.length) }, newText: converted.text }], safe: false }
      : undefined;
    ctx.report({
      range: final.from.getRange(),
      messageId: 'toolchain',
      data: { what: shipped.map(describe).join(', plus '), evidence: evidence.join('; ') },
      fix,
    });
  },
});
