// A Koa app as written for node: it listens on port 9000, as SCF web
// functions expect (PORT lets it run elsewhere under node).
const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();
router.get('/hello', (ctx) => {
  ctx.body = { hello: ctx.query.name || 'world', requestId: ctx.get('x-scf-request-id') ? 'set' : 'none' };
});
router.post('/echo', async (ctx) => {
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  ctx.status = 201;
  ctx.body = { got: raw, type: ctx.get('content-type') };
});
app.use(router.routes()).use(router.allowedMethods());
app.listen(Number(process.env.PORT) || 9000);
