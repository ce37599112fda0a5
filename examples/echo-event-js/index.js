// Answers with the event it received: the tests compare it with what the gateway sent.
const { reply } = require('./lib/reply');

exports.main_handler = (event, context, callback) => {
  console.log('request %s for %s', context.request_id, context.function_name);
  callback(null, reply(200, event));
};
