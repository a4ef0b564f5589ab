import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/dockerfile/no-eol-base-image';
import data from '../../../../server/src/rules/dockerfile/data/eol';
import { normalizeSettings } from '../../../../server/src/engine/settings';
import { lintWith, run } from '../../../helpers/ruleTester';

// Every case is evaluated on this date, so the expectations do not change as time passes.
process.env.SHIPSHAPE_TODAY = '2025-06-01';

run(rule, {
  valid: [
    'FROM node:lts-alpine\n',
    { name: 'tags that follow the newest release', code: 'FROM python:3-slim\nFROM golang:1\nFROM nginx:stable-alpine\nFROM alpine:3\nFROM debian:stable-slim\nFROM ubuntu:latest\nFROM node:current\n' },
    { name: 'supported versions', code: 'FROM node:22.16.0-bookworm-slim\nFROM python:3.12-alpine3.21\nFROM golang:1.24\nFROM eclipse-temurin:21-jre-jammy\nFROM debian:bookworm\nFROM ubuntu:24.04\nFROM php:8.3-fpm\nFROM ruby:3.4-slim\nFROM nginx:1.28-alpine\n' },
    { name: 'a release that does not exist yet is not guessed', code: 'FROM node:99-alpine\nFROM python:3.99\n' },
    { name: 'other registries are other images', code: 'FROM ghcr.io/acme/node:14\nFROM cgr.dev/chainguard/python:3.7\n' },
    { name: 'stage names are not images', code: 'FROM node:22 AS node14\nFROM node14\n' },
    { name: 'unresolved ARG', code: 'ARG NODE\nFROM node:${NODE}\n' },
    { name: 'heredoc text', code: 'FROM alpine:3.22\nRUN cat <<EOF > /x\nFROM node:14\nEOF\n' },
  ],
  invalid: [
    {
      name: 'node: LTS lines, newest first, variant kept',
      code: 'FROM [|node:14-alpine|]\n',
      errors: ['eol'],
      fixTitles: ['Use node:22-alpine', 'Use node:20-alpine'],
      output: 'FROM node:22-alpine\n',
    },
    {
      name: 'python: end-of-life Debian codename dropped from the variant',
      code: 'FROM [|python:3.8-slim-buster|] AS base\n',
      errors: ['eol'],
      fixTitles: ['Use python:3.13-slim', 'Use python:3.12-slim'],
      output: 'FROM python:3.13-slim AS base\n',
    },
    { name: 'golang build stage, full version', code: 'FROM [|golang:1.21.5-alpine3.18|] AS build\nRUN go build ./...\nFROM scratch\n', errors: ['eol'], fixTitles: ['Use golang:1.24-alpine', 'Use golang:1.23-alpine'], output: 'FROM golang:1.24-alpine AS build\nRUN go build ./...\nFROM scratch\n' },
    { name: 'debian codename', code: 'FROM [|debian:buster-slim|]\n', errors: ['eol'], fixTitles: ['Use debian:bookworm-slim', 'Use debian:bullseye-slim'], output: 'FROM debian:bookworm-slim\n' },
    { name: 'debian number', code: 'FROM [|debian:9.13|]\n', errors: ['eol'], output: 'FROM debian:12\n' },
    { name: 'ubuntu: LTS only', code: 'FROM [|ubuntu:18.04|]\n', errors: ['eol'], fixTitles: ['Use ubuntu:24.04', 'Use ubuntu:22.04'], output: 'FROM ubuntu:24.04\n' },
    { name: 'ubuntu interim release by codename', code: 'FROM [|ubuntu:mantic-20240122|]\n', errors: ['eol'], fixTitles: ['Use ubuntu:noble-20240122', 'Use ubuntu:jammy-20240122'], output: 'FROM ubuntu:noble-20240122\n' },
    { name: 'alpine patch version', code: 'FROM [|alpine:3.16.2|]\n', errors: ['eol'], fixTitles: ['Use alpine:3.22', 'Use alpine:3.21'], output: 'FROM alpine:3.22\n' },
    { name: 'php with an EOL alpine variant', code: 'FROM [|php:7.4-fpm-alpine3.16|]\n', errors: ['eol'], fixTitles: ['Use php:8.4-fpm-alpine', 'Use php:8.3-fpm-alpine'], output: 'FROM php:8.4-fpm-alpine\n' },
    { name: 'ruby', code: 'FROM [|ruby:2.7-slim|]\n', errors: ['eol'], output: 'FROM ruby:3.4-slim\n' },
    { name: 'nginx: one supported line', code: 'FROM [|nginx:1.20-alpine|]\n', errors: ['eol'], fixTitles: ['Use nginx:1.28-alpine'], output: 'FROM nginx:1.28-alpine\n' },
    { name: 'node codename', code: 'FROM [|node:fermium-alpine|]\n', errors: ['eol'], fixTitles: ['Use node:jod-alpine', 'Use node:iron-alpine'], output: 'FROM node:jod-alpine\n' },
    {
      name: 'openjdk is replaced by eclipse-temurin, JRE kept',
      code: 'FROM [|openjdk:11-jre-slim|]\n',
      errors: ['deprecated'],
      fixTitles: ['Use eclipse-temurin:21-jre', 'Use eclipse-temurin:17-jre'],
      output: 'FROM eclipse-temurin:21-jre\n',
    },
    { name: 'openjdk 8u alpine JDK', code: 'FROM [|library/openjdk:8u342-jdk-alpine|]\n', errors: ['deprecated'], output: 'FROM eclipse-temurin:21-jdk-alpine\n' },
    { name: 'temurin non-LTS', code: 'FROM [|eclipse-temurin:22-jdk|]\n', errors: ['eol'], fixTitles: ['Use eclipse-temurin:21-jdk', 'Use eclipse-temurin:17-jdk'], output: 'FROM eclipse-temurin:21-jdk\n' },
    { name: 'docker.io prefix and platform flag', code: 'FROM --platform=linux/amd64 [|docker.io/library/node:16|]\n', errors: ['eol'], output: 'FROM --platform=linux/amd64 docker.io/library/node:22\n' },
    {
      name: 'version from a global ARG: the ARG default is updated',
      code: 'ARG NODE_VERSION=14.21.3\nFROM [|node:${NODE_VERSION}-alpine|]\n',
      errors: ['eol'],
      output: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\n',
    },
    { name: 'whole tag from an ARG', code: 'ARG TAG=3.7-slim-buster\nFROM [|python:$TAG|]\n', errors: ['eol'], output: 'ARG TAG=3.13-slim\nFROM python:$TAG\n' },
    { name: 'ARG whose literal suffix would need to change: no fix', code: 'ARG V=3.7\nFROM [|python:${V}-slim-buster|]\n', errors: ['eol'] },
    { name: 'digest pinned: no fix', code: 'FROM [|node:14@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b|]\n', errors: ['eol'] },
    { name: 'CRLF', code: 'FROM [|node:16|] AS web\r\nRUN echo\r\n', errors: ['eol'], output: 'FROM node:22 AS web\r\nRUN echo\r\n' },
  ],
});

