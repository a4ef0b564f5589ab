import rule from '../../../../server/src/rules/dockerfile/no-curl-and-wget';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/a https://example.com/a\nRUN curl -fsSLo /tmp/b https://example.com/b\n',
    { name: 'installing the other tool is not using it', code: 'FROM debian:bookworm-slim\nRUN curl -fsSL https://a -o /a\nRUN apt-get update && apt-get install -y wget\n' },
    { name: 'different stages', code: 'FROM alpine:3.20 AS fetch\nRUN wget -q https://example.com/a\nFROM debian:bookworm-slim\nRUN curl -fsSLO https://example.com/b\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN curl -fsSLO https://a\nRUN cat <<EOF > /x.sh\nwget https://b\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM debian:bookworm-slim\nRUN wget -q https://example.com/a\nRUN [|curl|] -fsSLO https://example.com/b\n', errors: ['both'] },
    {
      name: 'every later use in the stage, in chains, pipelines and exec form',
      code: 'FROM debian:bookworm-slim\nRUN curl -fsSLO https://a && [|wget|] -q https://b\nRUN [|/usr/bin/wget|] -qO- https://c | sh\nRUN curl -fsSLO https://d\nRUN [|["wget", "-q", "https://e"]|]\n',
      errors: ['both', 'both', 'both'],
    },
    { name: 'through sudo', code: 'FROM debian:bookworm-slim\nRUN curl -fsSLO https://a\nRUN sudo [|wget|] -q https://b\n', errors: ['both'] },
  ],
});
