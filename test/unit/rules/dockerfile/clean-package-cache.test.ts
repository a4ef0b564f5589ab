import rule from '../../../../server/src/rules/dockerfile/clean-package-cache';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n',
    { name: 'yum clean with flags', code: 'FROM centos:7\nRUN if [ "$TBB" = "default" ]; then yum -y install tbb && yum clean -y all; fi\n' },
    { name: 'rm of the cache folder', code: 'FROM rockylinux:9\nRUN microdnf install -y shadow-utils && rm -rf /var/cache/yum/*\n' },
    { name: 'zypper cc after every install', code: 'FROM opensuse/leap:15.6\nRUN zypper -n install bash && zypper clean && zypper -n remove vim && zypper cc -a\n' },
    { name: 'cache mount', code: 'FROM rockylinux:9\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd\n' },
    { name: 'yarn', code: 'FROM node:20-slim\nRUN yarn --frozen-lockfile && yarn cache clean\n' },
    { name: 'npm', code: 'FROM node:20-slim\nRUN npm ci --omit=dev && npm cache clean --force\n' },
    { name: 'npm cache removed by hand', code: 'FROM node:20-slim\nRUN npm install -g serve@14.2.3 && rm -rf ~/.npm\n' },
    { name: 'npm cache mount', code: 'FROM node:20-slim\nRUN --mount=type=cache,target=/root/.npm npm ci\n' },
    { name: 'build stage only copied from', code: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n' },
    { name: 'commands that fill no cache', code: 'FROM node:20-slim\nRUN yarn build && yarn --version && npm run test && dnf repolist && zypper lr\n' },
    { name: 'heredoc data', code: 'FROM rockylinux:9\nRUN cat <<EOF > /x.sh\ndnf install -y httpd\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM rockylinux:9\nRUN dnf [|install|] -y httpd\n',
      errors: ['rpm'],
      output: 'FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n',
      fixTitles: ['Add dnf clean all at the end of this RUN'],
    },
    {
      name: 'clean before the install does not count; appended after the last yum command',
      code: 'FROM centos:7\nRUN yum clean all && yum -y [|install|] epel-release && yum -y makecache \\\n    # done\n    && echo ok\n',
      errors: ['rpm'],
      output: 'FROM centos:7\nRUN yum clean all && yum -y install epel-release && yum -y makecache && yum clean all \\\n    # done\n    && echo ok\n',
    },
    {
      name: 'a second install after the clean',
      code: 'FROM rockylinux:9\nRUN microdnf install -y bash && microdnf clean all && microdnf [|install|] -y zsh\n',
      errors: ['rpm'],
      output: 'FROM rockylinux:9\nRUN microdnf install -y bash && microdnf clean all && microdnf install -y zsh && microdnf clean all\n',
    },
    {
      name: 'group install, clean of another verb',
      code: 'FROM centos:7\nRUN yum -y [|group|] install "Development Tools" && yum clean metadata\n',
      errors: ['rpm'],
      output: 'FROM centos:7\nRUN yum -y group install "Development Tools" && yum clean metadata && yum clean all\n',
    },
    {
      name: 'zypper',
      code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive [|in|] curl\n',
      errors: ['zypper'],
      output: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive in curl && zypper clean --all\n',
    },
    {
      name: 'bare yarn',
      code: 'FROM node:20-slim\nRUN [|yarn|] && yarn build\n',
      errors: ['yarn'],
      output: 'FROM node:20-slim\nRUN yarn && yarn build && yarn cache clean\n',
    },
    {
      name: 'npm ci and yarn global add in one RUN',
      code: 'FROM node:20-slim\nRUN npm [|ci|] && yarn [|global|] add serve@14.2.3\n',
      errors: ['npm', 'yarn'],
      output: 'FROM node:20-slim\nRUN npm ci && npm cache clean --force && yarn global add serve@14.2.3 && yarn cache clean\n',
    },
    {
      name: 'npm cache clean without --force fails, so it does not count',
      code: 'FROM node:20-slim\nRUN npm [|install|] && npm cache clean\n',
      errors: ['npm'],
      output: 'FROM node:20-slim\nRUN npm install && npm cache clean && npm cache clean --force\n',
    },
    {
      name: 'heredoc RUN in a stage the final stage builds on',
      code: 'FROM fedora:40 AS base\nRUN <<EOF\ndnf -y [|upgrade|] --refresh\nEOF\nFROM base\n',
      errors: ['rpm'],
      output: 'FROM fedora:40 AS base\nRUN <<EOF\ndnf -y upgrade --refresh && dnf clean all\nEOF\nFROM base\n',
    },
    { name: 'exec form: reported, no fix', code: 'FROM rockylinux:9\nRUN [|["dnf", "install", "-y", "httpd"]|]\n', errors: ['rpm'] },
  ],
});
