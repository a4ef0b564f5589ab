import rule from '../../../../server/src/rules/dockerfile/pin-language-packages';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    { name: 'pip pins, paths, archives, URLs, editable installs', code: 'FROM python:3.12-slim\nRUN pip install "flask==3.0.3" "requests>=2.31,<3" . ./pkg /src/wheel.whl dist/x.tar.gz -e ./lib "git+https://github.com/org/repo.git@v1.2#egg=repo" "x @ https://example.com/x.zip"\n' },
    { name: 'constraints file', code: 'FROM python:3.12-slim\nRUN pip install -c constraints.txt flask\n' },
    { name: 'python -m pip, option values', code: 'FROM python:3.12-slim\nRUN python3 -m pip install --index-url https://pypi.example.com/simple --target /opt/lib flask==3.0.3\n' },
    { name: 'npm lock-file installs and pins', code: 'FROM node:20-slim\nRUN npm ci && npm install && npm i -g pnpm@9.12.0 @scope/tool@1.2.3 ./local ../pkg.tgz "git+https://github.com/org/repo.git#v1.0.0" --prefix /opt\n' },
    { name: 'gem with -v or :version', code: 'FROM ruby:3.3\nRUN gem install bundler -v 2.5.22 && gem install rake:13.2.1 && gem install --version=1.0 foo\n' },
    { name: 'gem build flags after --', code: 'FROM ruby:3.3\nRUN gem install mysql2:0.5.6 -- --with-mysql-config=/usr/bin/mysql_config\n' },
    { name: 'go install with a version, or local packages', code: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.16.2 && go install ./cmd/... && go install -ldflags "-s -w" cmd/app\n' },
    { name: 'variables', code: 'FROM python:3.12-slim\nRUN pip install "$PACKAGE" && npm install -g "${TOOL}"\n' },
    { name: 'heredoc data', code: 'FROM python:3.12-slim\nRUN cat <<EOF > /x.sh\npip install flask\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir [|flask|] gunicorn==22.0.0 [|"uvicorn[standard]"|]\n',
      errors: ['pip', 'pip'],
    },
    {
      name: 'requirements file plus a named package; pip3 and python -m pip; --upgrade',
      code: 'FROM python:3.12-slim\nRUN pip3 install -r requirements.txt [|gunicorn|] \\\n    # tooling\n    && python -m pip install --upgrade [|pip|] && pip install [|"git+https://github.com/org/repo.git"|]\n',
      errors: ['pip', 'pip', 'pip'],
    },
    {
      name: 'npm install <pkg>, @latest, scoped without version',
      code: 'FROM node:20-slim\nRUN npm install -g [|serve|] && npm i [|npm@latest|] [|@angular/cli|]\n',
      errors: ['npm', 'npm', 'npm'],
    },
    { name: 'gem', code: 'FROM ruby:3.3\nRUN gem install --no-document [|bundler|] [|rake|]\n', errors: ['gem', 'gem'] },
    {
      name: 'go install without a version or @latest',
      code: 'FROM golang:1.22\nRUN go install [|github.com/go-delve/delve/cmd/dlv|] && go install -tags netgo [|honnef.co/go/tools/cmd/staticcheck@latest|]\n',
      errors: ['go', 'go'],
    },
    { name: 'inside a for loop', code: 'FROM python:3.12-slim\nRUN for p in a b; do pip install [|black|]; done\n', errors: ['pip'] },
  ],
});
