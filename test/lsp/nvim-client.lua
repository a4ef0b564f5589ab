-- nvim-client.lua: neovim (0.7+) as a third-party LSP client of the Shipshape language server.
-- Run by test/lsp/neovim.test.ts as: nvim --headless --clean -c 'luafile test/lsp/nvim-client.lua'
-- Environment:
--   SHIPSHAPE_SERVER_JS    the server bundle (dist/server.js), started as {'node', it, '--stdio'}
--   SHIPSHAPE_FIXTURES     folder holding Dockerfile and deployment.yaml (also the root_dir)
--   SHIPSHAPE_NVIM_OUT     file the JSON result is written to
--   SHIPSHAPE_NVIM_TIMEOUT per-wait timeout in ms (default 20000)
-- Opens both fixtures, attaches them with vim.lsp.buf_attach_client, waits for their diagnostics,
-- asks textDocument/codeAction (synchronously) for every diagnostic, applies "Replace ADD with
-- COPY" with neovim's own workspace-edit code and waits for the re-check, hovers FROM, stops the
-- client, and writes everything it saw as JSON. Errors are reported in the JSON (`error`), never
-- left to hang: every wait has a timeout.

local server = assert(os.getenv('SHIPSHAPE_SERVER_JS'), 'SHIPSHAPE_SERVER_JS is not set')
local fixtures = assert(os.getenv('SHIPSHAPE_FIXTURES'), 'SHIPSHAPE_FIXTURES is not set')
local out_path = assert(os.getenv('SHIPSHAPE_NVIM_OUT'), 'SHIPSHAPE_NVIM_OUT is not set')
local timeout = tonumber(os.getenv('SHIPSHAPE_NVIM_TIMEOUT') or '') or 20000

local result = { buffers = {}, steps = {} }

local function step(name)
  table.insert(result.steps, name)
end

local function write_result()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.json.encode(result))
  f:close()
end

--- The LSP form of a vim.diagnostic item (as neovim 0.7's own code_action builds it).
local function to_lsp(d)
  local lsp = vim.deepcopy((d.user_data and d.user_data.lsp) or {})
  lsp.range = {
    start = { line = d.lnum, character = d.col },
    ['end'] = { line = d.end_lnum, character = d.end_col },
  }
  lsp.severity = d.severity
  lsp.message = d.message
  lsp.source = d.source
  lsp.code = d.code
  return lsp
end

local function diagnostics_of(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      code = d.code, message = d.message, severity = d.severity, source = d.source,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      has_data = d.user_data ~= nil and d.user_data.lsp ~= nil and d.user_data.lsp.data ~= nil,
    })
  end
  table.sort(out, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return tostring(a.code) < tostring(b.code)
  end)
  return out
end

local function wait_for(what, cond)
  if not vim.wait(timeout, cond, 25) then error('timed out after ' .. timeout .. ' ms waiting for ' .. what, 0) end
end

--- Sends textDocument/codeAction for one diagnostic and returns the server's actions.
local function code_actions(bufnr, d)
  local lsp = to_lsp(d)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = lsp.range, context = { diagnostics = { lsp } } }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
  if not responses then error('textDocument/codeAction failed: ' .. tostring(err), 0) end
  local actions = {}
  for _, response in pairs(responses) do
    if response.error then error('textDocument/codeAction error: ' .. vim.inspect(response.error), 0) end
    for _, a in ipairs(response.result or {}) do table.insert(actions, a) end
  end
  return actions
end

local function main()
  result.nvim_version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch
  vim.o.hidden = true -- keep both buffers loaded (an unloaded buffer is closed on the server)
  vim.lsp.set_log_level('warn')
  result.lsp_log = vim.lsp.get_log_path()

  local exited
  local client_id = vim.lsp.start_client({
    name = 'shipshape',
    cmd = { 'node', '--max-semi-space-size=4', server, '--stdio' },
    root_dir = fixtures,
    -- neovim 0.7 does not advertise workspace/configuration, so settings are pushed: on_init sends
    -- them with workspace/didChangeConfiguration (before any didOpen), as nvim-lspconfig does.
    settings = { shipshape = { rules = { ['dockerfile/no-root-user'] = 'error' } } },
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  })
  if not client_id then error('vim.lsp.start_client returned nil', 0) end
  step('started client ' .. client_id)

  local bufs = {}
  for _, f in ipairs({ { name = 'Dockerfile', ft = 'dockerfile' }, { name = 'deployment.yaml', ft = 'yaml' } }) do
    vim.cmd('edit ' .. vim.fn.fnameescape(fixtures .. '/' .. f.name))
    local bufnr = vim.api.nvim_get_current_buf()
    local detected = vim.bo[bufnr].filetype
    if detected == '' then vim.bo[bufnr].filetype = f.ft end
    if not vim.lsp.buf_attach_client(bufnr, client_id) then error('buf_attach_client failed for ' .. f.name, 0) end
    bufs[f.name] = bufnr
    result.buffers[f.name] = { detected_filetype = detected, filetype = vim.bo[bufnr].filetype }
  end
  step('attached')

  for name, bufnr in pairs(bufs) do
    wait_for('diagnostics for ' .. name, function() return #vim.diagnostic.get(bufnr) > 0 end)
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.code_action_provider = client.server_capabilities ~= nil and client.server_capabilities.codeActionProvider ~= nil
  step('diagnostics')

  for name, bufnr in pairs(bufs) do
    local entry = result.buffers[name]
    entry.diagnostics = diagnostics_of(bufnr)
    entry.actions = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local titles = {}
      for _, a in ipairs(code_actions(bufnr, d)) do table.insert(titles, a.title) end
      table.insert(entry.actions, { code = d.code, lnum = d.lnum, titles = titles })
    end
  end
  step('code actions')

  -- Apply "Replace ADD with COPY" the way neovim applies any workspace edit, then wait for the re-check.
  local docker = bufs['Dockerfile']
  local add
  for _, d in ipairs(vim.diagnostic.get(docker)) do
    if d.code == 'dockerfile/prefer-copy-over-add' and (not add or d.lnum < add.lnum) then add = d end
  end
  if add then
    local chosen
    for _, a in ipairs(code_actions(docker, add)) do
      if a.title == 'Replace ADD with COPY' then chosen = a end
    end
    if chosen and chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
      local fixed_line = add.lnum
      wait_for('diagnostics after applying the fix', function()
        for _, d in ipairs(vim.diagnostic.get(docker)) do
          if d.code == 'dockerfile/prefer-copy-over-add' and d.lnum == fixed_line then return false end
        end
        return true
      end)
      result.after_fix = {
        line = vim.api.nvim_buf_get_lines(docker, fixed_line, fixed_line + 1, false)[1],
        diagnostics = diagnostics_of(docker),
      }
    end
  end
  step('applied fix')

  local hovers = vim.lsp.buf_request_sync(docker, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(docker) }, position = { line = 0, character = 1 },
  }, timeout) or {}
  for _, h in pairs(hovers) do
    if h.result then
      local lines = vim.lsp.util.convert_input_to_markdown_lines(h.result.contents)
      result.hover = table.concat(lines, '\n')
    end
  end
  step('hover')

  vim.lsp.stop_client(client_id)
  wait_for('the server to exit', function() return exited ~= nil end)
  result.exit = exited
  step('stopped')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then result.error = tostring(err) end
local wrote, werr = pcall(write_result)
if not wrote then io.stderr:write('nvim-client.lua: could not write ' .. out_path .. ': ' .. tostring(werr) .. '\n') end
if ok and wrote then vim.cmd('qall!') else vim.cmd('cquit 1') end
