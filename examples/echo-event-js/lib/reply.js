// An integrated response with a JSON body.
exports.reply = (statusCode, value) => ({
  isBase64Encoded: false,
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});
