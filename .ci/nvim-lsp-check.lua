-- Run by .ci/nvim-lsp-check: attaches `comms lsp` to the current buffer
-- with Neovim's own LSP client (0.7 and later), waits for the diagnostics,
-- prints them as Neovim stored them, and exits 1 unless $EXPECT is among
-- them.
local comms = os.getenv('COMMS')
local expect = os.getenv('EXPECT')
local buf = vim.api.nvim_get_current_buf()
local file = vim.api.nvim_buf_get_name(buf)
local root = vim.fn.fnamemodify(file, ':p:h:h')

local function out(line)
  io.stdout:write(line .. '\n')
end

local published = false
local default = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default(err, result, ctx, config)
  if result and #result.diagnostics > 0 then
    published = true
  end
end

local id = vim.lsp.start_client({
  name = 'comms',
  cmd = { comms, '--now', '2026-11-22 09:00', 'lsp' },
  root_dir = root,
})
if not id then
  out('error: could not start ' .. comms .. ' lsp')
  vim.cmd('cquit 1')
end
vim.lsp.buf_attach_client(buf, id)

if not vim.wait(60000, function() return published end, 50) then
  out('error: no diagnostics from comms lsp within 60 s')
  vim.cmd('cquit 1')
end

local found = false
for _, d in ipairs(vim.diagnostic.get(buf)) do
  out(string.format('%s:%d:%d: %s[%s] %s', vim.fn.fnamemodify(file, ':t'), d.lnum + 1, d.col + 1,
    d.severity == vim.diagnostic.severity.ERROR and 'error' or 'warning', tostring(d.code),
    (d.message:gsub('\n', ' / '))))
  if d.code == expect then
    found = true
  end
end

vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
if not found then
  out('error: Neovim received no `' .. expect .. '` diagnostic')
  vim.cmd('cquit 1')
end
out('ok: Neovim received `' .. expect .. '` from comms lsp')
vim.cmd('qall!')
