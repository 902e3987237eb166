// @stryker-mutator/mocha-runner 10.1.1 requires mocha's CLI helpers without an extension
// (`mocha/lib/cli/run-helpers`, `options`, `collect-files`); mocha 12 ships them as .cjs files,
// which require() does not try. Preloaded in every process of the mutation run (scripts/mutation.js),
// this tries the .cjs file when such a request fails, and changes nothing else.
"use strict";
const Module = require("module");
const MOCHA_CLI_HELPER = /[\\/]mocha[\\/]lib[\\/]cli[\\/][\w-]+$/;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    try {
        return resolve.call(this, request, ...rest);
    } catch (error) {
        if (MOCHA_CLI_HELPER.test(request)) {
            return resolve.call(this, `${request}.cjs`, ...rest);
        }
        throw error;
    }
};
