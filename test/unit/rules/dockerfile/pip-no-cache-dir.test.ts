import rule from '../../../../server/src/rules/dockerfile/pip-no-cache-dir';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    { name: 'general option before install', code: 'FROM python:3.12-slim\nRUN pip --no-cache-dir install flask\n' },
    { name: 'ENV in the stage', code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1\nRUN pip install -r requirements.txt\n' },
    { name: 'ENV in the stage it builds on', code: 'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=true\nFROM base\nRUN pip3 install flask\n' },
    { name: 'ARG with a default', code: 'FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR=on\nRUN pip install flask\n' },
    { name: 'assignment before the command', code: 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 python -m pip install flask\n' },
    { name: 'export earlier in the RUN', code: 'FROM python:3.12-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask\n' },
    { name: 'cache mount', code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n' },
    { name: 'not install', code: 'FROM python:3.12-slim\nRUN pip freeze > /r.txt && pip uninstall -y x && pipx install black && pipenv install\n' },
    { name: 'python running a script', code: 'FROM python:3.12-slim\nRUN python setup.py install && python -c "import pip"\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN pip [|install|] -r requirements.txt\n',
      errors: ['missing'],
      output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
      fixTitles: ['Add --no-cache-dir'],
    },
    {
      name: 'pip3, pip3.12, python -m pip, python3 -X utf8 -m pip',
      code: 'FROM python:3.12-slim\nRUN pip3 [|install|] a==1 && pip3.12 --disable-pip-version-check [|install|] b==2 \\\n    && python -m pip [|install|] --upgrade pip==24.2 \\\n    && python3 -X utf8 -m pip [|install|] c==3\n',
      errors: ['missing', 'missing', 'missing', 'missing'],
      output: 'FROM python:3.12-slim\nRUN pip3 install --no-cache-dir a==1 && pip3.12 --disable-pip-version-check install --no-cache-dir b==2 \\\n    && python -m pip install --no-cache-dir --upgrade pip==24.2 \\\n    && python3 -X utf8 -m pip install --no-cache-dir c==3\n',
    },
    {
      name: 'ENV set to a false value, or after the RUN, or in another stage',
      code: 'FROM python:3.12-slim AS a\nENV PIP_NO_CACHE_DIR=0\nRUN pip [|install|] x==1\nFROM python:3.12-slim\nRUN /usr/local/bin/pip [|install|] y==1\nENV PIP_NO_CACHE_DIR=1\n',
      errors: ['missing', 'missing'],
      output: 'FROM python:3.12-slim AS a\nENV PIP_NO_CACHE_DIR=0\nRUN pip install --no-cache-dir x==1\nFROM python:3.12-slim\nRUN /usr/local/bin/pip install --no-cache-dir y==1\nENV PIP_NO_CACHE_DIR=1\n',
    },
    {
      name: 'inside a for loop in a heredoc RUN',
      code: 'FROM python:3.12-slim\nRUN <<EOF\nfor r in a b; do\n  pip [|install|] -r "requirements-$r.txt"\ndone\nEOF\n',
      errors: ['missing'],
      output: 'FROM python:3.12-slim\nRUN <<EOF\nfor r in a b; do\n  pip install --no-cache-dir -r "requirements-$r.txt"\ndone\nEOF\n',
    },
    {
      name: 'through sudo; env assignments count',
      code: 'FROM python:3.12-slim\nRUN sudo -H pip [|install|] x==1 && env PIP_NO_CACHE_DIR=1 pip install y==1\n',
      errors: ['missing'],
      output: 'FROM python:3.12-slim\nRUN sudo -H pip install --no-cache-dir x==1 && env PIP_NO_CACHE_DIR=1 pip install y==1\n',
    },
    { name: 'exec form: reported, no fix', code: 'FROM python:3.12-slim\nRUN [|["pip", "install", "-r", "requirements.txt"]|]\n', errors: ['missing'] },
  ],
});
