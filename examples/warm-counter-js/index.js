// Module-level state under warm instances: counts the invocations this
// instance served and names the instance, so a client sees the state survive
// within a warm instance and start afresh after it is evicted.
// `?fail=1` throws; `?later=1` leaves a timer pending after answering
// (callbackWaitsForEmptyEventLoop = false), which runs in the next invocation
// of the same instance, as on SCF.
// Top-level code runs once per function load (fngate snapshots its result), so
// the instance names itself in its first invocation.
let instance = null;
let served = 0;

exports.main_handler = async (event, context) => {
  instance = instance || Date.now() + '-' + Math.random().toString(36).slice(2);
  served += 1;
  const query = event.queryString || {};
  console.log(`request ${context.request_id} is number ${served} of instance ${instance}`);
  if (query.fail) throw new Error('asked to fail');
  if (query.later) {
    context.callbackWaitsForEmptyEventLoop = false;
    const from = context.request_id;
    setTimeout(() => console.log(`timer left by ${from} ran`), 20);
  }
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      instance,
      served,
      requestId: context.request_id,
      envRequestId: process.env.SCF_REQUESTID,
    }),
  };
};
