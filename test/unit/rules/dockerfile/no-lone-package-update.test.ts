import rule from '../../../../server/src/rules/dockerfile/no-lone-package-update';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'separated by ; and a comment line', code: 'FROM debian:bookworm-slim\nRUN apt-get update -y ; \\\n    # now install\n    apt-get install -y curl\n' },
    { name: 'upgrade counts as install, apt and apt-get mixed', code: 'FROM debian:bookworm-slim\nRUN test -f /x && apt-get update && apt upgrade --yes\n' },
    { name: 'heredoc RUN', code: 'FROM debian:trixie\nRUN <<EOF\napt-get update\napt-get install --no-install-recommends -y gettext\nEOF\n' },
    { name: 'install in an if body', code: 'FROM debian:bookworm-slim\nRUN apt-get update && if [ -n "$DEV" ]; then apt-get install -y gdb; fi\n' },
    { name: 'through xargs', code: 'FROM debian:bookworm-slim\nRUN apt-get update && xargs apt-get install -y < /tmp/packages.txt\n' },
    { name: 'apk, dnf, zypper', code: 'FROM alpine:3.20\nRUN apk update && apk add curl && apk --update add git\nRUN dnf makecache && dnf install -y httpd\nRUN zypper ref && zypper -n in curl\n' },
    { name: 'not a package manager', code: 'FROM sbtscala/scala-sbt:eclipse-temurin-21.0.2_13_1.9.9_3.4.0\nRUN sbt update && /bin/sh /scripts/someScript.sh update\n' },
    { name: 'system upgrades are another rule', code: 'FROM rockylinux:9\nRUN dnf update -y\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\napt-get update\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM ubuntu:24.04\nRUN apt-get [|update|]\nRUN apt-get install -y --no-install-recommends mysql-client\n', errors: ['lone'] },
    { name: 'chained with something that is not an install', code: 'FROM ubuntu:24.04\nRUN apt-get [|update|] && adduser mike\n', errors: ['lone'] },
    { name: 'an update after the last install', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y software-properties-common \\\n    && add-apt-repository -y ppa:deadsnakes/ppa && DEBIAN_FRONTEND=noninteractive apt-get -q [|update|]\n', errors: ['lone'] },
    { name: 'install of another package manager', code: 'FROM alpine:3.20\nRUN apk [|update|] && pip install --no-cache-dir -r requirements.txt\n', errors: ['lone'] },
    { name: 'yum makecache, zypper refresh', code: 'FROM rockylinux:9\nRUN yum -q [|makecache|] && zypper --non-interactive [|refresh|]\n', errors: ['lone', 'lone'] },
    { name: 'exec form', code: 'FROM ubuntu:24.04\nRUN [|["apt-get", "update"]|]\n', errors: ['lone'] },
  ],
});
