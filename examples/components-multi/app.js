// Two handlers of one multi-scf instance. `hello` also runs on the timer:
// a timer event has `Type: "Timer"`, and what it returns goes to the log only.
exports.hello = async (event) => {
  if (event.Type === 'Timer') {
    console.log(`timer ${event.TriggerName} at ${event.Time}: ${event.Message}`);
    return 'done';
  }
  const name = (event.queryString && event.queryString.name) || 'world';
  return {
    isBase64Encoded: false,
    statusCode: 200,
    headers: { 'Content-Type': 'text/plain' },
    body: `hello ${name} from ${process.env.SHOP}`,
  };
};

// Passthrough (no integrated response): the gateway answers this object as JSON.
exports.user = async (event) => ({ id: event.pathParameters.id, function: process.env.SCF_FUNCTIONNAME });
