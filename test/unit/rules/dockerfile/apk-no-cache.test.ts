import rule from '../../../../server/src/rules/dockerfile/apk-no-cache';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    { name: 'flag before the subcommand', code: 'FROM alpine:3.20\nRUN apk --no-cache add curl\n' },
    { name: 'flag after the packages', code: 'FROM alpine:3.20\nRUN apk add curl --no-cache\n' },
    { name: 'cache removed later in the RUN', code: 'FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n' },
    { name: 'cache mount', code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n' },
    { name: 'other subcommands', code: 'FROM alpine:3.20\nRUN apk del curl && apk info\n' },
    { name: 'heredoc data', code: 'FROM alpine:3.20\nRUN cat <<EOF > /x.sh\napk add curl\nEOF\n' },
    { name: 'sh -c strings are not parsed', code: 'FROM alpine:3.20\nRUN sh -c "apk add curl"\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk [|add|] curl\n',
      errors: ['missing'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
      fixTitles: ['Add --no-cache'],
    },
    {
      name: '--update and a virtual package',
      code: 'FROM alpine:3.20\nRUN apk --update [|add|] -t .build-deps gcc musl-dev \\\n    # runtime\n    && apk [|add|] libstdc++\n',
      errors: ['missing', 'missing'],
      output: 'FROM alpine:3.20\nRUN apk --update add --no-cache -t .build-deps gcc musl-dev \\\n    # runtime\n    && apk add --no-cache libstdc++\n',
    },
    {
      name: 'the flag on another apk command does not count',
      code: 'FROM alpine:3.20\nRUN apk upgrade --no-cache && apk [|add|] python3\n',
      errors: ['missing'],
      output: 'FROM alpine:3.20\nRUN apk upgrade --no-cache && apk add --no-cache python3\n',
    },
    {
      name: 'a misspelled flag',
      code: 'FROM alpine:3.20\nRUN apk [|add|] --no-cacher bash\n',
      errors: ['missing'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache --no-cacher bash\n',
    },
    {
      name: 'removal before the add does not count; heredoc RUN',
      code: 'FROM alpine:3.20\nRUN <<EOF\nrm -rf /var/cache/apk/*\napk [|add|] curl\nEOF\n',
      errors: ['missing'],
      output: 'FROM alpine:3.20\nRUN <<EOF\nrm -rf /var/cache/apk/*\napk add --no-cache curl\nEOF\n',
    },
    { name: 'exec form: reported, no fix', code: 'FROM alpine:3.20\nRUN [|["apk", "add", "curl"]|]\n', errors: ['missing'] },
  ],
});
