// node:constants — the deprecated flat merge of os.constants (dlopen, errno,
// priority, signals), fs.constants and crypto.constants, as Node builds it.
'use strict';

var os = require('os').constants;
module.exports = Object.assign({}, os.dlopen, os.errno, os.priority, os.signals,
  require('fs').constants, require('crypto').constants);
