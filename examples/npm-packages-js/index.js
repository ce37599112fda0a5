// An SCF Node.js handler as users write it: npm packages from node_modules
// (lodash, mustache, uuid, installed with `npm ci`), a template bundled with
// the function read with fs, and an integrated response.
'use strict';

const fs = require('fs');
const path = require('path');
const _ = require('lodash');
const Mustache = require('mustache');
const { v5: uuidv5, validate } = require('uuid');

// Read once per instance, at load, as on SCF (and so part of fngate's snapshot).
const template = fs.readFileSync(path.join(__dirname, 'templates', 'report.html'), 'utf8');

const PEOPLE = [
  { name: 'Ada', team: 'runtime', role: 'lead' },
  { name: 'Grace', team: 'gateway', role: 'reviewer' },
  { name: 'Linus', team: 'runtime', role: 'maintainer' },
  { name: 'Barbara', team: 'gateway', role: 'author' },
  { name: 'Ken', team: 'tools', role: 'author' },
];

exports.main_handler = async (event) => {
  const query = event.queryString || {};
  const team = typeof query.team === 'string' ? query.team : null;
  const people = team ? _.filter(PEOPLE, { team }) : PEOPLE;
  const groups = _(people)
    .groupBy('team')
    .map((members, name) => ({ team: name, count: members.length, people: _.sortBy(members, 'name') }))
    .sortBy('team')
    .value();
  // A stable id for the request's path (uuid v5 in the URL namespace).
  const requestKey = uuidv5('https://example.com' + (event.path || '/'), uuidv5.URL);
  const html = Mustache.render(template, {
    title: _.startCase(team ? team + ' team' : 'all teams'),
    groups,
    requestKey,
    valid: validate(requestKey),
    path: event.path,
  });
  if (query.format === 'json') {
    return {
      isBase64Encoded: false,
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ groups: _.map(groups, (g) => _.pick(g, ['team', 'count'])), requestKey }),
    };
  }
  return { isBase64Encoded: false, statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
};
