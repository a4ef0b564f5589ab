import rule from '../../../../server/src/rules/dockerfile/prefer-multi-stage';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    {
      name: 'multi-stage Go',
      code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/server\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    },
    { name: 'node with production dependencies only', code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n' },
    { name: 'node with all dependencies but no build step', code: 'FROM node:22-slim\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'python with wheels only', code: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n' },
    { name: 'Java on a JRE', code: 'FROM maven:3.9-eclipse-temurin-21 AS build\nRUN mvn -B package\nFROM eclipse-temurin:21-jre\nCOPY --from=build /target/app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n' },
    { name: 'a JDK alone is only a hint', code: 'FROM eclipse-temurin:21\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n' },
    { name: 'no CMD/ENTRYPOINT: a tool or CI image', code: 'FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n' },
    { name: 'heredoc data', code: 'FROM alpine:3.20\nRUN cat <<EOF > /notes\ngo build ./...\napt-get install gcc\nEOF\nCMD ["cat", "/notes"]\n' },
    { name: 'dev server, not a build', code: 'FROM node:22\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["npx", "vite"]\n' },
  ],
  invalid: [
    { name: 'Go image runs the app', code: '[|FROM golang:1.23|]\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/server\nCMD ["/app"]\n', errors: ['toolchain'] },
    {
      name: 'compilers for a Python extension',
      code: '[|FROM python:3.12-slim|]\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n',
      errors: ['toolchain'],
    },
    { name: 'node build in the runtime image', code: '[|FROM node:22|]\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n', errors: ['toolchain'] },
    { name: 'yarn build, alpine build-base', code: '[|FROM node:22-alpine|]\nRUN apk add --no-cache --virtual .gyp python3 make g++\nRUN yarn install --frozen-lockfile && yarn build\nCMD ["node", "dist/index.js"]\n', errors: ['toolchain'] },
    { name: 'Maven image', code: '[|FROM maven:3.9-eclipse-temurin-21|]\nCOPY . .\nRUN mvn -B -DskipTests package\nCMD ["java", "-jar", "target/app.jar"]\n', errors: ['toolchain'] },
    { name: 'Gradle wrapper on a JDK', code: '[|FROM eclipse-temurin:21-jdk|]\nCOPY . .\nRUN ./gradlew --no-daemon bootJar\nENTRYPOINT ["java", "-jar", "build/libs/app.jar"]\n', errors: ['toolchain'] },
    { name: '.NET SDK', code: '[|FROM mcr.microsoft.com/dotnet/sdk:8.0|]\nCOPY . .\nRUN dotnet publish -c Release -o /out\nENTRYPOINT ["dotnet", "/out/app.dll"]\n', errors: ['toolchain'] },
    { name: 'Rust', code: '[|FROM rust:1.82|]\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', errors: ['toolchain'] },
    { name: 'build stage inherited by the final stage', code: 'FROM golang:1.23 AS build\nRUN go build -o /app .\n[|FROM build|]\nCMD ["/app"]\n', errors: ['toolchain'] },
    { name: 'build-essential with a continuation and comment', code: '[|FROM debian:bookworm-slim|]\nRUN apt-get update \\\n  # compilers\n  && apt-get install -y build-essential=12.9\nENTRYPOINT ["/usr/local/bin/app"]\n', errors: ['toolchain'] },
  ],
});
