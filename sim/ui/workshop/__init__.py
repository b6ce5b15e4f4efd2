"""Workshop mode: a facilitator's screen and participants' phones on one server.

The modules are split by what they hold, so the rules can be tested without a browser:

- `rounds`: the workshop file (TOML) of rounds and levers, validated like a scenario file;
- `levers`: the few model parameters a participant may set, in a planner's units;
- `runs`: the server-wide queue of model runs, with common random numbers for everyone;
- `results`: a run set's outcomes and its paired differences against current practice;
- `session`: one workshop session (join code, participants, rounds, answers, limits) and the
  registry of sessions on the server;
- `export`: the session as CSV and as the Compare page's report;
- `qr`, `pages`, `facilitator`, `participant`, `app`: what the browser shows.

Only `session`, `rounds`, `levers`, `runs`, `results` and `export` decide anything; the pages
draw what they hold and pass on what a person typed, so a forged or garbled message from a
browser meets the same checks as a typed one.
"""
