/**
 * Preloaded (`node --require ./security/offline.cjs`) into electronegativity's CLI by `npm run security`.
 *
 * 1. No network. Electronegativity fetches updated translations (dist/locales/i18n.js) and Electron's release
 *    list (AvailableSecurityFixesGlobalCheck) with `got`. Here `got` answers every call with an "offline"
 *    error, which both code paths already handle (bundled en-US strings; the release check is also excluded
 *    by flag). Any other outgoing socket throws, so a future version that adds a request fails loudly instead
 *    of quietly depending on the network.
 * 2. Its CLI calls `require('commander')` without declaring commander as a dependency (upstream packaging bug
 *    in 1.10.3): it worked only while some other package hoisted commander 5. In our tree the hoisted copy is
 *    commander 14 (from js-beautify), whose API differs (`program.version` is gone from the default export),
 *    so requests for `commander` made from electronegativity's own files are resolved from @electron/asar,
 *    its dependency that does bring commander ^5.
 */
'use strict'
const Module = require('node:module')
const net = require('node:net')
const path = require('node:path')

const OFFLINE = 'network access refused: the security check runs offline (security/offline.cjs)'

function offline() {
  return Promise.reject(new Error(OFFLINE))
}
const fakeGot = Object.assign(offline, { head: offline, get: offline, post: offline, stream: offline })
fakeGot.extend = () => fakeGot

const electronegativityDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'))
const asarDir = path.dirname(require.resolve('@electron/asar/package.json', { paths: [electronegativityDir] }))

const originalLoad = Module._load
Module._load = function load(request, parent, isMain) {
  if (request === 'got') return fakeGot
  return originalLoad.call(this, request, parent, isMain)
}

const originalResolve = Module._resolveFilename
Module._resolveFilename = function resolveFilename(request, parent, ...rest) {
  if (request === 'commander' && parent && parent.filename && parent.filename.startsWith(electronegativityDir + path.sep)) {
    return originalResolve.call(this, request, { ...parent, paths: Module._nodeModulePaths(asarDir) }, ...rest)
  }
  return originalResolve.call(this, request, parent, ...rest)
}

net.Socket.prototype.connect = function connect() {
  throw new Error(OFFLINE)
}
