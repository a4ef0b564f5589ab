import rule from '../../../../server/src/rules/dockerfile/one-process-per-container';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:22-slim\nCMD ["node", "server.js"]\n',
    { name: 'tini and dumb-init are inits for one process', code: 'FROM nginx:1.27\nENTRYPOINT ["tini", "--"]\nCMD ["nginx", "-g", "daemon off;"]\n' },
    { name: 'dumb-init wrapping a shell script', code: 'FROM node:22-slim\nENTRYPOINT ["/usr/bin/dumb-init", "--", "sh", "-c", "exec node server.js"]\n' },
    { name: 'shell form, one foreground process', code: 'FROM node:22-slim\nCMD node server.js\n' },
    { name: 'service status is not a start', code: 'FROM debian:bookworm-slim\nCMD service nginx status\n' },
    { name: 'RUN is not the container\'s process', code: 'FROM debian:bookworm-slim\nRUN service postgresql start && psql -c "select 1" ; supervisord -v\n' },
    { name: 'words in quotes', code: 'FROM alpine:3.20\nCMD ["echo", "supervisord & friends"]\n' },
    { name: '&& is not &', code: 'FROM alpine:3.20\nCMD ["sh", "-c", "migrate && exec server"]\n' },
  ],
  invalid: [
    { code: 'FROM python:3.12-slim\nCMD [[|"/usr/bin/supervisord"|], "-n"]\n', errors: ['supervisor'] },
    { name: 'background in shell form', code: 'FROM node:22-slim\nCMD [|nginx|] & node app.js\n', errors: ['background'] },
    { name: 'service start', code: 'FROM debian:bookworm-slim\nCMD [|service|] nginx start && tail -f /var/log/nginx/access.log\n', errors: ['service'] },
    { name: 'systemd init', code: 'FROM fedora:40\nENTRYPOINT [|/usr/sbin/init|]\n', errors: ['supervisor'] },
    { name: 's6-overlay', code: 'FROM alpine:3.20\nENTRYPOINT [[|"/init"|]]\n', errors: ['supervisor'] },
    { name: 'runit behind exec', code: 'FROM debian:bookworm-slim\nCMD exec [|runsvdir|] -P /etc/service\n', errors: ['supervisor'] },
    { name: 'supervisor behind tini and gosu', code: 'FROM debian:bookworm-slim\nENTRYPOINT ["tini", "--", "gosu", "app", [|"supervisord"|], "-n"]\n', errors: ['supervisor'] },
    { name: 'sh -c with &', code: 'FROM node:22-slim\nCMD ["sh", "-c", [|"nginx & exec node app.js"|]]\n', errors: ['background'] },
    { name: 'bash -lc with init.d', code: 'FROM debian:bookworm-slim\nCMD ["bash", "-lc", [|"/etc/init.d/ssh start && exec app"|]]\n', errors: ['service'] },
    { name: 'systemctl start, continuation', code: 'FROM debian:bookworm-slim\nCMD [|systemctl|] start nginx \\\n  && sleep infinity\n', errors: ['service'] },
    { name: 'every stage', code: 'FROM alpine:3.20 AS dev\nCMD [|crond|] & exec app\nFROM alpine:3.20\nCMD [[|"/usr/bin/monit"|], "-I"]\n', errors: ['background', 'supervisor'] },
  ],
});
