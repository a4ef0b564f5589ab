import rule from '../../../../server/src/rules/dockerfile/wget-progress';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN wget --progress=dot:giga https://example.com/tool.tar.gz\n',
    { name: 'quiet, no-verbose, bundles, logging to a file', code: 'FROM debian:bookworm-slim\nRUN wget -qO- https://a/x | sh && wget -nv https://b && wget --quiet https://c && wget -o /tmp/log https://d && wget --no-verbose https://e\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\nwget https://example.com\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm-slim\nRUN [|wget|] https://example.com/tool.tar.gz\n',
      errors: ['noisy'],
      output: 'FROM debian:bookworm-slim\nRUN wget --progress=dot:giga https://example.com/tool.tar.gz\n',
      fixTitles: ['Add --progress=dot:giga'],
    },
    {
      name: '-O is not -o, -nc is not -nv; a path; continuation and comment lines',
      code: 'FROM ubuntu:24.04\nRUN [|wget|] -nc -O /tmp/a https://a \\\n    # b\n    && [|/usr/bin/wget|] -c https://b\n',
      errors: ['noisy', 'noisy'],
      output: 'FROM ubuntu:24.04\nRUN wget --progress=dot:giga -nc -O /tmp/a https://a \\\n    # b\n    && /usr/bin/wget --progress=dot:giga -c https://b\n',
    },
    {
      name: 'Alpine (BusyBox wget has no --progress): -q, not applied by fix-all',
      code: 'FROM node:20-alpine\nRUN [|wget|] https://example.com/x\n',
      errors: ['noisy'],
      fixTitles: ['Add -q (BusyBox wget has no --progress)'],
      output: 'FROM node:20-alpine\nRUN wget -q https://example.com/x\n',
    },
    {
      name: 'Alpine through an ARG and a parent stage',
      code: 'ARG BASE=alpine:3.20\nFROM $BASE AS base\nFROM base\nRUN [|wget|] https://example.com/x\n',
      errors: ['noisy'],
      output: 'ARG BASE=alpine:3.20\nFROM $BASE AS base\nFROM base\nRUN wget -q https://example.com/x\n',
    },
    { name: 'exec form', code: 'FROM debian:bookworm-slim\nRUN [|["wget", "https://example.com/x"]|]\n', errors: ['noisy'] },
  ],
});
