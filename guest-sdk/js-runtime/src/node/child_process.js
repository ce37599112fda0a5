// node:child_process — present, so code that requires it loads; a function
// cannot start processes, so every way of starting one fails when called.
'use strict';

function refuse(name) {
  return function () {
    var e = new Error('spawn ENOSYS: ' + name + '() cannot start a process: fngate functions run without host processes');
    e.code = 'ENOSYS';
    e.errno = -38;
    e.syscall = 'spawn';
    throw e;
  };
}
function ChildProcess() { refuse('ChildProcess')(); }
module.exports = {
  ChildProcess: ChildProcess,
  spawn: refuse('spawn'), spawnSync: refuse('spawnSync'), exec: refuse('exec'), execSync: refuse('execSync'),
  execFile: refuse('execFile'), execFileSync: refuse('execFileSync'), fork: refuse('fork')
};
