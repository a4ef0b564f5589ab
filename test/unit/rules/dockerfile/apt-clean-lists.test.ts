import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSettings } from '../../../../server/src/engine/settings';
import rule from '../../../../server/src/rules/dockerfile/apt-clean-lists';
import { lintWith, run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    { name: 'rm of the folder, other flags', code: 'FROM debian:bookworm-slim\nRUN apt-get update; apt-get install -y curl; apt-get clean; rm -r -f /var/lib/apt/lists\n' },
    { name: 'cache mount on /var/lib/apt', code: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n' },
    { name: 'cache mount on /var/cache/apt', code: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n' },
    { name: 'build stage only copied from', code: 'FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=build /out /out\n' },
    { name: 'update alone is another rule\'s business', code: 'FROM debian:bookworm-slim\nRUN apt-get update\n' },
    { name: 'heredoc RUN cleaning up', code: 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /setup.sh\napt-get install -y curl\nEOF\n' },
    { name: 'exec form cannot clean up', code: 'FROM debian:bookworm-slim\nRUN ["apt-get", "install", "-y", "curl"]\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get [|install|] -y --no-install-recommends curl\n',
      errors: ['keepsLists'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      fixTitles: ['Remove the apt lists at the end of this RUN'],
    },
    {
      name: 'appended after the last apt-get command, keeping continuation and comment lines',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    # build tools\n    && DEBIAN_FRONTEND=noninteractive apt-get -qq [|install|] gcc > /dev/null \\\n    && apt-get clean \\\n    && echo done\n',
      errors: ['keepsLists'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    # build tools\n    && DEBIAN_FRONTEND=noninteractive apt-get -qq install gcc > /dev/null \\\n    && apt-get clean && rm -rf /var/lib/apt/lists/* \\\n    && echo done\n',
    },
    {
      name: 'removal before the install does not count',
      code: 'FROM debian:bookworm-slim\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get [|install|] -y curl\n',
      errors: ['keepsLists'],
      output: 'FROM debian:bookworm-slim\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'install inside if',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && if [ -n "$DEV" ]; then apt-get [|install|] -y gdb; fi\n',
      errors: ['keepsLists'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && if [ -n "$DEV" ]; then apt-get install -y gdb && rm -rf /var/lib/apt/lists/*; fi\n',
    },
    {
      name: 'heredoc RUN',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get [|install|] -y curl\nEOF\n',
      errors: ['keepsLists'],
      output: 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y curl && rm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'a cache mount elsewhere does not help',
      code: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/root/.cache apt-get update && apt [|upgrade|] -y\n',
      errors: ['keepsLists'],
      output: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/root/.cache apt-get update && apt upgrade -y && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a stage the final stage builds on',
      code: 'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get [|install|] -y curl\nFROM base\nCMD ["curl"]\n',
      errors: ['keepsLists'],
      output: 'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nFROM base\nCMD ["curl"]\n',
    },
    {
      name: 'a later RUN installs without updating: the fix is offered but not applied by fix-all',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get [|install|] -y curl\nRUN apt-get [|install|] -y git\n',
      errors: ['keepsLists', 'keepsLists'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'last apt command in a pipeline: reported without a fix',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get [|install|] -y curl | tee /tmp/log\n',
      errors: ['keepsLists'],
    },
  ],
});

test('dockerfile/apt-clean-lists: the fix is safe unless a later RUN installs from the same lists', async () => {
  const safety = async (text: string) => (await lintWith(rule, text, normalizeSettings({}))).map((f) => f.fixes[0]?.safe);
  assert.deepEqual(await safety('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git\n'), [true, true]);
  assert.deepEqual(await safety('FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN sudo apt-get install -y git\n'), [false, true]);
});
