// The SCF entry: tencent-serverless-http serves the app inside the function.
const { createServer, proxy } = require('tencent-serverless-http');
const app = require('./app');

const server = createServer(app);
exports.handler = (event, context) => proxy(server, event, context, 'PROMISE').promise;
