// node:os — what a sandboxed function can truthfully say about its machine.
'use strict';

module.exports = {
  EOL: '\n',
  tmpdir: function () { return '/tmp'; },
  homedir: function () { return '/tmp'; },
  hostname: function () { return 'fngate'; },
  platform: function () { return 'linux'; },
  type: function () { return 'Linux'; },
  arch: function () { return 'wasm32'; },
  release: function () { return ''; },
  endianness: function () { return 'LE'; },
  cpus: function () { return []; },
  totalmem: function () { return Number(process.env.SCF_MEMORY_LIMIT_IN_MB || 128) * 1048576; },
  freemem: function () { return 0; },
  uptime: function () { return process.uptime(); },
  loadavg: function () { return [0, 0, 0]; },
  networkInterfaces: function () { return {}; },
  userInfo: function () { return { uid: -1, gid: -1, username: 'qcloud', homedir: '/tmp', shell: null }; },
  constants: { signals: {}, errno: {} },
  devNull: '/dev/null'
};
