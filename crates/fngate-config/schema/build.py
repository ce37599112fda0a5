#!/usr/bin/env python3
"""Builds serverless.schema.json (draft-07), the JSON Schema of serverless.yml,
from the rules of crates/fngate-config/src written out here: change a rule
here, then run `python3 crates/fngate-config/schema/build.py
crates/fngate-config/schema/serverless.schema.json` (deploy/verify.sh checks
that the two agree, and the schema against every example)."""
import json
import sys

U32_MAX = 4294967295
D = {}  # definitions


def ref(name):
    return {"$ref": f"#/definitions/{name}"}


def ci(word):
    """A case-insensitive regex for `word` (ECMA regexes have no (?i))."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else ("\\." if c == "." else c) for c in word)


def desc(schema, text):
    s = dict(schema)
    s["description"] = text
    return s


def ignored(text="Accepted as the cloud does, but has no effect in fngate (a warning)."):
    return {"description": text}


def obj(props, *, required=(), nullable=True, additional=False, description=None, extra=None):
    s = {"type": ["object", "null"] if nullable else "object"}
    if description:
        s["description"] = description
    s["properties"] = props
    if required:
        s["required"] = list(required)
    s["additionalProperties"] = additional
    if extra:
        s.update(extra)
    return s


def integer(lo, hi, text):
    return {
        "description": text,
        "anyOf": [
            {"type": "integer", "minimum": lo, "maximum": hi},
            {"type": "string", "pattern": "^\\s*[0-9]+\\s*$", "description": "An integer written as a string."},
            ref("variable"),
            {"type": "null"},
        ],
    }


def enum_or_var(values, text, *, nullable=True, extra_patterns=()):
    alts = [{"enum": list(values)}]
    alts += [{"type": "string", "pattern": p} for p in extra_patterns]
    alts.append(ref("variable"))
    if nullable:
        alts.append({"type": "null"})
    return {"description": text, "anyOf": alts}


# ---------------------------------------------------------------- scalars
D["variable"] = {
    "type": "string",
    "pattern": "\\$\\{.*\\}",
    "description": "A value holding a variable (${env:NAME}, ${opt:NAME}, ${self:a.b}; in Components files also ${name}, ${stage}, ${app}, ${org}), resolved when fngate loads the file.",
}
D["text"] = {
    "type": ["string", "number", "boolean", "null"],
    "description": "A text value (numbers and booleans are read as their text).",
}
D["boolean"] = {
    "description": "true or false (the strings \"TRUE\"/\"FALSE\" in any case too).",
    "anyOf": [
        {"type": "boolean"},
        {"type": "string", "pattern": "^(" + ci("true") + "|" + ci("false") + ")$"},
        ref("variable"),
        {"type": "null"},
    ],
}
D["runtime"] = {
    "description": "Wasm or WASI (any case) for a WebAssembly module or component, WasiHttp for a wasi:http component, Nodejs… for JavaScript, Python2.7 or Python3.x for Python.",
    "anyOf": [
        {"enum": ["Wasm", "WASI", "WasiHttp", "Nodejs8.9", "Nodejs10.15", "Nodejs12.16", "Nodejs14.18", "Nodejs16.13",
                  "Python2.7", "Python3.6", "Python3.7", "Python3.9", "Python3.10"]},
        {"type": "string", "pattern": "^(" + ci("wasm") + "|" + ci("wasi") + "|" + ci("wasihttp") + "|" + ci("nodejs") + ".*|"
         + ci("python") + "(2\\.7|3\\.[0-9]+))$"},
        ref("variable"),
        {"type": "null"},
    ],
}
D["handler"] = {
    "description": "`file.entry`: the module is <file>.wasm (or .wat; .js for Nodejs, .py for Python); default index.main_handler.",
    "anyOf": [{"type": "string", "pattern": "^[^/]+$"}, ref("variable"), {"type": "null"}],
}
D["timeout"] = integer(1, 900, "Seconds an invocation may run, 1–900 (default 3).")
D["memorySize"] = integer(1, 4096, "MB of linear memory, 1–4096 (default 128).")
D["reservedConcurrency"] = integer(1, 100000, "Invocations at once, 1–100000; more wait up to 1 s, then 429.")
D["serviceTimeout"] = integer(1, 1800, "Seconds the gateway waits for the function, 1–1800 (default 15).")
D["functionType"] = enum_or_var(
    ["event", "Event", "web", "HTTP"],
    "event (default) or web: a web function runs the Node.js app its scf_bootstrap starts.",
)
D["stage"] = enum_or_var(["test", "prepub", "release"], "The API's stage: test, prepub or release (default release).")
D["method"] = enum_or_var(
    ["ANY", "GET", "HEAD", "POST", "PUT", "DELETE"],
    "HTTP method, any case (default ANY).",
    extra_patterns=["^(" + "|".join(ci(m) for m in ["any", "get", "head", "post", "put", "delete"]) + ")$"],
)
D["serviceId"] = {
    "description": "API gateway service id: `service-` and lowercase letters and digits; empty for the default.",
    "anyOf": [
        {"type": "string", "pattern": "^service-[a-z0-9]+$"},
        {"const": ""},
        ref("variable"),
        {"type": "null"},
    ],
}
D["path"] = {
    "description": "API path: /a/b, /users/{id} (a variable is a whole segment), =/exact or ^~/prefix (no variables).",
    "anyOf": [
        {
            "type": "string",
            "pattern": "^(=?(/([^/?# \\t{}]*|\\{[A-Za-z0-9_]+\\}))+|\\^~(/[^/?# \\t{}]*)+)$",
        },
        ref("variable"),
        {"type": "null"},
    ],
}
D["protocols"] = {
    "description": "The schemes that may call: [http], [https] or both (default both).",
    "anyOf": [
        {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    {"enum": ["http", "https"]},
                    {"type": "string", "pattern": "^(" + ci("http") + "|" + ci("https") + ")$"},
                    ref("variable"),
                ]
            },
        },
        ref("variable"),
    ],
}
D["cron"] = {
    "description": "SCF's 7 fields (second minute hour day month weekday year) or the standard 5, in UTC.",
    "anyOf": [
        {"type": "string", "pattern": "^\\s*\\S+(\\s+\\S+){4}((\\s+\\S+){2})?\\s*$"},
        ref("variable"),
    ],
}
D["stringList"] = {
    "description": "A list of text values.",
    "anyOf": [{"type": ["array", "null"], "items": ref("text")}, ref("variable")],
}

# ---------------------------------------------------------------- shared blocks
D["environment"] = obj(
    {"variables": {
        "description": "NAME: value pairs of the function's environment.",
        "type": ["object", "null"],
        "additionalProperties": ref("text"),
    }},
    description="The function's environment: `variables: {NAME: value}`.",
)
D["auth"] = {
    "description": "Key-pair auth: true (any pair under keyPairs), false (open), or {secretIds: [...]}.",
    "anyOf": [
        {"type": "boolean"},
        obj(
            {
                "secretIds": {
                    "description": "Secret ids of the key pairs (declared under fngate's keyPairs) that may call.",
                    "type": "array",
                    "minItems": 1,
                    "items": ref("text"),
                },
                "secretName": ignored("Accepted, no effect: key pairs are named by secretIds (a warning)."),
            },
            required=["secretIds"],
            nullable=False,
        ),
        ref("variable"),
    ],
}
usage_limit = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": U32_MAX},
        {"const": -1},
        {"const": "-1"},
        {"type": "string", "pattern": "^\\s*[0-9]+\\s*$"},
        ref("variable"),
        {"type": "null"},
    ]
}
D["usagePlan"] = obj(
    {
        "maxRequestNumPreSec": desc(usage_limit, "Requests per second allowed, a positive integer or -1 for no limit."),
        "maxRequestNum": desc(usage_limit, "Requests allowed in all, a positive integer or -1 for no limit."),
        "usagePlanId": ignored(),
        "usagePlanName": ignored(),
        "usagePlanDesc": ignored(),
    },
    description="Rate limits of the API (default: no limit).",
)
D["base64EncodedTriggerRules"] = {
    "description": "With isBase64Trigger: which requests have their body base64-encoded.",
    "type": ["array", "null"],
    "items": obj(
        {
            "name": enum_or_var(["Content_Type", "Content-Type", "Accept"], "The header to match: Content_Type or Accept."),
            "value": desc(ref("stringList"), "Substrings of the header value that trigger encoding (any case)."),
        },
        nullable=False,
    ),
}
D["param"] = {
    "description": "The API's declared parameters.",
    "type": ["array", "null"],
    "items": obj(
        {
            "name": desc(ref("text"), "Parameter name; a PATH parameter must be a {name} segment of the path."),
            "position": enum_or_var(
                ["PATH", "QUERY", "HEADER"],
                "Where the parameter is: PATH, QUERY or HEADER (any case).",
                extra_patterns=["^(" + ci("path") + "|" + ci("query") + "|" + ci("header") + ")$"],
                nullable=False,
            ),
            "required": desc(ref("boolean"), "Whether the parameter must be given (default false)."),
            "defaultValue": desc(ref("text"), "Value used when the parameter is absent."),
            "desc": {"description": "Description of the parameter (not used)."},
            "type": {"description": "Type of the parameter (not used)."},
        },
        required=["name", "position"],
        nullable=False,
    ),
}
shared_api_keys = {
    "path": ref("path"),
    "enableCORS": desc(ref("boolean"), "Answer preflights and add CORS headers (default false)."),
    "serviceTimeout": ref("serviceTimeout"),
    "description": ignored(),
    "auth": ref("auth"),
    "usagePlan": ref("usagePlan"),
    "isBase64Encoded": desc(ref("boolean"), "Encode request bodies as base64 (default false)."),
    "isBase64Trigger": desc(ref("boolean"), "Encode only bodies matching base64EncodedTriggerRules (needs isBase64Encoded)."),
    "base64EncodedTriggerRules": ref("base64EncodedTriggerRules"),
    "param": ref("param"),
}

# ---------------------------------------------------------------- timers
D["timerParameters"] = obj(
    {
        "name": desc(ref("text"), "The timer's name (the event's TriggerName); default timer-<name>-<stage>."),
        "cronExpression": ref("cron"),
        "enable": desc(ref("boolean"), "The timer fires only with enable: true (missing means disabled, with a warning)."),
        "argument": desc(ref("text"), "The event's Message (default empty)."),
        "qualifier": ignored("Accepted, no effect: fngate runs one version of each function (a warning)."),
        "description": {"description": "Description of the timer (not used)."},
    },
    required=["cronExpression"],
    nullable=False,
    description="The timer's settings.",
)
D["timerEvent"] = {
    "description": "A timer trigger: {name, parameters: {cronExpression, enable, argument}}, or the plugin's {name, cron}.",
    "type": "object",
    "if": {"type": "object", "required": ["cron"]},
    "then": obj(
        {
            "name": desc(ref("text"), "The timer's name (the event's TriggerName)."),
            "cron": ref("cron"),
            "enable": desc(ref("boolean"), "In the plugin's form the timer is enabled unless enable: false."),
            "argument": desc(ref("text"), "The event's Message (default empty)."),
        },
        nullable=False,
    ),
    "else": obj(
        {
            "name": desc(ref("text"), "The timer's name (the event's TriggerName); default timer-<name>-<stage>."),
            "parameters": ref("timerParameters"),
        },
        required=["parameters"],
        nullable=False,
    ),
}
OTHER_TRIGGERS = ["cos", "cmq", "ckafka", "cls", "mps", "clb"]
other_trigger = {"description": "A trigger type fngate does not run: accepted and ignored (a warning)."}

# ---------------------------------------------------------------- fngate's own section
D["build"] = {
    "description": "How functions are built: a shell command, or {command, watch}.",
    "anyOf": [
        {"type": "string", "pattern": "\\S", "description": "The build command, run with sh -c in the function's code directory."},
        obj(
            {
                "command": {
                    "description": "The build command, run with sh -c in the function's code directory.",
                    "anyOf": [{"type": "string", "pattern": "\\S"}, {"type": ["number", "boolean"]}],
                },
                "watch": {
                    "description": "Glob patterns, relative to the code directory, whose changes trigger a rebuild.",
                    "type": ["array", "null"],
                    "items": {
                        "anyOf": [
                            {"type": "string", "pattern": "^(?!/)(?!(.*/)?\\.\\.(/|$))"},
                            {"type": ["number", "boolean", "null"]},
                        ]
                    },
                },
            },
            required=["command"],
            nullable=False,
        ),
    ],
}
D["hosts"] = {
    "description": "Where functions may connect: host, host:port, scheme://host[:port], an address, or *.",
    "anyOf": [
        {
            "type": ["array", "null"],
            "items": {
                "anyOf": [
                    {"type": "string", "pattern": "^(?!.*://.*://)\\S+$"},
                    {"type": ["number", "null"]},
                ]
            },
        },
        ref("variable"),
    ],
}
warm_int = lambda lo, hi, text: {
    "description": text,
    "anyOf": [
        {"type": "integer", "minimum": lo, "maximum": hi},
        {"type": "string", "pattern": "^[0-9]+$"},
        ref("variable"),
        {"type": "null"},
    ],
}
D["warm"] = obj(
    {
        "maxInstances": warm_int(1, 64, "Instances kept warm at most, 1–64 (default 4)."),
        "idleSeconds": warm_int(1, 86400, "Seconds an idle instance is kept, 1–86400 (default 300)."),
        "maxInvocations": warm_int(0, U32_MAX, "Invocations per instance before it is dropped (default 0: no limit)."),
    },
    description="Keep instances between invocations (module state survives).",
)
ip = {
    "anyOf": [
        {"type": "string", "pattern": "^\\s*[0-9A-Fa-f:.]+(/[0-9]+)?\\s*$"},
        ref("variable"),
        {"type": "null"},
    ]
}
D["fngate"] = obj(
    {
        "stageVariables": {
            "description": "The event's stageVariables on each stage (test, prepub, release).",
            "type": ["object", "null"],
            "propertyNames": {"enum": ["test", "prepub", "release"]},
            "additionalProperties": {
                "type": ["object", "null"],
                "description": "NAME: value pairs given to functions called on this stage.",
                "additionalProperties": ref("text"),
            },
        },
        "functionErrorStatus": enum_or_var(
            ["seed", "propagate"],
            "seed (default): a function timeout answers 200 with SCF's body; propagate: it answers 433.",
        ),
        "keyPairs": {
            "description": "Key pairs that may call APIs with auth; put the keys in ${env:…} variables.",
            "type": ["array", "null"],
            "items": obj(
                {
                    "secretId": desc(ref("text"), "The key pair's id, named by an API's auth.secretIds."),
                    "secretKey": {
                        "description": "The key pair's secret key (non-empty).",
                        "anyOf": [{"type": "string", "minLength": 1}, {"type": ["number", "boolean"]}],
                    },
                },
                required=["secretId", "secretKey"],
                nullable=False,
            ),
        },
        "services": {
            "description": "Per-service IP policies, by service id.",
            "type": ["object", "null"],
            "additionalProperties": obj(
                {
                    "ipAllow": {"description": "Addresses or CIDR networks allowed (others are refused).", "type": ["array", "null"], "items": ip},
                    "ipDeny": {"description": "Addresses or CIDR networks refused.", "type": ["array", "null"], "items": ip},
                },
                description="The service's IP policy.",
            ),
        },
        "state": {
            "description": "Store shared by replicas for usage plans and timers: redis://[:password@]host[:port][/db] or redis+unix:///path.",
            "anyOf": [
                {"type": "string", "pattern": "^(redis://([^/]*@)?[^/@:][^/@]*(/[0-9]*)?|(redis\\+unix|unix):///.*)$"},
                ref("variable"),
                {"type": "null"},
            ],
        },
        "stateFailure": enum_or_var(
            ["open", "closed"],
            "While the store is unreachable: open (default) admits and counts locally, closed answers limited APIs 503.",
        ),
        "build": ref("build"),
        "functions": {
            "description": "Settings of single functions, by function name (as `fngate routes` prints it).",
            "type": ["object", "null"],
            "additionalProperties": obj(
                {
                    "build": desc(ref("build"), "How this function is built (instead of the project's build)."),
                    "allowedOutboundHosts": desc(ref("hosts"), "Hosts this function may connect to, added to the project's list."),
                    "warm": ref("warm"),
                },
                description="One function's fngate settings.",
            ),
        },
        "allowedOutboundHosts": desc(ref("hosts"), "Hosts every function may connect to (default none)."),
    },
    description="fngate's own settings.",
)

# ---------------------------------------------------------------- v1 dialect
D["v1ApigwParameters"] = obj(
    {
        "stageName": ref("stage"),
        "serviceId": desc(ref("serviceId"), "The API's service id; default provider.apiGateway.serviceId, else one derived from `service`."),
        "httpMethod": ref("method"),
        **shared_api_keys,
        "path": desc(ref("path"), "API path (default /<function name>): /a/b, /u/{id}, =/exact or ^~/prefix."),
        "integratedResponse": desc(ref("boolean"), "true: the function's answer is the HTTP response; false (default): passthrough."),
        "enable": desc(ref("boolean"), "false: the API is not served (default true)."),
        "protocols": ref("protocols"),
    },
    description="The API's settings.",
)
D["v1ApigwEvent"] = obj(
    {
        "name": desc(ref("text"), "The API's name (default <function>_apigw)."),
        "parameters": ref("v1ApigwParameters"),
        "service": desc(ref("serviceId"), "Plugin form: the API's service id."),
        "method": desc(ref("method"), "Plugin form: HTTP method (the path is /<function>)."),
        "stage": desc(ref("stage"), "Plugin form: the API's stage."),
        "auth": ref("auth"),
    },
    description="An API that calls the function: {name, parameters}, or the plugin's {service, method, stage, auth}.",
)
D["v1Event"] = {
    "description": "One event: a mapping with exactly one key, its type.",
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {
        "apigw": ref("v1ApigwEvent"),
        "timer": ref("timerEvent"),
        **{t: other_trigger for t in OTHER_TRIGGERS},
    },
    "additionalProperties": False,
}
D["v1Function"] = obj(
    {
        "handler": ref("handler"),
        "runtime": desc(ref("runtime"), "The function's runtime (default provider.runtime)."),
        "description": desc(ref("text"), "Description of the function."),
        "memorySize": ref("memorySize"),
        "timeout": ref("timeout"),
        "environment": desc(ref("environment"), "Environment variables, over provider.environment's."),
        "events": {
            "description": "The triggers of the function: apigw and timer (others are ignored).",
            "type": ["array", "null"],
            "items": ref("v1Event"),
        },
        "reservedConcurrency": ref("reservedConcurrency"),
        "type": ref("functionType"),
        "role": ignored(),
        "vpcConfig": ignored(),
    },
    nullable=False,
    description="A function, by name.",
)
D["v1Provider"] = obj(
    {
        "name": enum_or_var(["tencent"], "Must be tencent when given."),
        "runtime": desc(ref("runtime"), "Default runtime of every function."),
        "region": desc(ref("text"), "Region (default ap-guangzhou)."),
        "stage": ignored("Only names the deployment; default dev, used in default timer names (a warning)."),
        "credentials": ignored(),
        "memorySize": desc(ref("memorySize"), "Default memorySize of every function, MB 1–4096 (default 128)."),
        "timeout": desc(ref("timeout"), "Default timeout of every function, seconds 1–900 (default 3)."),
        "description": ignored(),
        "role": ignored(),
        "enableRoleAuth": ignored(),
        "cosBucket": ignored(),
        "environment": desc(ref("environment"), "Environment variables of every function (a function's own win)."),
        "vpcConfig": ignored(),
        "apiGateway": obj(
            {"serviceId": desc(ref("text"), "Default serviceId of every API.")},
            description="API gateway defaults.",
        ),
    },
    description="Defaults of every function.",
)
D["v1"] = {
    "title": "Serverless Framework v1 (Tencent plugin) dialect",
    "type": "object",
    "properties": {
        "service": desc(ref("text"), "The service's name (default the directory's name); names the default service id."),
        "provider": ref("v1Provider"),
        "plugins": {"description": "Framework plugins (not used by fngate)."},
        "package": {"description": "Packaging settings (not used by fngate)."},
        "functions": {
            "description": "The functions, by name.",
            "type": "object",
            "minProperties": 1,
            "additionalProperties": ref("v1Function"),
        },
        "custom": {
            "description": "Custom settings; fngate reads `custom.fngate`, other keys are left to plugins.",
            "type": ["object", "null"],
            "properties": {"fngate": ref("fngate")},
            "additionalProperties": True,
        },
        "frameworkVersion": {"description": "Serverless Framework version (not used by fngate)."},
        "org": {"description": "Serverless org (not used by fngate)."},
        "app": {"description": "Serverless app (not used by fngate)."},
    },
    "required": ["functions"],
    "additionalProperties": False,
    # Without provider.runtime every function names its own.
    "if": {"required": ["provider"], "properties": {"provider": {"type": "object", "required": ["runtime"]}}},
    "else": {
        "properties": {"functions": {"additionalProperties": {"required": ["runtime"]}}},
    },
}

# ---------------------------------------------------------------- Components dialects
CLOUD_ONLY = [
    "namespace", "role", "initTimeout", "publicAccess", "installDependency", "vpcConfig", "vpc", "cfs",
    "deadLetter", "layers", "cls", "eip", "asyncRunEnable", "traceEnable", "msgTTL", "retryNum", "tags",
    "provisionedNum", "qualifier", "isAutoPublish", "publishDescription", "nodeType", "nodeSpec", "entryFile",
    "protocolType", "protocolParams",
]
cloud_only = {k: ignored() for k in CLOUD_ONLY}
no_image = {"not": {}, "description": "Not supported: fngate runs code from `src`, not container images (an error)."}
D["src"] = {
    "description": "The code directory, relative to this file and inside the project: a path, or {src, exclude}.",
    "anyOf": [
        {"type": "string", "pattern": "^(?!/)(?!\\.\\.(/|$))"},
        {"type": ["number", "null"]},
        obj(
            {
                "src": {
                    "description": "The code directory, relative to this file and inside the project.",
                    "anyOf": [{"type": "string", "pattern": "^(?!/)(?!\\.\\.(/|$))"}, {"type": ["number", "null"]}],
                },
                "exclude": ignored("Accepted, no effect: fngate serves the directory as it is (a warning)."),
                "bucket": {"not": {}, "description": "Not supported: code in a COS bucket (an error)."},
                "object": {"not": {}, "description": "Not supported: code in a COS bucket (an error)."},
            },
            nullable=False,
        ),
    ],
}
component_function_keys = {
    "handler": ref("handler"),
    "runtime": ref("runtime"),
    "description": desc(ref("text"), "Description of the function."),
    "memorySize": ref("memorySize"),
    "timeout": ref("timeout"),
    "environment": ref("environment"),
    "type": ref("functionType"),
    "image": no_image,
    **cloud_only,
}
D["endpointFunction"] = {
    "description": "The function the API calls: a key of inputs.functions, or {name, isIntegratedResponse}.",
    "anyOf": [
        {"type": ["string", "number", "null"]},
        obj(
            {
                "isIntegratedResponse": desc(ref("boolean"), "true: the function's answer is the HTTP response; false (default): passthrough."),
                "name": desc(ref("text"), "multi-scf: the key of inputs.functions."),
                "functionName": desc(ref("text"), "Same as name."),
                "functionQualifier": ignored("Accepted, no effect: fngate runs one version of each function (a warning)."),
                "functionNamespace": ignored("Accepted, no effect: fngate runs one version of each function (a warning)."),
                "type": ignored("Accepted, no effect (a warning)."),
            },
            nullable=False,
        ),
    ],
}
D["endpoint"] = obj(
    {
        **shared_api_keys,
        "path": desc(ref("path"), "API path (required): /a/b, /u/{id}, =/exact or ^~/prefix."),
        "method": ref("method"),
        "function": ref("endpointFunction"),
        "apiId": ignored("Accepted, no effect: fngate routes by path and method (a warning)."),
        "apiName": desc(ref("text"), "The API's name (default the trigger's serviceName)."),
        "responseType": ignored(),
        "authType": enum_or_var(
            ["NONE", "SECRET"],
            "SECRET turns key-pair auth on (as auth: true unless auth names pairs); NONE leaves it off; others are errors.",
            extra_patterns=["^(" + ci("none") + "|" + ci("secret") + ")$"],
        ),
        "app": ignored(),
    },
    required=["path"],
    nullable=False,
    description="One API of the trigger.",
)
endpoint_list = {"description": "The trigger's APIs.", "type": ["array", "null"], "items": ref("endpoint")}
D["apigwService"] = obj(
    {
        "serviceName": desc(ref("text"), "The service's name; names the APIs and derives the default service id."),
        "name": desc(ref("text"), "Same as serviceName."),
        "serviceId": ref("serviceId"),
        "id": desc(ref("serviceId"), "Same as serviceId."),
        "environment": desc(ref("stage"), "The APIs' stage: test, prepub or release (default release)."),
        "protocols": ref("protocols"),
        "netTypes": ignored("Accepted, no effect: fngate serves on the addresses it listens on (a warning)."),
        "description": ignored(),
        "serviceDesc": ignored(),
        "instanceId": ignored(),
        "qualifier": ignored(),
        "endpoints": endpoint_list,
        "apis": desc(endpoint_list, "The trigger's APIs (multi-scf's name for endpoints)."),
    },
    nullable=False,
    description="The API gateway service and its APIs.",
)
D["scfEvent"] = {
    "description": "One trigger: a mapping with exactly one key, its type.",
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {
        "apigw": obj(
            {
                "name": desc(ref("text"), "The service's name (as Tencent's demos write it beside parameters)."),
                "serviceId": ref("serviceId"),
                "parameters": desc(ref("apigwService"), "The service and its endpoints (default one API: ANY /)."),
            },
            required=["parameters"],
            nullable=False,
            description="APIs that call the function.",
        ),
        "timer": ref("timerEvent"),
        **{t: other_trigger for t in OTHER_TRIGGERS},
    },
    "additionalProperties": False,
}
D["scfInputs"] = obj(
    {
        **component_function_keys,
        "name": desc(ref("text"), "The function's name (default ${name}-${stage}-${app})."),
        "src": ref("src"),
        "region": desc(ref("text"), "Region (default ap-guangzhou)."),
        "runtime": desc(ref("runtime"), "The function's runtime (default Nodejs10.15)."),
        "events": {"description": "The function's triggers.", "type": ["array", "null"], "items": ref("scfEvent")},
        "ignoreTriggers": desc(ref("boolean"), "true: leave the triggers out."),
    },
    description="The function.",
)
D["multiFunction"] = obj(
    {
        **component_function_keys,
        "name": desc(ref("text"), "The function's name (default ${name}-${stage}-${app}-<key>)."),
        "src": desc(ref("src"), "The function's code directory, inside inputs.src."),
        "environments": ref("environments"),
        "key": desc(ref("text"), "The function's key, which triggers name (in the list form)."),
        "runtime": desc(ref("runtime"), "The function's runtime (default inputs.runtime)."),
    },
    description="A function.",
)
D["environments"] = {
    "description": "Environment variables as [{key, value}].",
    "type": ["array", "null"],
    "items": obj(
        {"key": desc(ref("text"), "The variable's name."), "value": desc(ref("text"), "The variable's value.")},
        required=["key"],
        nullable=False,
    ),
}
D["multiTrigger"] = {
    "type": "object",
    "description": "A trigger: {type, function, parameters}.",
    "properties": {
        "type": {
            "description": "apigw or timer (cos, cmq, ckafka, cls, mps, clb are accepted and ignored).",
            "anyOf": [{"enum": ["apigw", "timer", *OTHER_TRIGGERS]}, ref("variable")],
        },
        "function": desc(ref("endpointFunction"), "The key (in inputs.functions) of the function the trigger calls."),
        "parameters": {"description": "The trigger's settings."},
    },
    "required": ["type"],
    "additionalProperties": False,
    "allOf": [
        {
            "if": {"required": ["type"], "properties": {"type": {"const": "apigw"}}},
            "then": {
                "required": ["parameters"],
                "properties": {"parameters": ref("apigwService")},
                # Without a trigger-level function each API names its own.
                "if": {"not": {"required": ["function"]}},
                "then": {
                    "properties": {
                        "parameters": {
                            "anyOf": [{"required": ["apis"]}, {"required": ["endpoints"]}],
                            "properties": {
                                "apis": {"items": {"required": ["function"]}},
                                "endpoints": {"items": {"required": ["function"]}},
                            },
                        }
                    }
                },
            },
        },
        {
            "if": {"required": ["type"], "properties": {"type": {"const": "timer"}}},
            "then": {"required": ["function", "parameters"], "properties": {"parameters": ref("timerParameters")}},
        },
    ],
}
D["multiInputs"] = obj(
    {
        **component_function_keys,
        "handler": ignored("Accepted, no effect: set it on each function (a warning)."),
        "description": ignored("Accepted, no effect: set it on each function (a warning)."),
        "type": {"description": "Ignored here: set it on each function."},
        "runtime": desc(ref("runtime"), "Default runtime of every function (default Nodejs12.16)."),
        "timeout": desc(ref("timeout"), "Default timeout of every function, seconds 1–900 (default 3)."),
        "memorySize": desc(ref("memorySize"), "Default memorySize of every function, MB 1–4096 (default 128)."),
        "environment": desc(ref("environment"), "Environment variables of every function."),
        "environments": desc(ref("environments"), "Environment variables of every function, as [{key, value}]."),
        "src": ref("src"),
        "region": desc(ref("text"), "Region (default ap-guangzhou)."),
        "functions": {
            "description": "The functions: a mapping by key, or a list of functions each with `key`.",
            "anyOf": [
                {"type": "object", "additionalProperties": ref("multiFunction")},
                {"type": "array", "items": {"allOf": [ref("multiFunction"), {"type": "object", "required": ["key"]}]}},
            ],
        },
        "triggers": {"description": "The triggers, each naming a function by key.", "type": ["array", "null"], "items": ref("multiTrigger")},
        "ignoreTriggers": desc(ref("boolean"), "true: leave the triggers out."),
    },
    required=["functions"],
    nullable=False,
    description="Defaults of every function, the functions and their triggers.",
)
SCF_COMPONENT = "^scf(@.*)?$"
MULTI_COMPONENT = "^multi-scf(@.*)?$"
component_top = {
    "component": {
        "description": "The component: scf (one function) or multi-scf (several), optionally @version.",
        "anyOf": [
            {"enum": ["scf", "multi-scf"]},
            {"type": "string", "pattern": SCF_COMPONENT},
            {"type": "string", "pattern": MULTI_COMPONENT},
            ref("variable"),
        ],
    },
    "name": {
        "description": "The instance's name (required); the ${name} variable.",
        "anyOf": [{"type": "string", "minLength": 1}, {"type": ["number", "boolean"]}],
    },
    "app": desc(ref("text"), "The app's name (default the instance's name); the ${app} variable."),
    "stage": desc(ref("text"), "The stage (default dev); the ${stage} variable."),
    "org": desc(ref("text"), "The org; the ${org} variable."),
    "fngate": ref("fngate"),
}
D["scf"] = {
    "title": "Serverless Components `component: scf` dialect",
    "type": "object",
    "properties": {**component_top, "inputs": desc(ref("scfInputs"), "The function's settings.")},
    "required": ["component", "name", "inputs"],
    "additionalProperties": False,
}
D["multiScf"] = {
    "title": "Serverless Components `component: multi-scf` dialect",
    "type": "object",
    "properties": {**component_top, "inputs": ref("multiInputs")},
    "required": ["component", "name", "inputs"],
    "additionalProperties": False,
}

schema = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "fngate serverless.yml",
    "description": "An SCF project's serverless.yml as fngate reads it: the v1 Tencent plugin format, or Serverless Components (component: scf / multi-scf).",
    "type": "object",
    # The dialect is taken from the file: a top-level `component:` means Components.
    "if": {"required": ["component"]},
    "then": {
        "if": {"properties": {"component": {"type": "string", "pattern": MULTI_COMPONENT}}},
        "then": ref("multiScf"),
        "else": {
            "if": {"properties": {"component": {"type": "string", "pattern": SCF_COMPONENT}}},
            "then": ref("scf"),
            "else": {
                # A variable may resolve to either; anything else is not supported.
                "anyOf": [ref("scf"), ref("multiScf")],
                "properties": {"component": ref("variable")},
            },
        },
    },
    "else": ref("v1"),
    "definitions": D,
}

out = sys.argv[1]
with open(out, "w") as f:
    json.dump(schema, f, indent=2, ensure_ascii=False)
    f.write("\n")
print("wrote", out)
