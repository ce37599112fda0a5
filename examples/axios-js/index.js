// Looks a repository up on the upstream API and answers a summary of it.
const axios = require('axios');

const api = axios.create({
  baseURL: process.env.UPSTREAM,
  timeout: 5000,
  headers: { 'user-agent': 'fngate-example', accept: 'application/json' },
});

exports.main_handler = async (event) => {
  const name = (event.queryString && event.queryString.name) || 'rust-lang/rust';
  try {
    const { data } = await api.get(`/repos/${name}`);
    const summary = { name: data.full_name, stars: data.stargazers_count, language: data.language };
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(summary) };
  } catch (e) {
    const status = e.response ? e.response.status : 502;
    const body = JSON.stringify({ error: e.message, code: e.code || null });
    return { statusCode: status, headers: { 'content-type': 'application/json' }, body };
  }
};
