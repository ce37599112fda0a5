#!/usr/bin/env python3
"""Validates fngate's serverless.yml files against
crates/fngate-config/schema/serverless.schema.json, and checks that configs
fngate refuses (or warns about as unknown keys) are rejected.

Run (deploy/verify.sh does, with jsonschema and PyYAML in its virtualenv):
  python3 crates/fngate-config/schema/check.py [REPO] [-v]"""
import json
import os
import re
import sys

import jsonschema
import yaml

ARGS = [a for a in sys.argv[1:] if a != "-v"]
REPO = ARGS[0] if ARGS else os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../..")
SCHEMA = os.path.join(REPO, "crates/fngate-config/schema/serverless.schema.json")


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1 (yes/no/on/off are booleans, 2020-01-01 a date);
    fngate's parser (saphyr) and yaml-language-server read YAML 1.2's core
    schema: only true/false booleans, no timestamps."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def stringify_keys(node):
    """fngate reads scalar keys as text (`200:` is the key "200")."""
    if isinstance(node, dict):
        return {str(k).lower() if isinstance(k, bool) else ("" if k is None else str(k)): stringify_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [stringify_keys(v) for v in node]
    return node


def load(text):
    return stringify_keys(yaml.load(text, Loader=Yaml12Loader))


def is_fngate_config(path, doc):
    """A serverless*.yml, or a YAML file whose top level looks like one of the three dialects."""
    if re.match(r"serverless.*\.ya?ml$", os.path.basename(path)):
        return True
    return isinstance(doc, dict) and ("component" in doc or ("functions" in doc and ("service" in doc or "provider" in doc)))


def config_files():
    found, skipped = [], []
    for top in ("examples", "tests/fixtures"):
        for root, dirs, files in os.walk(os.path.join(REPO, top)):
            dirs[:] = sorted(d for d in dirs if d not in ("node_modules", "target", ".git"))
            for name in sorted(files):
                if not name.endswith((".yml", ".yaml")):
                    continue
                path = os.path.join(root, name)
                try:
                    doc = load(open(path).read())
                except yaml.YAMLError:
                    skipped.append(path)
                    continue
                (found if is_fngate_config(path, doc) else skipped).append(path)
    return found, skipped


def rust_consts(path, names):
    """The `const NAME: &str = "…";` YAML texts of the crate's own tests."""
    text = open(os.path.join(REPO, path)).read()
    out = {}
    for name in names:
        m = re.search(r'const ' + name + r': &str = "(.*?)";\n', text, re.S)
        if m:
            out[f"{path}:{name}"] = m.group(1).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
    return out


# Configs the crate's unit tests load successfully (inline YAML), and forms the
# code accepts that the example files do not show.
EXTRA_VALID = {
    **rust_consts("crates/fngate-config/src/parse.rs", ["APIS", "POLICIES"]),
    **rust_consts("crates/fngate-config/src/components.rs", ["SCF", "MULTI"]),
    "plugin forms (apigw {service, method, stage, auth}, timer {name, cron})": """
service: s
provider: {name: tencent, runtime: Wasm, timeout: '${env:T, 10}', apiGateway: {serviceId: service-abc}}
custom:
  other_plugin: {anything: [1, 2]}
  fngate:
    keyPairs: [{secretId: AKID1, secretKey: '${env:KEY, k}'}]
    state: redis+unix:///run/redis.sock
    stateFailure: closed
    functionErrorStatus: propagate
    build: make
    allowedOutboundHosts: ['*', 'example.com:443', 'https://api.example.com']
    services: {service-abc: {ipAllow: [10.0.0.0/8, '::1'], ipDeny: [10.1.2.3]}}
functions:
  f:
    handler: f.main
    memorySize: ${opt:memory, 64}
    reservedConcurrency: 10
    events:
      - apigw: {service: service-abc, method: post, stage: test, auth: true}
      - timer: {name: every5, cron: '*/5 * * * * * *', argument: x}
      - timer: {parameters: {cronExpression: '0 2 * * *', enable: 'TRUE'}}
      - cos: {bucket: b}
      - apigw:
""",
    "plugin forms, seven-field cron": """
functions:
  g:
    runtime: wasi
    handler: g.main
    events:
      - timer: {name: nightly, parameters: {cronExpression: '0 0 2 * * * *', enable: true, qualifier: $LATEST}}
      - apigw: {parameters: {path: '^~/static', httpMethod: head, protocols: [HTTPS], usagePlan: {maxRequestNum: -1}}}
""",
    "multi-scf list form, trigger-level function, scf@version": """
component: multi-scf@1.0.0
name: m
inputs:
  functions:
    - {key: a, handler: a.main, runtime: Nodejs16.13, environments: [{key: K, value: v}]}
  triggers:
    - {type: apigw, function: a, parameters: {id: service-x1}}
    - {type: timer, function: {name: a}, parameters: {cronExpression: '30 9 * * 1-5', enable: true}}
    - {type: ckafka, function: a, parameters: {topic: t}}
""",
    "scf, minimal (everything defaulted)": "component: scf\nname: bare\ninputs:\n  src: ./\n",
    "scf with cloud-only keys, ignoreTriggers and authType": """
component: scf
name: c
inputs:
  namespace: default
  role: r
  layers: [{name: l, version: 1}]
  ignoreTriggers: true
  events:
    - apigw:
        parameters:
          endpoints:
            - {path: /a, method: GET, authType: secret, apiId: api-1, responseType: JSON}
fngate:
  keyPairs: [{secretId: AKID1, secretKey: k1}]
""",
}

BASE_V1 = """service: s
provider:
  name: tencent
  runtime: Wasm
functions:
  f:
    handler: f.main
    timeout: 10
    events:
      - apigw:
          parameters: {path: /f, httpMethod: GET, stageName: release}
      - timer:
          parameters: {cronExpression: '*/5 * * * * * *', enable: true}
custom:
  fngate:
    stateFailure: open
"""
BASE_SCF = """component: scf
name: app
inputs:
  src: ./src
  runtime: Nodejs16.13
  events:
    - apigw:
        parameters:
          environment: release
          endpoints:
            - {path: /a, method: GET}
"""
BASE_MULTI = """component: multi-scf
name: app
inputs:
  functions:
    a: {handler: app.a}
  triggers:
    - type: timer
      function: a
      parameters: {cronExpression: '0 * * * *', enable: true}
"""


def sub(base, old, new):
    assert old in base, old
    return base.replace(old, new, 1)


# (name, yaml): configs the schema must reject.
INVALID = [
    ("misspelt key `timout` (fngate: unknown-key warning)", sub(BASE_V1, "timeout: 10", "timout: 10")),
    ("misspelt key under provider `runtme` (warning)", sub(BASE_V1, "runtime: Wasm", "runtme: Wasm")),
    ("wrong type: memorySize: lots", sub(BASE_V1, "timeout: 10", "memorySize: lots")),
    ("out of range: timeout: 9000", sub(BASE_V1, "timeout: 10", "timeout: 9000")),
    ("wrong type: functions.f is a list", sub(BASE_V1, "    handler: f.main\n", "    - handler: f.main\n").split("    timeout")[0]),
    ("unknown runtime Java8", sub(BASE_V1, "runtime: Wasm", "runtime: Java8")),
    ("no runtime anywhere", sub(BASE_V1, "  runtime: Wasm\n", "")),
    ("provider.name aws", sub(BASE_V1, "name: tencent", "name: aws")),
    ("stage prod", sub(BASE_V1, "stageName: release", "stageName: prod")),
    ("method PATCH", sub(BASE_V1, "httpMethod: GET", "httpMethod: PATCH")),
    ("path without /", sub(BASE_V1, "path: /f", "path: nope")),
    ("path variable not a whole segment", sub(BASE_V1, "path: /f", "path: '/u/x{id}'")),
    ("variable after ^~", sub(BASE_V1, "path: /f", "path: '^~/u/{id}'")),
    ("bad serviceId", sub(BASE_V1, "stageName: release", "serviceId: svc_1")),
    ("unknown event type sqs", sub(BASE_V1, "      - timer:", "      - sqs: {}\n      - timer:")),
    ("event with two keys", sub(BASE_V1, "      - timer:\n", "      - apigw: {}\n        timer:\n")),
    ("timer without cronExpression", sub(BASE_V1, "cronExpression: '*/5 * * * * * *', ", "")),
    ("cron with 6 fields", sub(BASE_V1, "'*/5 * * * * * *'", "'* * * * * *'")),
    ("enable: maybe", sub(BASE_V1, "enable: true", "enable: maybe")),
    ("YAML 1.1 `enable: yes` (a string to fngate)", sub(BASE_V1, "enable: true", "enable: yes")),
    ("authType in v1 parameters (protection key: error)", sub(BASE_V1, "stageName: release", "authType: SECRET")),
    ("auth without secretIds", sub(BASE_V1, "stageName: release", "auth: {secretName: x}")),
    ("protocols empty", sub(BASE_V1, "stageName: release", "protocols: []")),
    ("protocols ftp", sub(BASE_V1, "stageName: release", "protocols: [ftp]")),
    ("usagePlan maxRequestNum: 0", sub(BASE_V1, "stageName: release", "usagePlan: {maxRequestNum: 0}")),
    ("trigger rule on Cookie", sub(BASE_V1, "stageName: release", "base64EncodedTriggerRules: [{name: Cookie, value: [x]}]")),
    ("param without position", sub(BASE_V1, "stageName: release", "param: [{name: q}]")),
    ("stateFailure maybe", sub(BASE_V1, "stateFailure: open", "stateFailure: maybe")),
    ("state rediss://", sub(BASE_V1, "stateFailure: open", "state: rediss://h")),
    ("state without host", sub(BASE_V1, "stateFailure: open", "state: 'redis://:6379'")),
    ("stageVariables on stage prod", sub(BASE_V1, "stateFailure: open", "stageVariables: {prod: {a: b}}")),
    ("key pair without secretKey", sub(BASE_V1, "stateFailure: open", "keyPairs: [{secretId: AKID1}]")),
    ("build without command", sub(BASE_V1, "stateFailure: open", "build: {watch: ['*.c']}")),
    ("build watch leaving the directory", sub(BASE_V1, "stateFailure: open", "build: {command: make, watch: ['../x/*.c']}")),
    ("warm.maxInstances 100", sub(BASE_V1, "stateFailure: open", "functions: {f: {warm: {maxInstances: 100}}}")),
    ("unknown key in custom.fngate", sub(BASE_V1, "stateFailure: open", "stateFaliure: open")),
    ("functions missing", "service: s\nprovider: {runtime: Wasm}\n"),
    ("functions empty", "service: s\nprovider: {runtime: Wasm}\nfunctions: {}\n"),
    ("unknown top-level key (warning)", BASE_V1 + "resources: {}\n"),
    ("component express", sub(BASE_SCF, "component: scf", "component: express")),
    ("scf: image (error)", sub(BASE_SCF, "  src: ./src\n", "  src: ./src\n  image: {imageUrl: x}\n")),
    ("scf: src in a COS bucket", sub(BASE_SCF, "  src: ./src\n", "  src: {bucket: b, object: code.zip}\n")),
    ("scf: src outside the project", sub(BASE_SCF, "src: ./src", "src: ../other")),
    ("scf: type sse", sub(BASE_SCF, "  src: ./src\n", "  src: ./src\n  type: sse\n")),
    ("scf: name missing", sub(BASE_SCF, "name: app\n", "")),
    ("scf: endpoint without path", sub(BASE_SCF, "{path: /a, method: GET}", "{method: GET}")),
    ("scf: authType APP", sub(BASE_SCF, "{path: /a, method: GET}", "{path: /a, method: GET, authType: APP}")),
    ("scf: apigw without parameters", sub(BASE_SCF, "        parameters:\n          environment: release\n          endpoints:\n            - {path: /a, method: GET}\n", "        name: x\n")),
    ("scf: misspelt inputs key `timout`", sub(BASE_SCF, "  src: ./src\n", "  src: ./src\n  timout: 3\n")),
    ("scf: reservedConcurrency (not a Components key: warning)", sub(BASE_SCF, "  src: ./src\n", "  src: ./src\n  reservedConcurrency: 3\n")),
    ("scf: stage on endpoint env prod", sub(BASE_SCF, "environment: release", "environment: prod")),
    ("multi: functions missing", "component: multi-scf\nname: m\ninputs: {src: ./}\n"),
    ("multi: timer without function", sub(BASE_MULTI, "      function: a\n", "")),
    ("multi: trigger type sqs", sub(BASE_MULTI, "type: timer", "type: sqs")),
    ("multi: trigger without type", sub(BASE_MULTI, "    - type: timer\n      function: a\n", "    - function: a\n")),
    ("multi: apigw API without any function", BASE_MULTI + "    - type: apigw\n      parameters: {apis: [{path: /x}]}\n"),
    ("multi: list-form function without key", sub(BASE_MULTI, "    a: {handler: app.a}\n", "    - {handler: app.a}\n")),
    ("multi: environments item without key", sub(BASE_MULTI, "    a: {handler: app.a}\n", "    a: {handler: app.a, environments: [{value: v}]}\n")),
    ("multi: unknown runtime", sub(BASE_MULTI, "inputs:\n", "inputs:\n  runtime: Go1\n")),
]


def main():
    schema = json.load(open(SCHEMA))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    def errors(doc):
        return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))

    def show(e):
        e = jsonschema.exceptions.best_match([e])
        return f"{'.'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:160]}"

    failures = 0
    found, skipped = config_files()
    print(f"== {len(found)} config files (skipped {len(skipped)} other YAML files)")
    for path in found:
        errs = errors(load(open(path).read()))
        status = "ok  " if not errs else "FAIL"
        failures += bool(errs)
        print(f"{status} {os.path.relpath(path, REPO)}")
        for e in errs:
            print("       ", show(e))
    for path in skipped:
        print(f"skip {os.path.relpath(path, REPO)}") if "-v" in sys.argv else None

    print(f"== {len(EXTRA_VALID)} extra valid configs (inline test YAML, accepted forms)")
    for name, text in EXTRA_VALID.items():
        errs = errors(load(text))
        failures += bool(errs)
        print(f"{'ok  ' if not errs else 'FAIL'} {name}")
        for e in errs:
            print("       ", show(e))

    print(f"== {len(INVALID)} invalid configs (must be rejected)")
    for name, text in INVALID:
        errs = errors(load(text))
        failures += not errs
        first = show(errs[0]) if errs else "accepted!"
        print(f"{'ok  ' if errs else 'FAIL'} {name}  ->  {first}")

    print("== all as expected" if not failures else f"== {failures} unexpected result(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