test('the verdict follows the date', async () => {
  const settings = normalizeSettings({});
  const at = async (date: string, code: string) => {
    process.env.SHIPSHAPE_TODAY = date;
    try {
      return (await lintWith(rule, code, settings)).map((f) => f.message);
    } finally {
      process.env.SHIPSHAPE_TODAY = '2025-06-01';
    }
  };
  assert.deepEqual(await at('2026-04-29', 'FROM node:20\n'), []);
  assert.deepEqual(await at('2026-04-30', 'FROM node:20\n'), ['node:20 is end of life: Node.js 20 has had no security fixes since 2026-04-30. Move to a supported version: node:24 or node:22.']);
  // Fixes are never applied by fix-all: another version can break the app.
  const fixes = (await lintWith(rule, 'FROM node:14\n', settings)).flatMap((f) => f.fixes.map((x) => x.safe));
  assert.deepEqual(fixes, [false, false]);
});

test('the EOL table is dated, sourced and well-formed', () => {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  assert.match(data.compiled, date);
  for (const [name, product] of Object.entries(data.products)) {
    assert.ok(product.source.length > 10, `${name}: source`);
    assert.match(product.retrieved, date, `${name}: retrieved`);
    assert.ok(product.images.length > 0, `${name}: images`);
    assert.ok(product.cycles.length > 0, `${name}: cycles`);
    for (const c of product.cycles) {
      assert.match(c.release, date, `${name} ${c.cycle}: release`);
      if (c.eol !== null) assert.ok(date.test(c.eol) && c.eol > c.release, `${name} ${c.cycle}: eol after release`);
    }
    assert.equal(new Set(product.cycles.map((c) => c.cycle)).size, product.cycles.length, `${name}: duplicate cycle`);
  }
  for (const want of ['node', 'python', 'golang', 'eclipse-temurin', 'openjdk', 'debian', 'ubuntu', 'alpine', 'php', 'ruby', 'nginx']) assert.ok(data.products[want], want);
});
